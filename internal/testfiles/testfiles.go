// Package testfiles writes small trees of files for tests.
package testfiles

import (
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
