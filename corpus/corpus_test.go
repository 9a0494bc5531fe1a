package corpus_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/internal/testfiles"
)

// writeFiles writes files (path relative to dir → contents) under dir and
// returns dir.
func writeFiles(t *testing.T, dir string, files map[string]string) string {
	return testfiles.Write(t, dir, files)
}

func gz(t testing.TB, s string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func read(t *testing.T, paths []string, opt corpus.Options) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Read(context.Background(), paths, opt)
	if err != nil {
		t.Fatalf("Read(%q): %v", paths, err)
	}
	return c
}

func ids(docs []reprint.Document) []string {
	out := []string{}
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sameDoc compares documents, dates by instant.
func sameDoc(got, want reprint.Document) bool {
	if !got.Date.Equal(want.Date) {
		return false
	}
	got.Date, want.Date = time.Time{}, time.Time{}
	return got == want
}

// wantInputError checks that err is an *InputError naming path and line,
// and that its message holds each of msgs.
func wantInputError(t *testing.T, err error, path string, line int, msgs ...string) *corpus.InputError {
	t.Helper()
	var ie *corpus.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	if ie.Path != path || ie.Line != line {
		t.Errorf("InputError at %s:%d, want %s:%d (%v)", ie.Path, ie.Line, path, line, err)
	}
	for _, m := range msgs {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("error %q does not say %q", err, m)
		}
	}
	return ie
}

func TestReadPlainFile(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"sub/story one.txt": "First paragraph.\n\nSecond paragraph.\n",
	})
	c := read(t, []string{filepath.Join(dir, "sub", "story one.txt")}, corpus.Options{})
	want := []reprint.Document{{ID: "story one.txt", Text: "First paragraph.\n\nSecond paragraph.\n"}}
	if !reflect.DeepEqual(c.Documents, want) {
		t.Errorf("Documents = %+v, want %+v", c.Documents, want)
	}
	if len(c.Skipped) != 0 || len(c.Warnings) != 0 {
		t.Errorf("Skipped %v, Warnings %v; want none", c.Skipped, c.Warnings)
	}
}

func TestReadSeeds(t *testing.T) {
	const seeds = "../testdata/seeds"
	entries, err := os.ReadDir(seeds)
	if err != nil {
		t.Skip(err)
	}
	c := read(t, []string{seeds}, corpus.Options{})
	if len(c.Documents) != len(entries) {
		t.Fatalf("read %d documents, want %d", len(c.Documents), len(entries))
	}
	for i, e := range entries {
		d := c.Documents[i]
		data, err := os.ReadFile(filepath.Join(seeds, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if d.ID != e.Name() || d.Text != string(data) || d.Dated() || d.Title != "" {
			t.Errorf("document %d = %q (title %q, date %v), want id %q and the file as text", i, d.ID, d.Title, d.Date, e.Name())
		}
	}
}

func TestFolderWalk(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"b.txt":              "b",
		"a.md":               "a",
		"c":                  "c",
		"d.xml":              "<d/>",
		"e.CSV":              "e,e",
		"f.text":             "f",
		"g.jsonl":            `{"id":"g1","text":"g one"}` + "\n" + `{"id":"g2","text":"g two"}` + "\n",
		"h.txt.gz":           gz(t, "h"),
		"i.ndjson.gz":        gz(t, `{"id":"i1","text":"i"}`),
		"j.tar.gz":           gz(t, "not read"),
		"k.TXT":              "k",
		"sub/z.txt":          "z",
		"sub/deeper/y.txt":   "y",
		"sub/.hidden.txt":    "hidden",
		".hidden.txt":        "hidden",
		".git/config":        "hidden",
		".hiddendir/x.txt":   "hidden",
		"sub/.hid/x.jsonl":   `{"id":"hidden","text":"x"}`,
		"space name/w.txt":   "w",
		"10.txt":             "ten",
		"9.txt":              "nine",
		"sub/deeper/u.jsonl": `{"id":"u","text":"u"}`,
	})
	c := read(t, []string{dir}, corpus.Options{})
	want := []string{"10.txt", "9.txt", "a.md", "b.txt", "c", "f.text", "g1", "g2", "h.txt.gz", "i1", "k.TXT",
		"space name/w.txt", "u", "sub/deeper/y.txt", "sub/z.txt"}
	if got := ids(c.Documents); !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %q\nwant %q", got, want)
	}
	texts := map[string]string{"h.txt.gz": "h", "i1": "i", "g2": "g two", "sub/z.txt": "z"}
	for _, d := range c.Documents {
		if w, ok := texts[d.ID]; ok && d.Text != w {
			t.Errorf("%s: text %q, want %q", d.ID, d.Text, w)
		}
	}
	wantSkip := []reprint.Skip{
		{Path: filepath.Join(dir, "d.xml"), Reason: "unsupported file type .xml"},
		{Path: filepath.Join(dir, "e.CSV"), Reason: "unsupported file type .csv"},
		{Path: filepath.Join(dir, "j.tar.gz"), Reason: "unsupported file type .tar.gz"},
	}
	if !reflect.DeepEqual(c.Skipped, wantSkip) {
		t.Errorf("Skipped = %+v\nwant %+v", c.Skipped, wantSkip)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %q", c.Warnings)
	}
}

