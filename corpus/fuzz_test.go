package corpus_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reprint-tool/reprint/corpus"
)

var jsonlSeeds = []string{
	`{"id":"a","text":"t"}`,
	`{"id":"a","text":"t","title":"T","date":"2018-07-15T07:54:28-04:00","source":"s","url":"u","x":[1,2,{"y":null}]}` + "\n" + `{"id":"b","text":"\u00e9\ud83d\ude00"}`,
	`{"id":"a","text":"t"}` + "\n" + `{"id":"a","text":"t"}`,
	"\xef\xbb\xbf{\"id\":\"a\",\"text\":\"\x93t\x94\"}\r\n\r\n",
	`{"id":"a","text":"t","date":"2018-02-30"}`,
	`{"id":7,"text":"t"}`,
	`{"id":"\ud800","text":"\udc00\\"}`,
	`["a"]`,
	`{"id":"a"`,
	"{\"id\":\"a\",\"text\":\"t\"}\n\x00",
	`{"ID":"a","Text":"t","id":null}`,
}

// FuzzReadJSONL reads arbitrary bytes as a .jsonl file: Read must not panic,
// must fail only with an *InputError, and must give documents with non-empty
// unique ids and valid UTF-8 text. With SkipBad it must not fail at all, and
// must account for every line it does not read.
func FuzzReadJSONL(f *testing.F) {
	for _, s := range jsonlSeeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir() // the fuzz function runs one call at a time
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "in.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		strict, err := corpus.Read(context.Background(), []string{path}, corpus.Options{})
		if err != nil {
			var ie *corpus.InputError
			if !errors.As(err, &ie) || ie.Path != path || ie.Line < 1 {
				t.Fatalf("error %v (%T) is not an *InputError naming a line of %s", err, err, path)
			}
		}
		lenient, err := corpus.Read(context.Background(), []string{path}, corpus.Options{SkipBad: true})
		if err != nil {
			t.Fatalf("with SkipBad: %v", err)
		}
		seen := map[string]bool{}
		for _, d := range lenient.Documents {
			if d.ID == "" || seen[d.ID] {
				t.Fatalf("empty or repeated id %q", d.ID)
			}
			seen[d.ID] = true
			for _, s := range []string{d.ID, d.Text, d.Title, d.Source, d.URL} {
				if !utf8.ValidString(s) {
					t.Fatalf("document %q holds invalid UTF-8 %q", d.ID, s)
				}
			}
		}
		for _, s := range lenient.Skipped {
			if s.Path != path || s.Reason == "" {
				t.Fatalf("bad skip %+v", s)
			}
		}
		if strict != nil && (!reflect.DeepEqual(strict.Documents, lenient.Documents) || len(lenient.Skipped) != len(strict.Skipped)) {
			t.Fatalf("SkipBad changed a clean read")
		}

		// Gzipped, the file is decompressed as it is read, with the same
		// outcome.
		gzPath := path + ".gz"
		if err := os.WriteFile(gzPath, []byte(gz(t, string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
		zipped, err := corpus.Read(context.Background(), []string{gzPath}, corpus.Options{SkipBad: true})
		if err != nil {
			t.Fatalf("gzipped, with SkipBad: %v", err)
		}
		if !reflect.DeepEqual(zipped.Documents, lenient.Documents) || len(zipped.Skipped) != len(lenient.Skipped) ||
			len(zipped.Warnings) != len(lenient.Warnings) {
			t.Fatalf("gzipped: %d documents, %d skipped, warnings %q; plain: %d, %d, %q",
				len(zipped.Documents), len(zipped.Skipped), zipped.Warnings,
				len(lenient.Documents), len(lenient.Skipped), lenient.Warnings)
		}
		for i, s := range zipped.Skipped {
			if l := lenient.Skipped[i]; s.Line != l.Line || strings.ReplaceAll(s.Reason, gzPath, path) != l.Reason {
				t.Fatalf("gzipped: skipped %+v; plain %+v", s, l)
			}
		}
	})
}

var headerSeeds = []string{
	"Date: Mon, 5 Apr 1993 19:35:11 GMT\nFrom: a@b\nSubject: s\n\nbody",
	"Title: T\r\n  continued\r\n\r\nbody\r\n",
	"Editor's note: x\n\nbody",
	"Message-ID: <x>\nDate: 5 Apr 93 19:35 EDT(-0400)\n\n",
	"Date: 1993-04-05\n\tmore\nSource: s\n \n",
	"Xref: a\nPath: b\nArticle-I.D.: c\nNewsgroups: d\n\nbody",
	"no header",
	"\n\nTitle: x\n\n",
}

// FuzzHeader checks the header parser of plain-text articles: it must not
// panic; on failure it leaves the text alone; on success the body is a proper
// suffix of the text, the fields are single lines of trimmed text, and the
// date parser copes with whatever Date it found.
func FuzzHeader(f *testing.F) {
	for _, s := range headerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		h, body, ok := corpus.ParseHeader(text)
		if !ok {
			if body != text || h != (corpus.Header{}) {
				t.Fatalf("no header, yet body %q and fields %+v", body, h)
			}
			return
		}
		if len(body) >= len(text) || !strings.HasSuffix(text, body) {
			t.Fatalf("body %q is not a proper suffix of %q", body, text)
		}
		head := text[:len(text)-len(body)]
		if !strings.HasSuffix(head, "\n") {
			t.Fatalf("header block %q does not end a line", head)
		}
		for _, v := range []string{h.Date, h.Source, h.From, h.Title, h.Subject, h.URL} {
			if v != strings.TrimSpace(v) || strings.ContainsAny(v, "\r\n\t") || strings.Contains(v, "  ") {
				t.Fatalf("field %q is not a trimmed single line", v)
			}
			if utf8.ValidString(text) && !utf8.ValidString(v) {
				t.Fatalf("field %q not UTF-8", v)
			}
		}
		if h.Date != "" {
			if d, err := corpus.ParseDate(h.Date); err == nil && d.IsZero() {
				t.Fatalf("ParseDate(%q) gave the zero time", h.Date)
			}
		}
		// Parsing is a function of the text.
		h2, body2, ok2 := corpus.ParseHeader(text)
		if h2 != h || body2 != body || !ok2 {
			t.Fatal("ParseHeader is not deterministic")
		}
	})
}

