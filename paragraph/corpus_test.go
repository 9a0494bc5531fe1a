package paragraph_test

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/paragraph"
)

// The corpora are research data kept outside the repository, in
// ../shared/data from the project root or $REPRINT_DATA; tests that read
// them skip when they are absent, and in -short mode.

func dataFile(tb testing.TB, name string) *os.File {
	tb.Helper()
	if testing.Short() {
		tb.Skip("corpus tests skipped in -short mode")
	}
	dir := os.Getenv("REPRINT_DATA")
	if dir == "" {
		dir = "../../shared/data"
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		tb.Skip("corpus absent:", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// jsonlTexts returns the text fields of a gzipped JSON-lines corpus.
func jsonlTexts(tb testing.TB, name string) []string {
	tb.Helper()
	z, err := gzip.NewReader(dataFile(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(z)
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

// tarTexts calls f with the name and text of each regular file in a
// gzipped tar archive whose name has the prefix and suffix.
func tarTexts(tb testing.TB, name, prefix, suffix string, f func(name, text string)) {
	tb.Helper()
	z, err := gzip.NewReader(dataFile(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(z)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			tb.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || !strings.Contains(h.Name, prefix) || !strings.HasSuffix(h.Name, suffix) {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		f(h.Name, string(b))
	}
}

// TestReuters checks that in Reuters-21578, hard-wrapped with indented
// paragraphs, the paragraphs are the indented runs of lines: as many as the
// indented lines, plus the unindented first one.
func TestReuters(t *testing.T) {
	docs := jsonlTexts(t, "reuters21578.jsonl.gz")
	agree := 0
	for _, text := range docs {
		spans := paragraph.Split(text)
		checkSpans(t, text, spans)
		want := 0
		for i, l := range strings.Split(strings.TrimSpace(text), "\n") {
			if strings.TrimSpace(l) != "" && (i == 0 || l[0] == ' ' || l[0] == '\t') {
				want++
			}
		}
		if len(spans) == want {
			agree++
		}
	}
	// The rest are tables and stories wrapped in odd ways.
	if agree < len(docs)*99/100 {
		t.Errorf("%d of %d stories split at their indents", agree, len(docs))
	}
	t.Logf("%d of %d stories split at their indents", agree, len(docs))
}

// TestBBC checks that in BBC News, paragraphs between blank lines, every
// paragraph is a line.
func TestBBC(t *testing.T) {
	n, joined := 0, 0
	tarTexts(t, "bbc-news.tar.gz", "", ".txt", func(name, text string) {
		spans := paragraph.Split(text)
		checkSpans(t, text, spans)
		for _, p := range texts(text, spans) {
			n++
			if strings.ContainsAny(p, "\r\n") {
				joined++
				t.Errorf("%s: lines joined: %q", name, p)
			}
		}
	})
	t.Logf("%d paragraphs, %d of several lines", n, joined)
}

// TestPAN checks that the PAN source documents, a paragraph a line, are cut
// at every line but in a few hard-wrapped documents.
func TestPAN(t *testing.T) {
	docs, joined := 0, 0
	tarTexts(t, "pan13-text-alignment-train.tar.gz", "/src/", ".txt", func(name, text string) {
		docs++
		spans := paragraph.Split(text)
		checkSpans(t, text, spans)
		for _, p := range texts(text, spans) {
			if strings.ContainsAny(p, "\r\n") {
				joined++
				break
			}
		}
	})
	if joined > docs/100 {
		t.Errorf("%d of %d documents have lines joined", joined, docs)
	}
	t.Logf("%d of %d documents have lines joined", joined, docs)
}

// TestUsenet checks the invariants on Usenet posts, and that their bodies,
// hard-wrapped, come out mostly as paragraphs of several lines.
func TestUsenet(t *testing.T) {
	posts, joined := 0, 0
	tarTexts(t, "mini-newsgroups.tar.gz", "", "", func(name, text string) {
		posts++
		spans := paragraph.Split(text)
		checkSpans(t, text, spans)
		for _, p := range texts(text, spans) {
			if strings.Contains(p, "\n") {
				joined++
				break
			}
		}
	})
	if joined < posts*3/4 {
		t.Errorf("%d of %d posts have wrapped paragraphs", joined, posts)
	}
	t.Logf("%d of %d posts have wrapped paragraphs", joined, posts)
}