func TestArgumentOrderAndIDs(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"one/x.txt":       "x",
		"one/sub/y.txt":   "y",
		"two/notes.xml":   "<xml>read as text</xml>",
		"three.jsonl":     `{"id":"t","text":"t"}`,
		".hidden/h.txt":   "h",
		"four/.h/skip.md": "skipped",
		"four/ok.md":      "ok",
	})
	c := read(t, []string{
		filepath.Join(dir, "three.jsonl"),
		filepath.Join(dir, "one"),
		filepath.Join(dir, "two", "notes.xml"), // named: read whatever its type
		filepath.Join(dir, ".hidden"),          // named: read although hidden
		filepath.Join(dir, "four") + string(filepath.Separator),
	}, corpus.Options{})
	want := []string{"t", "sub/y.txt", "x.txt", "notes.xml", "h.txt", "ok.md"}
	if got := ids(c.Documents); !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
	if c.Documents[3].Text != "<xml>read as text</xml>" {
		t.Errorf("notes.xml text = %q", c.Documents[3].Text)
	}
}

func TestSymlinks(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"real/a.txt": "a",
		"other/b.md": "b",
	})
	links := map[string]string{
		"real/link.txt": "a.txt",
		"real/dirlink":  "../other",
		"rootlink":      "real",
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links: %v", err)
		}
	}
	c := read(t, []string{filepath.Join(dir, "rootlink")}, corpus.Options{})
	if got, want := ids(c.Documents), []string{"a.txt", "link.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
	want := []reprint.Skip{{Path: filepath.Join(dir, "rootlink", "dirlink"), Reason: "symbolic link to a folder; not followed"}}
	if !reflect.DeepEqual(c.Skipped, want) {
		t.Errorf("Skipped = %+v, want %+v", c.Skipped, want)
	}
}

func TestJSONL(t *testing.T) {
	long := strings.Repeat("word ", 2<<20) // a 10 MB line
	lines := []string{
		`{"id":"a","text":"Alpha\nbeta","title":"A","date":"2018-07-15T07:54:28-04:00","source":"AP","url":"https://x/a","extra":[1,{"k":null}],"n":-1.5e3}`,
		``,
		`   `,
		`{"text":"\u201cquoted\u201d \ud83d\ude00 caf\u00e9 \\ \/","id":"b","date":"2018-07-15"}`,
		"\t{\"id\":\"c\",\"text\":\"\",\"title\":null,\"date\":null}\r",
		`{"ID":"d","Text":"case-insensitive keys, as encoding/json"}`,
		`{"id":"long","text":"` + long + `"}`,
		`{"id":"e","text":"x","date":"2018-07-15T07:54:28.123Z"}`,
	}
	dir := writeFiles(t, t.TempDir(), map[string]string{"in.jsonl": strings.Join(lines, "\n")})
	c := read(t, []string{filepath.Join(dir, "in.jsonl")}, corpus.Options{})
	want := []reprint.Document{
		{ID: "a", Text: "Alpha\nbeta", Title: "A", Source: "AP", URL: "https://x/a", Date: date("2018-07-15T11:54:28Z")},
		{ID: "b", Text: "“quoted” 😀 café \\ /", Date: date("2018-07-15T00:00:00Z")},
		{ID: "c"},
		{ID: "d", Text: "case-insensitive keys, as encoding/json"},
		{ID: "long", Text: long},
		{ID: "e", Text: "x", Date: date("2018-07-15T07:54:28.123Z")},
	}
	if len(c.Documents) != len(want) {
		t.Fatalf("read %d documents (%q), want %d", len(c.Documents), ids(c.Documents), len(want))
	}
	for i := range want {
		if !sameDoc(c.Documents[i], want[i]) {
			t.Errorf("document %d = %+.200v\nwant %+.200v", i, c.Documents[i], want[i])
		}
	}
	if _, off := c.Documents[0].Date.Zone(); off != -4*3600 {
		t.Errorf("zone offset %d, want the -04:00 of the input", off)
	}
}