// FuzzScanArticle checks the fast JSONL decoder against encoding/json: on
// valid UTF-8 it must agree with json.Unmarshal whenever it succeeds, and
// succeed on every ordinary article.
func FuzzScanArticle(f *testing.F) {
	for _, s := range jsonlSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"id":"a","text":"t","id":"b","Title":"x","TITLE":null}`))
	f.Add([]byte(`{"\u0069d":"a","text":"\\u0041 \"q\" \b\f\n\r\t\/"}`))
	f.Add([]byte(`{"id":"a","text":"t","n":[-0.5e+10,0,true,false,null,{}]}`))
	f.Add([]byte(`{"ſource":"long s folds to s","K":"Kelvin sign is not k"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		if !utf8.Valid(line) {
			return // callers decode to UTF-8 first
		}
		got, ok := corpus.ScanArticle(line)
		var want corpus.JSONArticle
		err := json.Unmarshal(line, &want)
		if !ok {
			deep := strings.Count(string(line), "[")+strings.Count(string(line), "{") > 100
			if err == nil && !deep && strings.HasPrefix(strings.TrimLeft(string(line), " \t\r\n"), "{") {
				// Not wrong, only slow; but an ordinary article should
				// take the fast path.
				var m map[string]any
				if json.Unmarshal(line, &m) == nil && allStringsOrNull(m) {
					t.Fatalf("fast path gave up on %q", line)
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("fast path accepted %q, which json.Unmarshal rejects: %v", line, err)
		}
		if !sameArticle(got, want) {
			t.Fatalf("fast path %s, json.Unmarshal %s, for %q", show(got), show(want), line)
		}
	})
}

// allStringsOrNull tells whether the known fields of m are strings or null.
func allStringsOrNull(m map[string]any) bool {
	for k, v := range m {
		switch strings.ToLower(k) {
		case "id", "text", "title", "date", "source", "url":
			if _, ok := v.(string); !ok && v != nil {
				return false
			}
		}
	}
	return true
}

func sameArticle(a, b corpus.JSONArticle) bool {
	eq := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.ID, b.ID) && eq(a.Text, b.Text) && a.Title == b.Title && a.Date == b.Date && a.Source == b.Source && a.URL == b.URL
}

func show(a corpus.JSONArticle) string {
	s := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return "\"" + *p + "\""
	}
	return "{id " + s(a.ID) + " text " + s(a.Text) + " title " + a.Title + " date " + a.Date + " source " + a.Source + " url " + a.URL + "}"
}
