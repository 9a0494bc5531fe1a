package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/internal/testfiles"
	"github.com/reprint-tool/reprint/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	// The table format measures text as tablewriter does, which depends on
	// the locale; pin it so the golden files do not.
	twwidth.SetEastAsian(false)
	os.Exit(m.Run())
}

// span finds the n-th (0-based) occurrence of sub in text.
func span(t testing.TB, text, sub string, n int) reprint.Span {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(text[off:], sub)
		if j < 0 {
			t.Fatalf("%q not found %d times", sub, n+1)
		}
		if i == n {
			return reprint.Span{Start: off + j, End: off + j + len(sub)}
		}
		off += j + len(sub)
	}
}

const (
	wirePassage  = "The storm | hit the coast\r\nat dawn, <script>alert(\"x\")</script> officials said, and thousands fled inland."
	quotePassage = "\"We have never seen anything like it,\" the mayor said on Monday, standing in the flooded square."
	pullQuote    = "Nobody here remembers water this high, not even the oldest fishermen in the harbour."
	boilerplate  = "Copyright 2018 Daily Media Group. All rights reserved, including the right to reproduce this article."
)

// sample builds a small Result exercising every kind, an undated article, a
// multibyte title, a passage with |, a line break and <script>, a passage
// with three copies, one skip and one warning.
func sample(t testing.TB) *reprint.Result {
	t.Helper()
	ny := time.FixedZone("EDT", -4*3600)
	docs := []reprint.Document{
		{
			ID: "000_wire.txt", Title: "Storm hits coast", Source: "Wire", URL: "https://wire.example/storm",
			Date: time.Date(2018, 7, 15, 7, 54, 28, 0, ny),
			Text: "STORM WATCH\r\n\r\n" + wirePassage + "\r\n\r\nMore to follow.\tUpdated hourly.",
		},
		{
			ID: "001_daily.txt", Title: "Sturm trifft Küste — 台風が上陸", Source: "Daily", URL: "https://daily.example/a?x=1,2",
			Date: time.Date(2018, 7, 16, 9, 0, 0, 0, time.UTC),
			Text: "Überschrift.\n\n" + wirePassage + "\n\n" + quotePassage + "\n\n" + boilerplate,
		},
		{
			ID: "002_blog.txt", Title: "A \"blog\", with commas", Source: "",
			Text: pullQuote + "\n\nOur take: " + wirePassage + "\n\n" + pullQuote,
		},
		{
			ID: "003_gazette.txt", Title: "Gazette", Source: "Gazette",
			Date: time.Date(2018, 7, 16, 9, 0, 0, 0, time.UTC),
			Text: wirePassage + "\n\n" + quotePassage + "\n\n" + boilerplate,
		},
	}
	d := func(i int, sub string, n int) reprint.Endpoint {
		return reprint.Endpoint{Doc: i, Span: span(t, docs[i].Text, sub, n)}
	}
	matches := []reprint.Match{
		{Group: 0, Kind: reprint.Syndicated, Dated: true, Jaccard: 1, Containment: 1, Words: 17,
			Origin: d(0, wirePassage, 0), Copy: d(1, wirePassage, 0)},
		{Group: 0, Kind: reprint.Syndicated, Dated: false, Jaccard: 0.80004, Containment: 0.912345, Words: 17,
			Origin: d(0, wirePassage, 0), Copy: d(2, wirePassage, 0)},
		{Group: 0, Kind: reprint.Syndicated, Dated: true, Jaccard: 0.61, Containment: 0.75, Words: 17,
			Origin: d(0, wirePassage, 0), Copy: d(3, wirePassage, 0)},
		{Group: 1, Kind: reprint.Quote, Dated: false, Jaccard: 0.93, Containment: 1, Words: 17,
			Origin: d(1, quotePassage, 0), Copy: d(3, quotePassage, 0)},
		{Group: 2, Kind: reprint.Internal, Dated: false, Jaccard: 1, Containment: 1, Words: 15,
			Origin: d(2, pullQuote, 0), Copy: d(2, pullQuote, 1)},
		{Group: 3, Kind: reprint.Boilerplate, Dated: false, Jaccard: 1, Containment: 1, Words: 16,
			Origin: d(1, boilerplate, 0), Copy: d(3, boilerplate, 0)},
	}
	return &reprint.Result{
		Documents: docs,
		Stats: []reprint.DocStats{
			{Paragraphs: 3, Words: 22, ReusedWords: 0, ReusedBytes: 0, DrawsFrom: []int{}},
			{Paragraphs: 4, Words: 51, ReusedWords: 17, ReusedBytes: len(wirePassage), DrawsFrom: []int{0}},
			{Paragraphs: 3, Words: 49, ReusedWords: 32, ReusedBytes: len(wirePassage) + len(pullQuote), DrawsFrom: []int{0}},
			{Paragraphs: 3, Words: 50, ReusedWords: 50, ReusedBytes: len(docs[3].Text), DrawsFrom: []int{0, 1}},
		},
		Matches: matches,
		Params: reprint.Params{
			Shingle: 5, Permutations: 128, Seed: 1, Threshold: 0.5, Bands: 16, Rows: 8, MinWords: 8,
			Probability: []reprint.SimilarityProbability{
				{Jaccard: 0.3, Probability: 0.00104917}, {Jaccard: 0.5, Probability: 0.0606},
				{Jaccard: 0.8, Probability: 0.9999999},
			},
		},
		Skipped:  []reprint.Skip{{Path: "feed.jsonl", Line: 3, Reason: "invalid JSON: unexpected end of input"}},
		Warnings: []string{"002_blog.txt has no date; origins among undated articles are chosen by tie-break"},
	}
}