func TestJSONLErrors(t *testing.T) {
	good := `{"id":"ok","text":"fine"}`
	tests := []struct {
		name, line, msg string
	}{
		{"malformed", `{"id":"x","text":"y"`, "malformed JSON"},
		{"trailing garbage", `{"id":"x","text":"y"} z`, "malformed JSON"},
		{"two objects", `{"id":"x","text":"y"}{"id":"z","text":"y"}`, "malformed JSON"},
		{"bad escape", `{"id":"x","text":"\q"}`, "malformed JSON"},
		{"raw control character", "{\"id\":\"x\",\"text\":\"a\tb\"}", "malformed JSON"},
		{"not an object", `["x","y"]`, "not a JSON object"},
		{"a string", `"x"`, "not a JSON object"},
		{"missing id", `{"text":"y"}`, `missing field "id"`},
		{"null id", `{"id":null,"text":"y"}`, `missing field "id"`},
		{"number id", `{"id":7,"text":"y"}`, `field "id": want a string, got number`},
		{"empty id", `{"id":"","text":"y"}`, `empty "id"`},
		{"missing text", `{"id":"x"}`, `missing field "text"`},
		{"object text", `{"id":"x","text":{"a":1}}`, `field "text": want a string, got object`},
		{"number title", `{"id":"x","text":"y","title":1}`, `field "title": want a string, got number`},
		{"bad date", `{"id":"x","text":"y","date":"15/07/2018"}`, `bad "date" "15/07/2018"`},
		{"date without zone", `{"id":"x","text":"y","date":"2018-07-15T10:00:00"}`, `bad "date"`},
		{"impossible date", `{"id":"x","text":"y","date":"2018-02-30"}`, `bad "date"`},
		{"duplicate id", `{"id":"ok","text":"again"}`, `duplicate id "ok" (first seen at `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), map[string]string{"f.jsonl": good + "\n\n" + tt.line + "\n" + `{"id":"after","text":"z"}`})
			path := filepath.Join(dir, "f.jsonl")
			_, err := corpus.Read(context.Background(), []string{path}, corpus.Options{})
			wantInputError(t, err, path, 3, path+":3: "+tt.msg)

			// With SkipBad the line is skipped, for the same reason.
			c := read(t, []string{path}, corpus.Options{SkipBad: true})
			if got := ids(c.Documents); !reflect.DeepEqual(got, []string{"ok", "after"}) {
				t.Errorf("SkipBad: ids = %q", got)
			}
			if len(c.Skipped) != 1 || c.Skipped[0].Path != path || c.Skipped[0].Line != 3 ||
				!strings.HasPrefix(c.Skipped[0].Reason, tt.msg) {
				t.Errorf("SkipBad: Skipped = %+v, want line 3 for %q", c.Skipped, tt.msg)
			}
		})
	}
}

func TestDuplicateID(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"a/story.txt": "one",
		"b/story.txt": "two",
		"c.jsonl":     `{"id":"x","text":"x"}` + "\n" + `{"id":"story.txt","text":"three"}`,
	})
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b", "story.txt"), filepath.Join(dir, "c.jsonl")

	_, err := corpus.Read(context.Background(), []string{a, b}, corpus.Options{})
	wantInputError(t, err, b, 0, `duplicate id "story.txt" (first seen at `+filepath.Join(a, "story.txt")+")")

	_, err = corpus.Read(context.Background(), []string{a, c}, corpus.Options{})
	wantInputError(t, err, c, 2, c+`:2: duplicate id "story.txt"`)

	_, err = corpus.Read(context.Background(), []string{c, b}, corpus.Options{})
	wantInputError(t, err, b, 0, "(first seen at "+c+":2)")

	got := read(t, []string{a, b, c}, corpus.Options{SkipBad: true})
	if ids := ids(got.Documents); !reflect.DeepEqual(ids, []string{"story.txt", "x"}) || got.Documents[0].Text != "one" {
		t.Errorf("SkipBad kept %q, want the first story.txt and x", ids)
	}
	if len(got.Skipped) != 2 || got.Skipped[0].Path != b || got.Skipped[1].Path != c || got.Skipped[1].Line != 2 {
		t.Errorf("Skipped = %+v", got.Skipped)
	}
}

func TestMissingAndUnreadable(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"ok.txt": "ok", "folder/ok.txt": "ok"})
	missing := filepath.Join(dir, "missing.txt")
	_, err := corpus.Read(context.Background(), []string{missing}, corpus.Options{})
	wantInputError(t, err, missing, 0, missing+": ")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v is not fs.ErrNotExist", err)
	}

	// A dangling symbolic link in a folder cannot be read.
	dangling := filepath.Join(dir, "folder", "dangling.txt")
	if err := os.Symlink("nowhere.txt", dangling); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	_, err = corpus.Read(context.Background(), []string{filepath.Join(dir, "folder")}, corpus.Options{})
	wantInputError(t, err, dangling, 0)

	if os.Geteuid() != 0 { // root reads anything
		locked := filepath.Join(dir, "locked.txt")
		if err := os.WriteFile(locked, []byte("secret"), 0o000); err != nil {
			t.Fatal(err)
		}
		_, err = corpus.Read(context.Background(), []string{locked}, corpus.Options{})
		wantInputError(t, err, locked, 0, "permission denied")
	}
}

func TestNULSkipped(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"a.txt":   "text",
		"b.txt":   "bin\x00ary",
		"c.jsonl": `{"id":"c","text":"c"}` + "\n\x00",
		"d.txt":   "more text",
	})
	c := read(t, []string{dir}, corpus.Options{})
	if got := ids(c.Documents); !reflect.DeepEqual(got, []string{"a.txt", "d.txt"}) {
		t.Errorf("ids = %q", got)
	}
	want := []reprint.Skip{
		{Path: filepath.Join(dir, "b.txt"), Reason: "contains NUL bytes (binary file?)"},
		{Path: filepath.Join(dir, "c.jsonl"), Reason: "contains NUL bytes (binary file?)"},
	}
	if !reflect.DeepEqual(c.Skipped, want) {
		t.Errorf("Skipped = %+v, want %+v", c.Skipped, want)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %q, want none (the Skipped entries say it)", c.Warnings)
	}
}

