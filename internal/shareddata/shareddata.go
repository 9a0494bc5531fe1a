// Package shareddata gives tests and benchmarks the research corpora kept
// beside the project, in ../shared/data from its root (or in $REPRINT_DATA).
// The corpora are never part of the repository, so everything here skips the
// calling test when they are absent.
package shareddata

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Dir returns the folder holding the corpora: $REPRINT_DATA when set, else
// ../shared/data beside the module root.
func Dir() string {
	if d := os.Getenv("REPRINT_DATA"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0) // .../internal/shareddata/shareddata.go
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	return filepath.Join(root, "..", "shared", "data")
}

// Path returns the path of the named corpus, skipping tb when it is absent.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(Dir(), name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("corpus %s absent: %v", name, err)
	}
	return p
}

// Gunzip returns the decompressed contents of the named gzipped corpus as a
// stream, closed when tb ends.
func Gunzip(tb testing.TB, name string) io.Reader {
	tb.Helper()
	f, err := os.Open(Path(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	return z
}

// JSONLTexts returns the text fields of a gzipped JSON-lines corpus.
func JSONLTexts(tb testing.TB, name string) []string {
	tb.Helper()
	var out []string
	sc := bufio.NewScanner(Gunzip(tb, name))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var doc struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			tb.Fatal(err)
		}
		out = append(out, doc.Text)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// Tar calls f with the name and contents of each regular file in the named
// gzipped tar corpus, in archive order, until f returns false.
func Tar(tb testing.TB, name string, f func(name string, data []byte) bool) {
	tb.Helper()
	tr := tar.NewReader(Gunzip(tb, name))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			tb.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		if !f(h.Name, data) {
			return
		}
	}
}

// Untar extracts the regular files of the named gzipped tar corpus whose
// archive names keep accepts into dir, and returns dir.
func Untar(tb testing.TB, name, dir string, keep func(name string) bool) string {
	tb.Helper()
	Tar(tb, name, func(n string, data []byte) bool {
		if !keep(n) {
			return true
		}
		p := filepath.Join(dir, filepath.FromSlash(n))
		if !strings.HasPrefix(p, filepath.Clean(dir)+string(filepath.Separator)) {
			tb.Fatalf("archive entry %q escapes the folder", n)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
		return true
	})
	return dir
}