// longSample is a Result built to strain the table layout: long ids, long
// and wide (CJK) text, many copies of one passage, large group numbers,
// long skip reasons and warnings.
func longSample(t testing.TB) *reprint.Result {
	t.Helper()
	cjk := strings.Repeat("東京都の天気予報によると、明日は大雨になる見込みです。", 6)
	latin := strings.Repeat("Supercalifragilisticexpialidocious-hyphenated-compound-words ", 5)
	var docs []reprint.Document
	for i := range 14 {
		id := fmt.Sprintf("%03d_%s_%s.txt", i, strings.Repeat("very-long-publisher-name-", 4), strings.Repeat("x", i))
		if i%3 == 0 {
			id = fmt.Sprintf("%03d_新聞社の長い名前_%s.txt", i, strings.Repeat("記事", 20))
		}
		docs = append(docs, reprint.Document{ID: id, Title: "t", Text: cjk + "\n\n" + latin})
	}
	var matches []reprint.Match
	stats := make([]reprint.DocStats, len(docs))
	for i := 1; i < len(docs); i++ {
		matches = append(matches, reprint.Match{
			Group: 123456, Kind: reprint.Syndicated, Jaccard: 0.5 + float64(i)/100, Containment: 1, Words: 30,
			Origin: reprint.Endpoint{Doc: 0, Span: reprint.Span{Start: 0, End: len(cjk)}},
			Copy:   reprint.Endpoint{Doc: i, Span: reprint.Span{Start: 0, End: len(cjk)}},
		})
		stats[i] = reprint.DocStats{Paragraphs: 2, Words: 100, ReusedWords: 30, DrawsFrom: []int{0}}
	}
	matches = append(matches, reprint.Match{
		Group: 9999999, Kind: "some-unexpectedly-long-kind-name", Jaccard: 1, Containment: 1, Words: 5,
		Origin: reprint.Endpoint{Doc: 1, Span: reprint.Span{Start: len(cjk) + 2, End: len(docs[1].Text)}},
		Copy:   reprint.Endpoint{Doc: 1, Span: reprint.Span{Start: len(cjk) + 2, End: len(docs[1].Text)}},
	})
	all := make([]int, 0, len(docs)-1)
	for i := 1; i < len(docs); i++ {
		all = append(all, i)
	}
	stats[0] = reprint.DocStats{Paragraphs: 2, Words: 100, DrawsFrom: all}
	return &reprint.Result{
		Documents: docs, Stats: stats, Matches: matches,
		Skipped:  []reprint.Skip{{Path: strings.Repeat("dir/", 30) + "feed.jsonl", Line: 12345, Reason: strings.Repeat("reason ", 40)}},
		Warnings: []string{strings.Repeat("averyveryverylongwordwithoutanyspaces", 5)},
	}
}