func TestEncodings(t *testing.T) {
	tests := []struct {
		name, content string
		want          reprint.Document
		warn          string // suffix after the path; "" for none
	}{
		{"cp1252.txt", "\x93Quoted\x94 caf\xe9 \x96 \x80 5\x85", reprint.Document{ID: "cp1252.txt", Text: "“Quoted” café – € 5…"},
			": not valid UTF-8; decoded as Windows-1252"},
		{"utf8.txt", "“Quoted” café", reprint.Document{ID: "utf8.txt", Text: "“Quoted” café"}, ""},
		{"bom.txt", "\xef\xbb\xbfWith a BOM\xef\xbb\xbf", reprint.Document{ID: "bom.txt", Text: "With a BOM\ufeff"}, ""},
		{"bom-cp1252.txt", "\xef\xbb\xbfBOM then \x93cp1252\x94", reprint.Document{ID: "bom-cp1252.txt", Text: "BOM then “cp1252”"},
			": not valid UTF-8; decoded as Windows-1252"},
		{"crlf.txt", "Line one\r\nline two\r\n\r\nPara two\r\n", reprint.Document{ID: "crlf.txt", Text: "Line one\r\nline two\r\n\r\nPara two\r\n"}, ""},
		{"cp1252.jsonl", "{\"id\":\"j\",\"text\":\"\x93Hi\x94\",\"title\":\"na\xefve\"}", reprint.Document{ID: "j", Text: "“Hi”", Title: "naïve"},
			":1: not valid UTF-8; decoded as Windows-1252"},
		{"bom.jsonl", "\xef\xbb\xbf{\"id\":\"k\",\"text\":\"t\"}\r\n", reprint.Document{ID: "k", Text: "t"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), map[string]string{tt.name: tt.content})
			path := filepath.Join(dir, tt.name)
			c := read(t, []string{path}, corpus.Options{})
			if len(c.Documents) != 1 || !sameDoc(c.Documents[0], tt.want) {
				t.Errorf("Documents = %+v, want %+v", c.Documents, tt.want)
			}
			var want []string
			if tt.warn != "" {
				want = []string{path + tt.warn}
			}
			if !reflect.DeepEqual(c.Warnings, want) {
				t.Errorf("Warnings = %q, want %q", c.Warnings, want)
			}
		})
	}
}

