package report_test

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/report"
)

// htmlPage is what a test reads back from an HTML report: the data and
// texts the page's script works from.
type htmlPage struct {
	html  string
	kinds []string
	docs  []struct {
		ID, Title, Source, Date string
	}
	matches [][]float64 // [kind, dated (0/1), jaccard, containment, words, od, os, oe, cd, cs, ce]
	pairs   [][]int     // [a, b, words, match...]
	edges   [][4]int    // [origin, copy, pair, kinds]
	texts   []string
	deflate bool // the texts came deflated
}

// scriptBody returns the content of the <script> element with the given id.
func scriptBody(t *testing.T, html, id string) string {
	t.Helper()
	open := `<script type="application/json" id="` + id + `">`
	i := strings.Index(html, open)
	if i < 0 {
		t.Fatalf("no %s script", id)
	}
	body := html[i+len(open):]
	return body[:strings.Index(body, "</script>")]
}

// readPage renders r as HTML and decodes the data it carries.
func readPage(t *testing.T, r *reprint.Result) *htmlPage {
	t.Helper()
	p := &htmlPage{html: string(render(t, report.HTML, r))}
	var data struct {
		Kinds   []string          `json:"kinds"`
		Docs    []json.RawMessage `json:"docs"`
		Matches [][]any           `json:"matches"`
		Pairs   [][]int           `json:"pairs"`
		Edges   [][4]int          `json:"edges"`
	}
	if err := json.Unmarshal([]byte(scriptBody(t, p.html, "reprint-data")), &data); err != nil {
		t.Fatalf("page data: %v", err)
	}
	p.kinds, p.pairs, p.edges = data.Kinds, data.Pairs, data.Edges
	for _, d := range data.Docs {
		var doc struct{ ID, Title, Source, Date string }
		if err := json.Unmarshal(d, &doc); err != nil {
			t.Fatal(err)
		}
		p.docs = append(p.docs, doc)
	}
	for _, m := range data.Matches {
		row := make([]float64, len(m))
		for i, v := range m {
			switch v := v.(type) {
			case float64:
				row[i] = v
			case bool:
				if v {
					row[i] = 1
				}
			}
		}
		p.matches = append(p.matches, row)
	}
	raw := scriptBody(t, p.html, "reprint-texts")
	if strings.HasPrefix(raw, "[") {
		if err := json.Unmarshal([]byte(raw), &p.texts); err != nil {
			t.Fatalf("texts: %v", err)
		}
		return p
	}
	var z struct{ Deflate string }
	if err := json.Unmarshal([]byte(raw), &z); err != nil {
		t.Fatalf("texts: %v", err)
	}
	bin, err := base64.StdEncoding.DecodeString(z.Deflate)
	if err != nil {
		t.Fatalf("texts: %v", err)
	}
	plain, err := io.ReadAll(flate.NewReader(bytes.NewReader(bin)))
	if err != nil {
		t.Fatalf("texts: inflating: %v", err)
	}
	if err := json.Unmarshal(plain, &p.texts); err != nil {
		t.Fatalf("texts: %v", err)
	}
	p.deflate = true
	return p
}

// slice16 is text[start:end] with the offsets in UTF-16 code units, as
// JavaScript's String.prototype.slice reads them.
func slice16(text string, start, end float64) string {
	u := utf16.Encode([]rune(text))
	return string(utf16.Decode(u[int(start):int(end)]))
}