func render(t testing.TB, f report.Format, r *reprint.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, f, r); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

var goldenNames = map[report.Format]string{
	report.Table:    "sample.table.golden",
	report.JSON:     "sample.json.golden",
	report.CSV:      "sample.csv.golden",
	report.Markdown: "sample.md.golden",
	report.HTML:     "sample.html.golden",
}

func TestGolden(t *testing.T) {
	for _, f := range report.Formats() {
		t.Run(string(f), func(t *testing.T) {
			checkGolden(t, goldenNames[f], render(t, f, sample(t)))
		})
	}
}

// checkGolden compares got with testdata/name, or rewrites that file with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	testfiles.Golden(t, filepath.Join("testdata", name), got, *update, "go test -update")
}

func TestDeterministic(t *testing.T) {
	for _, f := range report.Formats() {
		for _, r := range []*reprint.Result{sample(t), longSample(t)} {
			a, b := render(t, f, r), render(t, f, r)
			if !bytes.Equal(a, b) {
				t.Errorf("%s: two renderings of one result differ", f)
			}
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	r := sample(t)
	out := render(t, report.JSON, r)
	if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.HasPrefix(out, []byte("{\n  \"schema\": ")) {
		t.Errorf("JSON not indented with a trailing newline:\n%s", out)
	}
	rep, err := report.ReadJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Schema != report.SchemaVersion {
		t.Errorf("schema %q", rep.Schema)
	}
	texts := make(map[string]string)
	for _, d := range r.Documents {
		texts[d.ID] = d.Text
	}
	if len(rep.Matches) != len(r.Matches) {
		t.Fatalf("%d matches, want %d", len(rep.Matches), len(r.Matches))
	}
	for i, m := range rep.Matches {
		for _, e := range []report.JSONEndpoint{m.Origin, m.Copy} {
			text, ok := texts[e.Doc]
			if !ok {
				t.Fatalf("match %d: unknown doc %q", i, e.Doc)
			}
			if e.Text != text[e.Start:e.End] {
				t.Errorf("match %d: text %q, want %q", i, e.Text, text[e.Start:e.End])
			}
		}
		if m.Kind != string(r.Matches[i].Kind) || m.Group != r.Matches[i].Group || m.Dated != r.Matches[i].Dated {
			t.Errorf("match %d: %+v does not match %+v", i, m, r.Matches[i])
		}
	}
	if got := rep.Matches[1].Jaccard; got != 0.8 {
		t.Errorf("jaccard 0.80004 written as %v, want 0.8", got)
	}
	if got := rep.Matches[1].Containment; got != 0.9123 {
		t.Errorf("containment 0.912345 written as %v, want 0.9123", got)
	}
	if got := rep.Params.Probability[0].Probability; got != 0.001 {
		t.Errorf("probability 0.00104917 written as %v, want 0.001", got)
	}
	s := rep.Summary
	if s.Documents != 4 || s.Skipped != 1 || s.Matches != 6 || s.Passages != 4 {
		t.Errorf("summary %+v", s)
	}
	wantKinds := map[string]int{"boilerplate": 1, "internal": 1, "phrase": 0, "quote": 1, "syndicated": 3}
	if fmt.Sprint(s.Kinds) != fmt.Sprint(wantKinds) {
		t.Errorf("kinds %v, want %v", s.Kinds, wantKinds)
	}
	if rep.Documents[2].Date != nil {
		t.Errorf("undated document has date %v", rep.Documents[2].Date)
	}
	if !bytes.Contains(out, []byte(`"date": "2018-07-15T07:54:28-04:00"`)) || !bytes.Contains(out, []byte(`"date": null`)) {
		t.Errorf("dates not written as RFC 3339 in their own zone, or null")
	}
	if d := rep.Documents[0].Date; d == nil || !d.Equal(r.Documents[0].Date) {
		t.Errorf("date %v, want %v", d, r.Documents[0].Date)
	}
	if got := rep.Documents[3].DrawsFrom; len(got) != 2 || got[0] != "000_wire.txt" || got[1] != "001_daily.txt" {
		t.Errorf("draws_from %q", got)
	}
	if rep.Documents[1].Title != r.Documents[1].Title {
		t.Errorf("title %q, want %q", rep.Documents[1].Title, r.Documents[1].Title)
	}
}

func TestJSONEmptyArrays(t *testing.T) {
	out := string(render(t, report.JSON, &reprint.Result{Documents: []reprint.Document{{ID: "a", Text: "x"}}}))
	for _, field := range []string{"skipped", "warnings", "matches", "draws_from", "probability"} {
		if !strings.Contains(out, `"`+field+`": []`) {
			t.Errorf("%s is not an empty array in:\n%s", field, out)
		}
	}
	if strings.Count(out, "null") != strings.Count(out, `"date": null`) {
		t.Errorf("unexpected null in:\n%s", out)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw["summary"]); !strings.Contains(got, `"boilerplate": 0`) || !strings.Contains(got, `"syndicated": 0`) {
		t.Errorf("summary kinds do not list zero counts: %s", got)
	}
}

func TestReadJSONRejects(t *testing.T) {
	for _, in := range []string{
		``,
		`[]`,
		`{"schema": "reprint/report/v0"}`,
		`{"schema": "reprint/report/v1"} {}`,
	} {
		if _, err := report.ReadJSON(strings.NewReader(in)); err == nil {
			t.Errorf("ReadJSON(%q) succeeded", in)
		}
	}
}

func TestCSV(t *testing.T) {
	r := sample(t)
	out := render(t, report.CSV, r)
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(r.Matches)+1 {
		t.Fatalf("%d records, want %d", len(records), len(r.Matches)+1)
	}
	if got := strings.Join(records[0], ","); got != "group,kind,dated,jaccard,containment,words,origin_doc,origin_start,origin_end,copy_doc,copy_start,copy_end,text" {
		t.Errorf("header %s", got)
	}
	for i, rec := range records[1:] {
		if len(rec) != 13 {
			t.Fatalf("record %d has %d fields", i, len(rec))
		}
		m := r.Matches[i]
		text := r.Documents[m.Copy.Doc].Text[m.Copy.Span.Start:m.Copy.Span.End]
		// encoding/csv reads \r\n inside a quoted field back as \n.
		if want := strings.ReplaceAll(text, "\r\n", "\n"); rec[12] != want {
			t.Errorf("record %d text %q, want %q", i, rec[12], want)
		}
		if !bytes.Contains(out, []byte(strings.ReplaceAll(text, `"`, `""`))) {
			t.Errorf("record %d: copy text not written byte for byte", i)
		}
		if rec[9] != r.Documents[m.Copy.Doc].ID || rec[6] != r.Documents[m.Origin.Doc].ID {
			t.Errorf("record %d docs %q, %q", i, rec[6], rec[9])
		}
	}
	if records[2][3] != "0.8" || records[2][4] != "0.9123" || records[2][2] != "false" {
		t.Errorf("record 2 = %q", records[2])
	}
}

// mdCells counts the cells of a Markdown table row, skipping escaped pipes.
func mdCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

func TestMarkdownTables(t *testing.T) {
	for _, r := range []*reprint.Result{sample(t), longSample(t)} {
		out := string(render(t, report.Markdown, r))
		if !strings.HasPrefix(out, "# reprint report\n") {
			t.Errorf("no title:\n%s", out)
		}
		for _, h := range []string{"\n## Passages\n", "\n## Articles\n", "\n## Skipped\n", "\n## Warnings\n"} {
			if !strings.Contains(out, h) {
				t.Errorf("no %q section", h)
			}
		}
		if strings.Contains(out, "<script>") {
			t.Errorf("raw <script> in Markdown")
		}
		tables, want := 0, -1
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "|") {
				want = -1
				continue
			}
			n := mdCells(line)
			if want < 0 {
				want = n
				tables++
			}
			if n != want {
				t.Errorf("row has %d cells, table has %d: %s", n, want, line)
			}
		}
		if tables != 2 {
			t.Errorf("%d tables, want 2", tables)
		}
	}
}