func TestJSONLManyBadLinesOneWarning(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"f.jsonl": "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"\x93b\x94\"}\n{\"id\":\"c\",\"text\":\"\xe9\"}\n",
	})
	path := filepath.Join(dir, "f.jsonl")
	c := read(t, []string{path}, corpus.Options{})
	want := []string{path + ": 2 lines not valid UTF-8 (the first is line 2); decoded as Windows-1252"}
	if !reflect.DeepEqual(c.Warnings, want) {
		t.Errorf("Warnings = %q, want %q", c.Warnings, want)
	}
	if len(c.Documents) != 3 || c.Documents[0].Text != "ok" || c.Documents[1].Text != "“b”" || c.Documents[2].Text != "é" {
		t.Errorf("Documents = %+v", c.Documents)
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name, content string
		want          reprint.Document // ID is the test's file name
		warn          string
	}{
		{"usenet", "Xref: cantaloupe.srv.cs.cmu.edu sci.space:61293\n" +
			"Path: a!b!c\n" +
			"From: bob@example.edu (Bob Smith)\n" +
			"Newsgroups: sci.space\n" +
			"Subject: Re: Shuttle\n" +
			"  launch delayed\n" +
			"Message-ID: <1993Apr5.193511@example.edu>\n" +
			"Article-I.D.: example.1993Apr5\n" +
			"Nntp-Posting-Host-[nntpd-8755]: x\n" +
			"Date: Mon, 5 Apr 1993 19:35:11 GMT\n" +
			"Lines: 2\n\n" +
			"In article <x>, joe writes:\n> quoted\n",
			reprint.Document{Title: "Re: Shuttle launch delayed", Source: "bob@example.edu (Bob Smith)",
				Date: date("1993-04-05T19:35:11Z"), Text: "In article <x>, joe writes:\n> quoted\n"}, ""},
		{"crlf", "Date: 2020-03-01\r\nFrom: Ann\r\nSubject: Hello\r\n\r\nBody line\r\n\r\nMore\r\n",
			reprint.Document{Title: "Hello", Source: "Ann", Date: date("2020-03-01T00:00:00Z"), Text: "Body line\r\n\r\nMore\r\n"}, ""},
		{"source and title win", "subject: S\nTITLE: T\nfrom: F\nSource: Agence\nurl: https://x/y\ndate: 2020-03-01T10:00:00+01:00\n\nBody",
			reprint.Document{Title: "T", Source: "Agence", URL: "https://x/y", Date: date("2020-03-01T09:00:00Z"), Text: "Body"}, ""},
		{"first of repeated keys", "Title: One\nTitle: Two\n\nBody",
			reprint.Document{Title: "One", Text: "Body"}, ""},
		{"tab continuation", "Title: A long\n\ttitle  here\nDate: 1 May 1993 10:00 EDT\n\nBody",
			reprint.Document{Title: "A long title here", Date: date("1993-05-01T14:00:00Z"), Text: "Body"}, ""},
		{"unparsable date", "Title: T\nDate: next Tuesday\n\nBody",
			reprint.Document{Title: "T", Text: "Body"}, `: cannot read Date header "next Tuesday"; article undated`},
		{"editors note", "Editor's note: this story was updated.\n\nBody",
			reprint.Document{Text: "Editor's note: this story was updated.\n\nBody"}, ""},
		{"note with known key", "Editor's note: updated\nDate: 2020-01-01\n\nBody",
			reprint.Document{Text: "Editor's note: updated\nDate: 2020-01-01\n\nBody"}, ""},
		{"no known key", "UPDATE: Police said\nLONDON: Today\n\nBody",
			reprint.Document{Text: "UPDATE: Police said\nLONDON: Today\n\nBody"}, ""},
		{"prose line in block", "Title: T\nThis is prose.\n\nBody",
			reprint.Document{Text: "Title: T\nThis is prose.\n\nBody"}, ""},
		{"space before colon", "Title : T\n\nBody",
			reprint.Document{Text: "Title : T\n\nBody"}, ""},
		{"no blank line", "Title: Only a header",
			reprint.Document{Text: "Title: Only a header"}, ""},
		{"leading blank line", "\nTitle: T\n\nBody",
			reprint.Document{Text: "\nTitle: T\n\nBody"}, ""},
		{"leading continuation", " Title: T\n\nBody",
			reprint.Document{Text: " Title: T\n\nBody"}, ""},
		{"message-id only", "Message-ID: <a@b>\n\nBody",
			reprint.Document{Text: "Body"}, ""},
		{"empty body", "Title: T\n\n",
			reprint.Document{Title: "T", Text: ""}, ""},
		{"cp1252 header", "Title: Caf\xe9 \x93news\x94\n\nBody \x96 text",
			reprint.Document{Title: "Café “news”", Text: "Body – text"}, ": not valid UTF-8; decoded as Windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), map[string]string{tt.name: tt.content})
			path := filepath.Join(dir, tt.name)
			c := read(t, []string{path}, corpus.Options{})
			want := tt.want
			want.ID = tt.name
			if len(c.Documents) != 1 || !sameDoc(c.Documents[0], want) {
				t.Errorf("Documents = %+v\nwant %+v", c.Documents, want)
			}
			var wantWarn []string
			if tt.warn != "" {
				wantWarn = []string{path + tt.warn}
			}
			if !reflect.DeepEqual(c.Warnings, wantWarn) {
				t.Errorf("Warnings = %q, want %q", c.Warnings, wantWarn)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2020-03-01", "2020-03-01T00:00:00Z"},
		{"2020-03-01T10:20:30+02:00", "2020-03-01T08:20:30Z"},
		{"2020-03-01 10:20:30", "2020-03-01T10:20:30Z"},
		{"Mon, 5 Apr 1993 19:35:11 GMT", "1993-04-05T19:35:11Z"},
		{"Mon, 05 Apr 1993 19:35:11 +0000", "1993-04-05T19:35:11Z"},
		{"5 Apr 93 19:35:11 GMT", "1993-04-05T19:35:11Z"},
		{"17 Apr 93 17:33:47 -0400", "1993-04-17T21:33:47Z"},
		{"Fri, 16 Apr 1993 12:00:00 EDT", "1993-04-16T16:00:00Z"},
		{"Fri, 16 Apr 1993 12:00:00  PST", "1993-04-16T20:00:00Z"},
		{"Saturday, 17 Apr 1993 12:00:00 EDT", "1993-04-17T16:00:00Z"},
		{"Sun, 18 Apr 93 12:00:00 EDT(-0400)", "1993-04-18T16:00:00Z"},
		{"Tue, 20 Apr 1993 12:00:00 -0400 (EDT)", "1993-04-20T16:00:00Z"},
		{"21 Apr 1993 12:00 CST", "1993-04-21T18:00:00Z"},
		{" 9 Apr 1993 12:00 EST  ", "1993-04-09T17:00:00Z"},
		{"22 Apr 93 12:00:00", "1993-04-22T12:00:00Z"},
		{"1 May 93 12:00:00 NZST", "1993-05-01T00:00:00Z"},
		{"1 May 93 12:00:00 XYZ", "1993-05-01T12:00:00Z"}, // unknown zone: UTC
		{"Mon Apr  5 19:35:11 1993", "1993-04-05T19:35:11Z"},
		{"April 5, 1993 7:35 PM", "1993-04-05T19:35:00Z"},
		{"5 Apr 2015 19:35:11 +0530", "2015-04-05T14:05:11Z"},
		{"5 Apr 05 19:35:11 GMT", "2005-04-05T19:35:11Z"},
		{"Mon, 2 Jan 2006 15:04:05 -0700", "2006-01-02T22:04:05Z"},
	}
	for _, tt := range tests {
		got, err := corpus.ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if want := date(tt.want); !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, want)
		}
	}
	for _, in := range []string{"", "next Tuesday", "31 Apr 1993 10:00 GMT", "5 Foo 1993", "5 Apr 1993 25:00",
		"Apr 1993", "1993-13-01", "12:00 5 Apr 1993 5"} {
		if got, err := corpus.ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseDateIgnoresLocalZone(t *testing.T) {
	got, err := corpus.ParseDate("Fri, 16 Apr 1993 12:00:00 -0400")
	if err != nil {
		t.Fatal(err)
	}
	if got.Location() == time.Local && time.Local != time.UTC {
		t.Errorf("date in the local zone %v; want a fixed zone", got.Location())
	}
	if _, off := got.Zone(); off != -4*3600 {
		t.Errorf("offset %d, want -4h", off)
	}
}

func TestGzip(t *testing.T) {
	full := gz(t, `{"id":"a","text":"alpha"}`+"\n")
	var multi bytes.Buffer // two gzip members in one file
	multi.WriteString(gz(t, `{"id":"m1","text":"one"}`+"\n"))
	multi.WriteString(gz(t, `{"id":"m2","text":"two"}`+"\n"))
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"a.jsonl.gz":     full,
		"b.txt.gz":       gz(t, "Title: Bee\n\nbody \x93b\x94"),
		"c.gz":           gz(t, "no extension inside"),
		"m.jsonl.gz":     multi.String(),
		"plain.txt.gz":   "not gzip at all",
		"trunc.jsonl.gz": full[:len(full)-10],
		"empty.txt.gz":   "",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	c := read(t, []string{p("a.jsonl.gz"), p("b.txt.gz"), p("c.gz"), p("m.jsonl.gz")}, corpus.Options{})
	want := []reprint.Document{
		{ID: "a", Text: "alpha"},
		{ID: "b.txt.gz", Title: "Bee", Text: "body “b”"},
		{ID: "c.gz", Text: "no extension inside"},
		{ID: "m1", Text: "one"},
		{ID: "m2", Text: "two"},
	}
	if !reflect.DeepEqual(c.Documents, want) {
		t.Errorf("Documents = %+v\nwant %+v", c.Documents, want)
	}
	if want := []string{p("b.txt.gz") + ": not valid UTF-8; decoded as Windows-1252"}; !reflect.DeepEqual(c.Warnings, want) {
		t.Errorf("Warnings = %q, want %q", c.Warnings, want)
	}
	for _, name := range []string{"plain.txt.gz", "trunc.jsonl.gz", "empty.txt.gz"} {
		_, err := corpus.Read(context.Background(), []string{p(name)}, corpus.Options{})
		wantInputError(t, err, p(name), 0, p(name)+": decompress: ")
	}
}

func TestSkipBad(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"in/a.txt":         "a",
		"in/b.jsonl":       `{"id":"b1","text":"b"}` + "\n" + `{"id":` + "\n" + `{"id":"a.txt","text":"dup"}` + "\n" + `{"id":"b2","text":"b"}`,
		"in/c.txt.gz":      "corrupt",
		"in/d.xml":         "<d/>",
		"in/e.txt":         "e\x00",
		"in/f.txt":         "f",
		"in/g.jsonl":       `{"id":"g","text":"g","date":"yesterday"}`,
		"later/a.txt":      "duplicate file",
		"later/z.md":       "z",
		"later/y.jsonl.gz": gz(t, `{"id":"y","text":"y"}`)[:20],
	})
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	paths := []string{p("in"), p("missing.txt"), p("later")}
	if err := os.Symlink("nowhere", p("in/dangling.txt")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}

	_, err := corpus.Read(context.Background(), paths, corpus.Options{})
	wantInputError(t, err, p("in/b.jsonl"), 2, "malformed JSON")

	c := read(t, paths, corpus.Options{SkipBad: true})
	if got, want := ids(c.Documents), []string{"a.txt", "b1", "b2", "f.txt", "z.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
	want := []reprint.Skip{
		{Path: p("in/b.jsonl"), Line: 2, Reason: "malformed JSON"},
		{Path: p("in/b.jsonl"), Line: 3, Reason: `duplicate id "a.txt" (first seen at ` + p("in/a.txt") + ")"},
		{Path: p("in/c.txt.gz"), Reason: "decompress: "},
		{Path: p("in/d.xml"), Reason: "unsupported file type .xml"},
		{Path: p("in/dangling.txt"), Reason: "no such file or directory"},
		{Path: p("in/e.txt"), Reason: "contains NUL bytes"},
		{Path: p("in/g.jsonl"), Line: 1, Reason: `bad "date" "yesterday"`},
		{Path: p("missing.txt"), Reason: "no such file or directory"},
		{Path: p("later/a.txt"), Reason: `duplicate id "a.txt" (first seen at ` + p("in/a.txt") + ")"},
		{Path: p("later/y.jsonl.gz"), Reason: "decompress: "},
	}
	if len(c.Skipped) != len(want) {
		t.Fatalf("Skipped = %+v\nwant %+v", c.Skipped, want)
	}
	for i, w := range want {
		s := c.Skipped[i]
		if s.Path != w.Path || s.Line != w.Line || !strings.HasPrefix(s.Reason, w.Reason) {
			t.Errorf("Skipped[%d] = %+v, want %+v", i, s, w)
		}
	}
}