// asJS is s as the page's script sees it: through JSON, which writes each
// byte of invalid UTF-8 as U+FFFD.
func asJS(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSpans asserts that every match of r is in the page with both spans
// landing on the same characters as its byte offsets in Go, and in exactly
// one pair, which joins its two articles.
func checkSpans(t *testing.T, r *reprint.Result, p *htmlPage) {
	t.Helper()
	if len(p.matches) != len(r.Matches) {
		t.Fatalf("page has %d matches, result %d", len(p.matches), len(r.Matches))
	}
	for i, m := range r.Matches {
		pm := p.matches[i]
		if p.kinds[int(pm[0])] != string(m.Kind) || int(pm[4]) != m.Words || int(pm[5]) != m.Origin.Doc || int(pm[8]) != m.Copy.Doc {
			t.Errorf("match %d: page has %v for %+v", i, pm, m)
			continue
		}
		for _, side := range []struct {
			name       string
			e          reprint.Endpoint
			start, end float64
		}{{"origin", m.Origin, pm[6], pm[7]}, {"copy", m.Copy, pm[9], pm[10]}} {
			want := asJS(t, r.Documents[side.e.Doc].Text[side.e.Span.Start:side.e.Span.End])
			if got := slice16(p.texts[side.e.Doc], side.start, side.end); got != want {
				t.Errorf("match %d %s: page highlights %q, want %q", i, side.name, got, want)
			}
		}
	}
	seen := make([]int, len(r.Matches))
	for _, pair := range p.pairs {
		for _, mi := range pair[3:] {
			seen[mi]++
			m := r.Matches[mi]
			if !(pair[0] == m.Origin.Doc && pair[1] == m.Copy.Doc || pair[0] == m.Copy.Doc && pair[1] == m.Origin.Doc) {
				t.Errorf("match %d (%d→%d) in pair %d-%d", mi, m.Origin.Doc, m.Copy.Doc, pair[0], pair[1])
			}
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("match %d is in %d pairs, want 1", i, n)
		}
	}
}

func TestHTMLSpans(t *testing.T) {
	r := sample(t)
	p := readPage(t, r)
	checkSpans(t, r, p)
	if p.deflate {
		t.Errorf("a small report carries its texts deflated")
	}
	for i, d := range r.Documents {
		if p.texts[i] != d.Text {
			t.Errorf("text %d differs from the document's", i)
		}
		if p.docs[i].ID != d.ID {
			t.Errorf("doc %d: id %q, want %q", i, p.docs[i].ID, d.ID)
		}
	}
}

// TestHTMLMultibyte checks the conversion of UTF-8 byte offsets to the
// UTF-16 offsets the page uses, on text with two-, three- and four-byte
// characters (the last being two UTF-16 units), overlapping spans, an
// offset inside a character (mapped to its start) and invalid UTF-8 (one
// unit per byte, as it reaches the page as U+FFFD).
func TestHTMLMultibyte(t *testing.T) {
	a := "Café — naïve 😀 résumé, “quoted” words 👍🏽 and more words here. \xff Tail 東京 end."
	b := "Prefix 😀😀 " + a
	docs := []reprint.Document{{ID: "a", Text: a}, {ID: "b", Text: b}}
	sp := func(doc int, sub string) reprint.Span { return span(t, docs[doc].Text, sub, 0) }
	e := func(doc int, s reprint.Span) reprint.Endpoint { return reprint.Endpoint{Doc: doc, Span: s} }
	whole := reprint.Span{Start: 0, End: len(a)}
	inner := sp(0, "😀 résumé, “quoted”")
	overlap := sp(0, "“quoted” words 👍🏽 and")
	r := &reprint.Result{
		Documents: docs,
		Matches: []reprint.Match{
			{Kind: reprint.Syndicated, Words: 12, Origin: e(0, whole), Copy: e(1, reprint.Span{Start: len(b) - len(a), End: len(b)})},
			{Group: 1, Kind: reprint.Quote, Words: 3, Origin: e(0, inner), Copy: e(1, sp(1, "😀 résumé, “quoted”"))},
			{Group: 2, Kind: reprint.Quote, Words: 4, Origin: e(0, overlap), Copy: e(1, sp(1, "“quoted” words 👍🏽 and"))},
			{Group: 3, Kind: reprint.Internal, Words: 2, Origin: e(1, sp(1, "😀😀")), Copy: e(1, sp(1, "\xff Tail 東京"))},
		},
	}
	p := readPage(t, r)
	checkSpans(t, r, p)

	// Offsets inside a character land on its start: "é" of Café is bytes
	// 3-4, and 😀 (4 bytes, 2 units) starts at byte 7+len("— naïve ").
	emoji := strings.Index(a, "😀")
	r.Matches = []reprint.Match{{Kind: reprint.Syndicated, Words: 1,
		Origin: e(0, reprint.Span{Start: 4, End: emoji + 2}), Copy: e(1, reprint.Span{Start: 0, End: 1})}}
	p = readPage(t, r)
	if got, want := p.matches[0][6:8], []float64{3, float64(len(utf16.Encode([]rune(a[:emoji]))))}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("offsets inside characters: got %v, want %v", got, want)
	}
}

