package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

// realData returns the path of a corpus kept beside the project (see
// package shareddata), skipping the test when it is absent or the tests are
// short.
func realData(t testing.TB, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real data skipped in short mode")
	}
	return shareddata.Path(t, name)
}

// untar extracts the regular files of a .tar.gz corpus into dir.
func untar(t *testing.T, archive, dir string) {
	t.Helper()
	shareddata.Untar(t, filepath.Base(archive), dir, func(string) bool { return true })
}

func countWarnings(warnings []string, suffix string) int {
	n := 0
	for _, w := range warnings {
		if strings.HasSuffix(w, suffix) {
			n++
		}
	}
	return n
}

const cp1252Warning = ": not valid UTF-8; decoded as Windows-1252"

func TestRealJSONL(t *testing.T) {
	tests := []struct {
		name  string
		docs  int
		dated int
	}{
		{"reuters21578.jsonl.gz", 19043, 19042},
		{"news-helsinki.jsonl.gz", 612, 612},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := realData(t, tt.name)
			c := read(t, []string{path}, corpus.Options{})
			dated := 0
			for _, d := range c.Documents {
				if d.Dated() {
					dated++
				}
				if d.ID == "" || d.Text == "" || !utf8.ValidString(d.Text) {
					t.Fatalf("document %q: empty or not UTF-8", d.ID)
				}
			}
			if len(c.Documents) != tt.docs || dated != tt.dated || len(c.Skipped)+len(c.Warnings) != 0 {
				t.Errorf("%d documents (%d dated), skipped %v, warnings %q; want %d (%d dated) and nothing else",
					len(c.Documents), dated, c.Skipped, c.Warnings, tt.docs, tt.dated)
			}

			// The file is decompressed as it is read; on standard input it
			// is decompressed whole first. Both must give the same.
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			whole := read(t, []string{"-"}, corpus.Options{Stdin: f})
			if !reflect.DeepEqual(whole.Documents, c.Documents) {
				t.Error("reading the file and reading it on standard input differ")
			}
		})
	}
}

func TestRealFolders(t *testing.T) {
	tests := []struct {
		archive       string
		docs, dated   int
		cp1252        int
		skipped       int
		crlfDocuments int // at least
		titled        int // at least
	}{
		// README.TXT and 2,225 articles; sport/199.txt is not UTF-8.
		{archive: "bbc-news.tar.gz", docs: 2226, cp1252: 1},
		// file_list.csv and corpus-final09.xls are skipped.
		{archive: "clough-stevenson-short-answers.tar.gz", docs: 100, cp1252: 17, skipped: 2, crlfDocuments: 39},
		// Every post but one, which is mangled, has a header block.
		{archive: "mini-newsgroups.tar.gz", docs: 2000, dated: 1999, cp1252: 6, titled: 1999},
	}
	for _, tt := range tests {
		t.Run(tt.archive, func(t *testing.T) {
			archive := realData(t, tt.archive)
			dir := t.TempDir()
			untar(t, archive, dir)
			c := read(t, []string{dir}, corpus.Options{})
			dated, crlf, titled := 0, 0, 0
			for _, d := range c.Documents {
				if d.Dated() {
					dated++
				}
				if strings.Contains(d.Text, "\r\n") {
					crlf++
				}
				if d.Title != "" {
					titled++
				}
				if !utf8.ValidString(d.Text) {
					t.Errorf("%s: text not UTF-8", d.ID)
				}
			}
			if len(c.Documents) != tt.docs || dated != tt.dated {
				t.Errorf("%d documents, %d dated; want %d, %d", len(c.Documents), dated, tt.docs, tt.dated)
			}
			if n := countWarnings(c.Warnings, cp1252Warning); n != tt.cp1252 || n != len(c.Warnings) {
				t.Errorf("warnings %q; want %d, all for Windows-1252", c.Warnings, tt.cp1252)
			}
			if len(c.Skipped) != tt.skipped {
				t.Errorf("skipped %+v; want %d", c.Skipped, tt.skipped)
			}
			if crlf < tt.crlfDocuments || titled < tt.titled {
				t.Errorf("%d documents with CRLF, %d titled; want at least %d, %d", crlf, titled, tt.crlfDocuments, tt.titled)
			}
		})
	}
}

func TestRealSkipBadCancel(t *testing.T) {
	path := realData(t, "reuters21578.jsonl.gz")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := corpus.Read(ctx, []string{path}, corpus.Options{SkipBad: true}); err == nil {
		t.Error("Read with a canceled context succeeded")
	}
}
