// Package testfiles writes small trees of files for tests and checks
// golden files.
package testfiles

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash-separated path relative to dir → contents)
// under dir, making folders as needed, and returns dir.
func Write(tb testing.TB, dir string, files map[string]string) string {
	tb.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// Golden compares got with the golden file at path or, when update is set,
// writes got there (making its folder) instead. regenerate says how to
// rewrite golden files after a deliberate change ("go test -update").
func Golden(tb testing.TB, path string, got []byte, update bool, regenerate string) {
	tb.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run %s to create it)", err, regenerate)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("output differs from %s (run %s after a deliberate change):\n--- got ---\n%s\n--- want ---\n%s", path, regenerate, got, want)
	}
}