func TestStdin(t *testing.T) {
	tests := []struct {
		name, in string
		want     []reprint.Document
	}{
		{"jsonl", " \n\t{\"id\":\"s1\",\"text\":\"one\"}\n{\"id\":\"s2\",\"text\":\"two\"}\n",
			[]reprint.Document{{ID: "s1", Text: "one"}, {ID: "s2", Text: "two"}}},
		{"jsonl with BOM", "\xef\xbb\xbf{\"id\":\"s1\",\"text\":\"one\"}",
			[]reprint.Document{{ID: "s1", Text: "one"}}},
		{"text", "Just an article.\n", []reprint.Document{{ID: "stdin", Text: "Just an article.\n"}}},
		{"text with headers", "Subject: Hi\nDate: 2001-02-03\n\nBody\n",
			[]reprint.Document{{ID: "stdin", Title: "Hi", Date: date("2001-02-03T00:00:00Z"), Text: "Body\n"}}},
		{"text starting with a bracket", "[Updated] news\n", []reprint.Document{{ID: "stdin", Text: "[Updated] news\n"}}},
		{"gzipped jsonl", gz(t, `{"id":"z","text":"zipped"}`), []reprint.Document{{ID: "z", Text: "zipped"}}},
		{"empty", "", []reprint.Document{{ID: "stdin", Text: ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := read(t, []string{"-"}, corpus.Options{Stdin: strings.NewReader(tt.in)})
			if len(c.Documents) != len(tt.want) {
				t.Fatalf("Documents = %+v, want %+v", c.Documents, tt.want)
			}
			for i := range tt.want {
				if !sameDoc(c.Documents[i], tt.want[i]) {
					t.Errorf("Documents[%d] = %+v, want %+v", i, c.Documents[i], tt.want[i])
				}
			}
		})
	}

	_, err := corpus.Read(context.Background(), []string{"-"}, corpus.Options{Stdin: strings.NewReader("{\"id\":\"a\",\"text\":\"x\"}\n{bad\n")})
	wantInputError(t, err, "stdin", 2, "stdin:2: malformed JSON")

	c := read(t, []string{"-"}, corpus.Options{Stdin: strings.NewReader("\x93cp1252\x94")})
	if want := []string{"stdin: not valid UTF-8; decoded as Windows-1252"}; !reflect.DeepEqual(c.Warnings, want) || c.Documents[0].Text != "“cp1252”" {
		t.Errorf("cp1252 stdin: %+v, warnings %q", c.Documents, c.Warnings)
	}

	_, err = corpus.Read(context.Background(), []string{"-"}, corpus.Options{Stdin: errReader{}})
	wantInputError(t, err, "stdin", 0, "stdin: read: broken pipe")
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestContextCanceled(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"a.txt": "a", "b.jsonl": `{"id":"b","text":"b"}`})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, p := range [][]string{{dir}, {filepath.Join(dir, "b.jsonl")}, {filepath.Join(dir, "a.txt")}} {
		_, err := corpus.Read(ctx, p, corpus.Options{SkipBad: true})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Read(%q) with a canceled context: %v, want context.Canceled", p, err)
		}
		var ie *corpus.InputError
		if errors.As(err, &ie) {
			t.Errorf("cancellation reported as an InputError: %v", err)
		}
	}
}