// hostile is text that would run script or break out of its element or
// attribute if it reached the page unescaped.
const hostile = `<script>window.pwned=1</script></script></textarea></title></style>"><img src=x onerror="window.pwned=1">` +
	`' onmouseover='window.pwned=1' x='<svg onload=window.pwned=1><!-- --!> ]]> {{.}} ` + "\u2028\u2029 `${window.pwned=1}`"

func hostileResult(t *testing.T) *reprint.Result {
	text := "Intro words here. " + hostile + " and the shared passage goes on for a while."
	docs := []reprint.Document{
		{ID: `x"><img src=x onerror=window.pwned=1>.txt`, Title: hostile, Source: hostile, URL: "javascript:window.pwned=1", Text: text},
		{ID: "</script><script>window.pwned=1</script>", Title: "t", URL: `https://example.org/a?b="><script>`, Text: "Other. " + text},
	}
	s0, s1 := span(t, docs[0].Text, hostile, 0), span(t, docs[1].Text, hostile, 0)
	return &reprint.Result{
		Documents: docs,
		Stats:     []reprint.DocStats{{Words: 30, DrawsFrom: []int{}}, {Words: 31, ReusedWords: 20, DrawsFrom: []int{0}}},
		Matches: []reprint.Match{{Kind: reprint.Kind(hostile), Words: 20, Jaccard: 1, Containment: 1,
			Origin: reprint.Endpoint{Doc: 0, Span: s0}, Copy: reprint.Endpoint{Doc: 1, Span: s1}}},
		Skipped:  []reprint.Skip{{Path: hostile, Reason: hostile}},
		Warnings: []string{hostile},
	}
}