func TestTableWidth(t *testing.T) {
	for name, r := range map[string]*reprint.Result{"sample": sample(t), "long": longSample(t)} {
		out := string(render(t, report.Table, r))
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if w := twwidth.Width(line); w > 100 {
				t.Errorf("%s: line %d is %d columns wide: %s", name, i+1, w, line)
			}
		}
		if strings.ContainsAny(out, "\r\t") {
			t.Errorf("%s: table output contains \\r or \\t", name)
		}
	}
	out := string(render(t, report.Table, longSample(t)))
	for _, want := range []string{"+9 more", "123456", "…", "skipped:", "warnings:", "feed.jsonl:12345: reason"} {
		if !strings.Contains(out, want) {
			t.Errorf("long table lacks %q:\n%s", want, out)
		}
	}
}

// TestTableWidthEastAsian renders as on a terminal that shows East Asian
// ambiguous-width characters (box drawing, "…", "–") two columns wide.
func TestTableWidthEastAsian(t *testing.T) {
	twwidth.SetEastAsian(true)
	defer twwidth.SetEastAsian(false)
	for name, r := range map[string]*reprint.Result{"sample": sample(t), "long": longSample(t)} {
		out := string(render(t, report.Table, r))
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if w := twwidth.Width(line); w > 100 {
				t.Errorf("%s: line %d is %d columns wide: %s", name, i+1, w, line)
			}
		}
		if !strings.HasPrefix(out, "+---") {
			t.Errorf("%s: wide box-drawing characters not replaced by ASCII:\n%s", name, out)
		}
	}
}