// A reader that cancels the context as it is read shows that Read checks
// the context between lines.
type cancelingReader struct {
	r      *strings.Reader
	cancel context.CancelFunc
}

func (c cancelingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil {
		c.cancel()
	}
	return n, err
}

func TestContextCanceledBetweenLines(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := cancelingReader{strings.NewReader(`{"id":"a","text":"a"}` + "\n" + `{"id":"b","text":"b"}`), cancel}
	_, err := corpus.Read(ctx, []string{"-"}, corpus.Options{Stdin: in})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestNoPaths(t *testing.T) {
	c := read(t, nil, corpus.Options{})
	if len(c.Documents)+len(c.Skipped)+len(c.Warnings) != 0 {
		t.Errorf("Read(nil) = %+v, want an empty corpus", c)
	}
}

func TestInputError(t *testing.T) {
	cause := errors.New("boom")
	tests := []struct {
		err  *corpus.InputError
		want string
	}{
		{&corpus.InputError{Path: "a.jsonl", Line: 7, Err: cause}, "a.jsonl:7: boom"},
		{&corpus.InputError{Path: "a.txt", Err: cause}, "a.txt: boom"},
		{&corpus.InputError{Path: "a.txt"}, "a.txt: bad input"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if !errors.Is(tests[0].err, cause) {
		t.Error("InputError does not unwrap to its cause")
	}
}

// A gzipped JSONL file is decompressed as it is read; the outcome must be
// that of reading it whole.
func TestGzipJSONLStreaming(t *testing.T) {
	var many strings.Builder
	var wantIDs []string
	for i := range 2000 { // some 500 kB: chunks, lines across chunk ends
		id := "doc" + strings.Repeat("x", i%7) + strconv.Itoa(i)
		wantIDs = append(wantIDs, id)
		many.WriteString(`{"id":"` + id + `","text":"` + strings.Repeat("word ", 40) + "\x93\"}\n")
	}
	long := strings.Repeat("long ", 100_000) // a 500 kB line
	good := many.String() + `{"id":"long","text":"` + long + `"}`
	wantIDs = append(wantIDs, "long")
	full := gz(t, good)
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"good.jsonl.gz":      full,
		"truncated.jsonl.gz": full[:len(full)/2],
		"nul.jsonl.gz":       gz(t, good+"\n\x00"),
		"bad-then-nul.jsonl.gz": gz(t, `{"id":"b1","text":"b"}`+"\n{bad\n"+
			`{"id":"b2","text":"b"}`+"\n"+strings.Repeat(" ", 1<<20)+"\x00"),
		"bom.jsonl.gz": gz(t, "\xef\xbb\xbf"+`{"id":"bom","text":"b"}`),
		"other.txt":    "x",
	})
	p := func(name string) string { return filepath.Join(dir, name) }

	c := read(t, []string{p("good.jsonl.gz")}, corpus.Options{})
	if got := ids(c.Documents); !reflect.DeepEqual(got, wantIDs) {
		for i := range got {
			if i < len(wantIDs) && got[i] != wantIDs[i] {
				t.Fatalf("document %d is %q, want %q", i, got[i], wantIDs[i])
			}
		}
		t.Fatalf("read %d documents, want %d", len(got), len(wantIDs))
	}
	if c.Documents[0].Text != strings.Repeat("word ", 40)+"“" || c.Documents[len(wantIDs)-1].Text != long {
		t.Errorf("texts not read in full")
	}
	want := []string{p("good.jsonl.gz") + ": 2000 lines not valid UTF-8 (the first is line 1); decoded as Windows-1252"}
	if !reflect.DeepEqual(c.Warnings, want) {
		t.Errorf("Warnings = %q, want %q", c.Warnings, want)
	}

	_, err := corpus.Read(context.Background(), []string{p("truncated.jsonl.gz")}, corpus.Options{})
	wantInputError(t, err, p("truncated.jsonl.gz"), 0, "decompress: unexpected EOF")

	// With SkipBad, what was read of a corrupt or NUL file is taken back, and
	// its ids may be used again.
	c = read(t, []string{p("other.txt"), p("truncated.jsonl.gz"), p("nul.jsonl.gz"), p("bad-then-nul.jsonl.gz"), p("bom.jsonl.gz"), p("good.jsonl.gz")},
		corpus.Options{SkipBad: true})
	if got := ids(c.Documents); !reflect.DeepEqual(got, append([]string{"other.txt", "bom"}, wantIDs...)) {
		t.Errorf("SkipBad read %d documents: %.5q...", len(got), got)
	}
	wantSkip := []reprint.Skip{
		{Path: p("truncated.jsonl.gz"), Reason: "decompress: unexpected EOF"},
		{Path: p("nul.jsonl.gz"), Reason: "contains NUL bytes (binary file?)"},
		{Path: p("bad-then-nul.jsonl.gz"), Reason: "contains NUL bytes (binary file?)"},
	}
	if !reflect.DeepEqual(c.Skipped, wantSkip) {
		t.Errorf("Skipped = %+v\nwant %+v", c.Skipped, wantSkip)
	}

	// Without SkipBad a bad line is not an error when the file has a NUL
	// byte further on: the file is skipped, as it would be read whole.
	c = read(t, []string{p("bad-then-nul.jsonl.gz")}, corpus.Options{})
	if len(c.Documents) != 0 || len(c.Skipped) != 1 {
		t.Errorf("bad-then-nul: %d documents, skipped %+v", len(c.Documents), c.Skipped)
	}
}

func TestNonRegularFiles(t *testing.T) {
	dir, err := os.MkdirTemp("", "sock") // short: socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	writeFiles(t, dir, map[string]string{"a.txt": "a"})
	sock := filepath.Join(dir, "s.txt")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	defer l.Close()
	c := read(t, []string{dir}, corpus.Options{})
	if got := ids(c.Documents); !reflect.DeepEqual(got, []string{"a.txt"}) {
		t.Errorf("ids = %q", got)
	}
	if want := []reprint.Skip{{Path: sock, Reason: "not a regular file"}}; !reflect.DeepEqual(c.Skipped, want) {
		t.Errorf("Skipped = %+v, want %+v", c.Skipped, want)
	}
}

func TestUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any folder")
	}
	dir := writeFiles(t, t.TempDir(), map[string]string{"a.txt": "a", "locked/b.txt": "b", "z.txt": "z"})
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	_, err := corpus.Read(context.Background(), []string{dir}, corpus.Options{})
	wantInputError(t, err, locked, 0, "permission denied")
	c := read(t, []string{dir}, corpus.Options{SkipBad: true})
	if got := ids(c.Documents); !reflect.DeepEqual(got, []string{"a.txt", "z.txt"}) {
		t.Errorf("ids = %q", got)
	}
	if len(c.Skipped) != 1 || c.Skipped[0].Path != locked {
		t.Errorf("Skipped = %+v", c.Skipped)
	}
}