// allowedTags and allowedAttrs are every element and attribute the page's
// markup may have: anything else would have come from the data.
var (
	allowedTags = setOf("!DOCTYPE html head meta title style body header div h1 h2 h3 span p ul li b nav fieldset " +
		"legend label input i small button datalist option main section svg defs marker path g circle text table " +
		"thead tbody tr th td time a aside ol noscript script")
	allowedAttrs = setOf("lang charset name content http-equiv class title type data-kind checked id for list " +
		"autocomplete spellcheck placeholder hidden value aria-label role width height viewBox viewbox refX refx refY refy " +
		"markerUnits markerunits markerWidth markerwidth markerHeight markerheight orient d stroke-width cx cy r x y data-d datetime href rel " +
		"target style tabindex html")
	tagRE  = regexp.MustCompile(`<(/?)([!A-Za-z][A-Za-z0-9-]*)([^>]*)>`)
	attrRE = regexp.MustCompile(`\s([^\s="'>/]+)(="[^"]*")?`)
)

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// TestHTMLEscaping renders ids, titles, sources, URLs, kinds, skip reasons,
// warnings and article text built to break out of every context, and checks
// that the page's markup has only the elements and attributes its template
// writes, that the hostile text is still all there (escaped), that the
// javascript: URL was neutralised, and that the data survives intact.
func TestHTMLEscaping(t *testing.T) {
	r := hostileResult(t)
	p := readPage(t, r)
	html := p.html
	// Markup outside the script and style elements: element by element.
	scripts := 0
	for pos := 0; ; {
		loc := tagRE.FindStringSubmatchIndex(html[pos:])
		if loc == nil {
			break
		}
		closing, name, attrs := html[pos+loc[2]:pos+loc[3]], html[pos+loc[4]:pos+loc[5]], html[pos+loc[6]:pos+loc[7]]
		pos += loc[1]
		if !allowedTags[name] {
			t.Errorf("unexpected element <%s%s>", name, attrs)
		}
		for _, a := range attrRE.FindAllStringSubmatch(attrs, -1) {
			if !allowedAttrs[a[1]] && !(name == "!DOCTYPE" && a[1] == "html") {
				t.Errorf("unexpected attribute %s on <%s>", a[0], name)
			}
		}
		if closing == "" && (name == "script" || name == "style") {
			if name == "script" {
				scripts++
			}
			end := strings.Index(html[pos:], "</"+name+">")
			if end < 0 {
				t.Fatalf("<%s> not closed", name)
			}
			body := html[pos : pos+end]
			if strings.Contains(strings.ToLower(body), "<"+name) || strings.Contains(strings.ToLower(body), "<!--") {
				t.Errorf("<%s> body holds markup: %.200q", name, body)
			}
			pos += end
		}
	}
	if scripts != 3 {
		t.Errorf("%d script elements, want 3 (data, texts, code)", scripts)
	}
	if strings.Contains(html, "javascript:") && !strings.Contains(html, "#ZgotmplZ") {
		t.Errorf("javascript: URL not neutralised")
	}
	if strings.Contains(html, `href="javascript`) {
		t.Errorf("javascript: URL in an href")
	}
	// The hostile text is shown, escaped, in the title, the table and the notes.
	for _, want := range []string{"&lt;script&gt;window.pwned=1&lt;/script&gt;", "&lt;img src=x onerror=window.pwned=1&gt;.txt", "&lt;/textarea&gt;&lt;/title&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("escaped text %q missing", want)
		}
	}
	checkSpans(t, r, p)
	if p.texts[0] != r.Documents[0].Text || p.docs[1].ID != r.Documents[1].ID || p.kinds[len(p.kinds)-1] != hostile {
		t.Errorf("hostile text did not survive the round trip through the page data")
	}
}

// TestHTMLScriptHash checks that the page's Content-Security-Policy names
// the hash of the script it carries (else the browser would refuse to run
// it), and that it allows nothing from elsewhere.
func TestHTMLScriptHash(t *testing.T) {
	html := string(render(t, report.HTML, sample(t)))
	i := strings.LastIndex(html, "<script>")
	j := strings.LastIndex(html, "</script>")
	sum := sha256.Sum256([]byte(html[i+len("<script>") : j]))
	want := "script-src &#39;sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "&#39;"
	if !strings.Contains(html, want) {
		t.Errorf("CSP does not name the script's hash %s", want)
	}
	if !strings.Contains(html, "default-src &#39;none&#39;") {
		t.Errorf("CSP does not default to none")
	}
	for _, bad := range []string{" src=", "<link", "@import", "http://", "@font-face"} {
		if strings.Contains(html, bad) {
			t.Errorf("page refers to an outside resource: %q", bad)
		}
	}
	if n, m := strings.Count(html, "url("), strings.Count(html, "url(#"); n != m {
		t.Errorf("page has %d url() references, only %d to its own fragments", n, m)
	}
}