// TestHostileText renders arbitrary bytes (invalid UTF-8, escape sequences,
// control and bidi characters, wide and zero-width runes) as ids, titles and
// passages: nothing may panic, table lines stay within 100 columns, and no
// terminal control character reaches the table or Markdown output.
func TestHostileText(t *testing.T) {
	pieces := []string{"a", "word ", "\x1b[31m", "\x1b]0;title\x07", "\xff\xfe", "\r\n", "\t", "\u202e", "\u200b",
		"表", "́", "|", "<b>", "`", "*", "_", "\\", "\x00", "\u0085", "👍🏽", "\u3000"}
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for iter := range 50 {
		var docs []reprint.Document
		for range 3 {
			docs = append(docs, reprint.Document{ID: gen(1 + rng.IntN(30)), Title: gen(10), Text: gen(200)})
		}
		var matches []reprint.Match
		for g := range 4 {
			for c := 1; c < 3; c++ {
				o, cp := docs[0].Text, docs[c].Text
				oStart, cStart := rng.IntN(len(o)), rng.IntN(len(cp))
				matches = append(matches, reprint.Match{Group: g, Kind: reprint.Syndicated, Jaccard: rng.Float64(),
					Origin: reprint.Endpoint{Doc: 0, Span: reprint.Span{Start: oStart, End: oStart + rng.IntN(len(o)-oStart+1)}},
					Copy:   reprint.Endpoint{Doc: c, Span: reprint.Span{Start: cStart, End: cStart + rng.IntN(len(cp)-cStart+1)}}})
			}
		}
		r := &reprint.Result{Documents: docs, Matches: matches,
			Skipped: []reprint.Skip{{Path: gen(5), Line: 1, Reason: gen(40)}}, Warnings: []string{gen(60)}}
		for _, f := range report.Formats() {
			out := string(render(t, f, r))
			if f != report.Table && f != report.Markdown {
				continue
			}
			for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if f == report.Table && twwidth.Width(line) > 100 {
					t.Errorf("iteration %d: line %d is %d columns wide: %q", iter, i+1, twwidth.Width(line), line)
				}
				if strings.ContainsFunc(line, func(r rune) bool {
					return unicode.IsControl(r) || r >= 0x202a && r <= 0x202e
				}) {
					t.Errorf("iteration %d: %s line %d has a control character: %q", iter, f, i+1, line)
				}
			}
		}
	}
}

