package paragraph_test

import (
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/internal/shareddata"
	"github.com/reprint-tool/reprint/paragraph"
)

// The corpora are research data kept outside the repository (see package
// shareddata); tests that read them skip when they are absent, and in -short
// mode.

func skipShort(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("corpus tests skipped in -short mode")
	}
}

// jsonlTexts returns the text fields of a gzipped JSON-lines corpus.
func jsonlTexts(tb testing.TB, name string) []string {
	tb.Helper()
	skipShort(tb)
	return shareddata.JSONLTexts(tb, name)
}

// tarTexts calls f with the name and text of each regular file in a
// gzipped tar archive whose name contains prefix and ends with suffix.
func tarTexts(tb testing.TB, name, prefix, suffix string, f func(name, text string)) {
	tb.Helper()
	skipShort(tb)
	shareddata.Tar(tb, name, func(n string, data []byte) bool {
		if strings.Contains(n, prefix) && strings.HasSuffix(n, suffix) {
			f(n, string(data))
		}
		return true
	})
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