// bulkyResult is a Result whose texts are big enough to be carried
// deflated: 40 articles of 10,000 words, each copying a passage from the
// previous one, and one article in no match.
func bulkyResult(t *testing.T) *reprint.Result {
	t.Helper()
	words := strings.Fields("the storm hit the coast at dawn — officials said café naïve 😀 thousands fled inland on Monday")
	r := &reprint.Result{}
	for i := range 41 {
		var b strings.Builder
		b.WriteString("😀 ")
		for j := range 10000 {
			fmt.Fprintf(&b, "%s%d ", words[(i*7+j*j)%len(words)], j%97)
		}
		r.Documents = append(r.Documents, reprint.Document{ID: fmt.Sprintf("doc-%02d", i), Text: b.String()})
	}
	for i := 1; i < 40; i++ {
		o, c := r.Documents[i-1].Text, r.Documents[i].Text
		os := len("😀 ") * (i % 2) // at the start, or just after the emoji
		oe := os + 300
		for !utf8.RuneStart(o[oe]) {
			oe--
		}
		r.Matches = append(r.Matches, reprint.Match{Group: i, Kind: reprint.Syndicated, Words: 50, Jaccard: 0.5, Containment: 1,
			Origin: reprint.Endpoint{Doc: i - 1, Span: reprint.Span{Start: os, End: oe}},
			Copy:   reprint.Endpoint{Doc: i, Span: reprint.Span{Start: len(c) - 300, End: len(c)}}})
	}
	return r
}

func TestHTMLDeflatedTexts(t *testing.T) {
	r := bulkyResult(t)
	p := readPage(t, r)
	if !p.deflate {
		t.Fatalf("%d bytes of text carried plain", len(r.Documents)*len(r.Documents[0].Text))
	}
	checkSpans(t, r, p)
	for i, d := range r.Documents {
		want := d.Text
		if i == 40 {
			want = "" // in no match: never shown, not carried
		}
		if p.texts[i] != want {
			t.Errorf("text %d: %d bytes on the page, want %d", i, len(p.texts[i]), len(want))
		}
	}
	if raw := 40 * len(r.Documents[0].Text); len(p.html) > raw/2 {
		t.Errorf("page is %d bytes for %d bytes of text: not compressed", len(p.html), raw)
	}
	if a, b := render(t, report.HTML, r), render(t, report.HTML, r); !bytes.Equal(a, b) {
		t.Errorf("two renderings differ")
	}
}

var pathRE = regexp.MustCompile(`<path d="M(\d+) (\d+)C[\d ]+ (\d+) (\d+)"`)

// TestHTMLGraph checks the provenance graph: one arrow per origin-copy pair
// of articles, each pointing right (copies sit in later columns than their
// origins), one node per article involved in reuse across articles.
func TestHTMLGraph(t *testing.T) {
	for name, r := range map[string]*reprint.Result{"sample": sample(t), "bulky": bulkyResult(t), "long": longSample(t)} {
		t.Run(name, func(t *testing.T) {
			p := readPage(t, r)
			type pair struct{ o, c int }
			want := map[pair]bool{}
			involved := map[int]bool{}
			for _, m := range r.Matches {
				if m.Origin.Doc != m.Copy.Doc {
					want[pair{m.Origin.Doc, m.Copy.Doc}] = true
					involved[m.Origin.Doc], involved[m.Copy.Doc] = true, true
				}
			}
			if len(p.edges) != len(want) {
				t.Errorf("%d arrows, want %d", len(p.edges), len(want))
			}
			paths := pathRE.FindAllStringSubmatch(p.html, -1)
			if len(paths) != len(p.edges) {
				t.Fatalf("%d arrows drawn, %d in the data", len(paths), len(p.edges))
			}
			for i, e := range p.edges {
				if !want[pair{e[0], e[1]}] {
					t.Errorf("arrow %d→%d joins no match", e[0], e[1])
				}
				x1, _ := strconv.Atoi(paths[i][1])
				x2, _ := strconv.Atoi(paths[i][3])
				if x2 <= x1 {
					t.Errorf("arrow %d→%d points left (%d to %d)", e[0], e[1], x1, x2)
				}
				if pr := p.pairs[e[2]]; !(pr[0] == e[0] && pr[1] == e[1] || pr[0] == e[1] && pr[1] == e[0]) {
					t.Errorf("arrow %d→%d opens pair %v", e[0], e[1], pr[:2])
				}
			}
			if n := strings.Count(p.html, `<g class="n `); n != len(involved) {
				t.Errorf("%d nodes, want %d", n, len(involved))
			}
		})
	}
}