func TestTableContent(t *testing.T) {
	out := string(render(t, report.Table, sample(t)))
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"0.61–1.00",
		"000_wire.txt *",
		"4 articles read, 1 skipped; 6 matches in 4 passages (3 syndicated, 1 quote, 1 boilerplate, 1 internal)",
		"feed.jsonl:3: invalid JSON",
		"* origin not dated earlier",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "002_blog.txt *") {
		t.Errorf("internal passage marked undated:\n%s", out)
	}
}

func TestNoMatches(t *testing.T) {
	r := &reprint.Result{
		Documents: []reprint.Document{{ID: "a.txt", Text: "one"}, {ID: "b.txt", Text: "two"}},
		Stats:     []reprint.DocStats{{Paragraphs: 1, Words: 1}, {Paragraphs: 1, Words: 1}},
	}
	for _, f := range []report.Format{report.Table, report.Markdown} {
		out := string(render(t, f, r))
		if !strings.Contains(out, "no reused wording found") {
			t.Errorf("%s: no 'no reused wording found':\n%s", f, out)
		}
		if strings.Contains(out, "passage") {
			t.Errorf("%s: empty passage table:\n%s", f, out)
		}
	}
	if got := string(render(t, report.CSV, r)); strings.Count(got, "\n") != 1 {
		t.Errorf("CSV with no matches: %q", got)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]report.Format{
		"table": report.Table, "json": report.JSON, "csv": report.CSV, "markdown": report.Markdown,
		" JSON ": report.JSON, "md": report.Markdown, "": report.Table,
	} {
		got, err := report.ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"xml", "tabel", "htm"} {
		_, err := report.ParseFormat(in)
		if err == nil {
			t.Errorf("ParseFormat(%q) succeeded", in)
			continue
		}
		for _, f := range report.Formats() {
			if !strings.Contains(err.Error(), string(f)) {
				t.Errorf("error %q does not list %q", err, f)
			}
		}
	}
	if err := report.Write(&bytes.Buffer{}, "xml", sample(t)); err == nil {
		t.Errorf("Write with unknown format succeeded")
	}
}

func TestInvalidResult(t *testing.T) {
	bad := map[string]func(r *reprint.Result){
		"doc out of range":  func(r *reprint.Result) { r.Matches[0].Copy.Doc = 9 },
		"negative doc":      func(r *reprint.Result) { r.Matches[0].Origin.Doc = -1 },
		"span past end":     func(r *reprint.Result) { r.Matches[2].Copy.Span.End = 1 << 20 },
		"inverted span":     func(r *reprint.Result) { r.Matches[1].Origin.Span = reprint.Span{Start: 5, End: 4} },
		"bad draws_from":    func(r *reprint.Result) { r.Stats[1].DrawsFrom = []int{7} },
		"stats mismatch":    func(r *reprint.Result) { r.Stats = r.Stats[:2] },
		"NaN jaccard":       func(r *reprint.Result) { r.Matches[0].Jaccard = nan() },
		"NaN probability":   func(r *reprint.Result) { r.Params.Probability[0].Probability = nan() },
		"infinite treshold": func(r *reprint.Result) { r.Params.Threshold = 1 / zero() },
	}
	for name, breakIt := range bad {
		r := sample(t)
		breakIt(r)
		for _, f := range report.Formats() {
			var buf bytes.Buffer
			if err := report.Write(&buf, f, r); err == nil {
				t.Errorf("%s: Write(%s) succeeded", name, f)
			} else if buf.Len() != 0 {
				t.Errorf("%s: Write(%s) wrote output before failing", name, f)
			}
		}
	}
	if err := report.Write(&bytes.Buffer{}, report.JSON, nil); err == nil {
		t.Errorf("Write(nil) succeeded")
	}
}