// TestHTMLCycle renders a hand-made Result whose articles copy from each
// other in a circle, which provenance never produces: the graph must still
// be drawn, every article once.
func TestHTMLCycle(t *testing.T) {
	docs := []reprint.Document{{ID: "a", Text: "one two three"}, {ID: "b", Text: "one two three"}, {ID: "c", Text: "one two three"}}
	var ms []reprint.Match
	for i := range 3 {
		ms = append(ms, reprint.Match{Group: i, Kind: reprint.Syndicated, Words: 3,
			Origin: reprint.Endpoint{Doc: i, Span: reprint.Span{End: 13}}, Copy: reprint.Endpoint{Doc: (i + 1) % 3, Span: reprint.Span{End: 13}}})
	}
	p := readPage(t, &reprint.Result{Documents: docs, Matches: ms})
	if n := strings.Count(p.html, `<g class="n `); n != 3 {
		t.Errorf("%d nodes, want 3", n)
	}
	if len(p.edges) != 3 {
		t.Errorf("%d arrows, want 3", len(p.edges))
	}
}

// TestHTMLPairs checks how pairs are listed: between articles first, by
// words copied, then internal repeats; the left article is an origin.
func TestHTMLPairs(t *testing.T) {
	p := readPage(t, sample(t))
	var got []string
	for _, pr := range p.pairs {
		got = append(got, fmt.Sprintf("%d-%d:%d", pr[0], pr[1], pr[2]))
	}
	// 0→1, 0→2, 0→3 carry 17 words each; 1→3 the quote (17) and the
	// boilerplate (16); 2-2 the internal pull quote.
	want := "1-3:33 0-1:17 0-2:17 0-3:17 2-2:15"
	if strings.Join(got, " ") != want {
		t.Errorf("pairs %s, want %s", strings.Join(got, " "), want)
	}
}

func TestHTMLHeader(t *testing.T) {
	html := string(render(t, report.HTML, sample(t)))
	for _, want := range []string{
		"<title>reprint report: 4 articles, 6 matches</title>",
		"4 articles read, 1 skipped; 6 matches in 4 passages (3 syndicated, 1 quote, 1 boilerplate, 1 internal)",
		`<b>4</b> article pairs`,
		`<b>1</b> with internal repeats`,
		`data-kind="3" checked><i class="swatch"></i>internal <small>1</small>`,
		"feed.jsonl:3: invalid JSON: unexpected end of input",
		`<span style="width:100%">`, // 003_gazette.txt is all reused
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// detectIn reads the articles at path and runs detection over them with
// the default options, as reprint report does.
func detectIn(t testing.TB, path string) *reprint.Result {
	t.Helper()
	c, err := corpus.Read(context.Background(), []string{path}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := detect.Run(context.Background(), c.Documents, detect.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	r.Skipped, r.Warnings = c.Skipped, c.Warnings
	return r
}

// TestHTMLSeeds checks every match of the seed articles' page lands on
// its spans (the page itself is a golden file of cmd/reprint's tests).
func TestHTMLSeeds(t *testing.T) {
	r := detectIn(t, "../testdata/seeds")
	checkSpans(t, r, readPage(t, r))
}

func TestHTMLNoMatches(t *testing.T) {
	for _, r := range []*reprint.Result{
		{Documents: []reprint.Document{{ID: "a.txt", Text: "one"}, {ID: "", Text: "two"}}},
		{},
	} {
		p := readPage(t, r)
		if len(p.pairs) != 0 || len(p.edges) != 0 || len(p.matches) != 0 {
			t.Errorf("pairs, arrows or matches with no matches: %v %v %v", p.pairs, p.edges, p.matches)
		}
		for i, text := range p.texts {
			if text != "" {
				t.Errorf("text %d carried though in no match", i)
			}
		}
		if data := scriptBody(t, p.html, "reprint-data"); strings.Contains(data, "null") {
			t.Errorf("null in the page data: %s", data)
		}
		if !strings.Contains(p.html, "No wording is shared between articles.") {
			t.Errorf("no 'No wording is shared' note")
		}
	}
}