func zero() float64 { return 0 }
func nan() float64  { z := zero(); return z / z }

// bigResult builds a Result with n matches over 200 documents.
func bigResult(n int) *reprint.Result {
	para := "Officials said on Monday that the storm, which hit the coast at dawn, had forced thousands to flee inland. "
	text := strings.Repeat(para, 20)
	r := &reprint.Result{Params: reprint.Params{Shingle: 5, Permutations: 128, Seed: 1, Threshold: 0.5, Bands: 16, Rows: 8, MinWords: 8}}
	for i := range 200 {
		r.Documents = append(r.Documents, reprint.Document{ID: fmt.Sprintf("%03d_article.txt", i), Title: "Storm", Text: text,
			Date: time.Date(2018, 7, 1+i%28, 0, 0, 0, 0, time.UTC)})
		r.Stats = append(r.Stats, reprint.DocStats{Paragraphs: 20, Words: 380, ReusedWords: 190, ReusedBytes: len(text) / 2, DrawsFrom: []int{0}})
	}
	for i := range n {
		start := (i % 20) * len(para)
		r.Matches = append(r.Matches, reprint.Match{
			Group: i / 4, Kind: reprint.Syndicated, Dated: true, Jaccard: 0.8 + float64(i%20)/100, Containment: 1, Words: 19,
			Origin: reprint.Endpoint{Doc: 0, Span: reprint.Span{Start: start, End: start + len(para)}},
			Copy:   reprint.Endpoint{Doc: 1 + i%199, Span: reprint.Span{Start: start, End: start + len(para)}},
		})
	}
	return r
}

func BenchmarkWriteJSON(b *testing.B) {
	r := bigResult(10000)
	var buf bytes.Buffer
	if err := report.Write(&buf, report.JSON, r); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := report.Write(&buf, report.JSON, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteAll(b *testing.B) {
	r := bigResult(10000)
	for _, f := range report.Formats() {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := report.Write(&buf, f, r); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}

// The JSON format is encoded in parallel pieces; it must be exactly what
// json.Encoder with a two-space indent writes, whatever the report holds.
func TestJSONIsEncoderOutput(t *testing.T) {
	reports := map[string]*report.JSONReport{
		"empty":       {Schema: report.SchemaVersion},
		"empty lists": {Schema: report.SchemaVersion, Documents: []report.JSONDocument{}, Matches: []report.JSONMatch{}},
	}
	big := &report.JSONReport{Schema: report.SchemaVersion, Warnings: []string{"<b>&"}}
	for i := range 1500 {
		big.Documents = append(big.Documents, report.JSONDocument{ID: fmt.Sprintf("d%d <script>\u2028", i), Title: "é\"\\"})
		big.Matches = append(big.Matches, report.JSONMatch{Kind: "quote", Words: i, Origin: report.JSONEndpoint{Doc: "a", Text: "“x”\n\t"}})
	}
	reports["big"] = big
	reports["one"] = &report.JSONReport{Schema: report.SchemaVersion, Documents: big.Documents[:1], Matches: big.Matches[:1]}
	for name, rep := range reports {
		t.Run(name, func(t *testing.T) {
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				t.Fatal(err)
			}
			if err := report.EncodeJSON(&got, rep); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("output differs from json.Encoder's (%d vs %d bytes)", got.Len(), want.Len())
			}
		})
	}
}
