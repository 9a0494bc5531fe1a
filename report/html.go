package report

import (
	"bytes"
	"cmp"
	"compress/flate"
	"crypto/sha256"
	_ "embed" // the page's template, stylesheet and script
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
)

// The page is one html/template (contextual escaping for everything taken
// from the Result) with its stylesheet and script inlined, so the file
// opens offline and makes no requests.
var (
	//go:embed html/page.html.tmpl
	htmlPageSource string
	//go:embed html/style.css
	htmlStyle string
	//go:embed html/script.js
	htmlScript string

	htmlPage = template.Must(template.New("page").Parse(htmlPageSource))
)

// htmlCSP is the page's Content-Security-Policy. It allows nothing from
// anywhere (no network, no images, no frames) except the page's own inline
// stylesheet and the one inline script whose hash it names: even if some
// article text slipped through escaping, an injected <script> or onerror
// attribute would not run.
func htmlCSP() string {
	sum := sha256.Sum256([]byte(htmlScript))
	return "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}

// compressTextsAbove is the size of the article texts, as JSON, above which
// the page carries them deflated and base64-encoded (decoded in the browser
// with DecompressionStream): news text deflates to about a third, which
// keeps a report of hundreds of articles to a few megabytes (the 612
// Helsinki articles: 2.7 MB of text, 1.2 MB on the page). Smaller reports
// carry the texts as plain JSON, readable in the file itself. The default
// compression level is used: the best saves under 1% on news text and
// takes twice as long.
const compressTextsAbove = 256 << 10

// labelledNodes is the most articles the provenance graph labels with their
// ids; bigger graphs draw small dots and name them on hover.
const labelledNodes = 40

// maxDrawsShown is how many origin articles a row of the article table
// names; "+N more" stands for the rest, which filtering by the article
// lists (a copy of wire copy may draw from dozens).
const maxDrawsShown = 3

// htmlView is what the page template renders.
type htmlView struct {
	Title    string
	Summary  string
	Counts   []htmlCount
	Kinds    []htmlKind
	Params   string
	Skipped  []string
	Warnings []string
	Docs     []htmlDocRow
	Explain  []htmlExplainRow // nil unless matches carry explanations
	Graph    htmlGraph
	CSP      string
	Style    template.CSS
	Script   template.JS
	Data     template.JS // htmlData as JSON
	Texts    template.JS // the article texts as JSON (see htmlTexts)
}

// htmlCount is one figure in the page header: "12 matches".
type htmlCount struct {
	N    int
	What string
}

// htmlKind is one kind of reuse in the legend and the kind filter.
type htmlKind struct {
	Index int
	Name  string
	Class string // CSS class giving the kind its colour
	Count int
	Help  string
}

// htmlDocRow is one row of the article table.
type htmlDocRow struct {
	Index    int
	Label    string // id, or a placeholder when it is empty
	Title    string
	Source   string
	URL      string
	Date     string // YYYY-MM-DD, "" when undated
	DateFull string // RFC 3339
	Words    int
	Reused   string // share of reused words, "4%"
	Bar      string // bar width in percent
	Draws    []htmlRef
	More     int // origins not named in Draws
	Pairs    int // articles it shares wording with
	Repeats  int // internal repeats (matches inside the article)
}

// htmlRef names another article in a table cell.
type htmlRef struct {
	Index int
	Label string
}

// htmlData is the JSON the page's script reads: everything it needs to
// draw the side-by-side views, with offsets already in UTF-16 code units
// (the units JavaScript strings are indexed in).
type htmlData struct {
	Kinds   []string       `json:"kinds"`
	Docs    []htmlDocData  `json:"docs"`
	Matches []htmlMatch    `json:"matches"`
	Pairs   []htmlPairData `json:"pairs"`
	// Edges are the graph's arrows, in the order the page draws them, as
	// [origin, copy, pair, kinds] (kinds a bit set of kind indexes).
	Edges [][4]int `json:"edges"`
}

type htmlDocData struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
	Date   string `json:"date"`
}

// htmlMatch is one match, written as a compact JSON array (a report may
// carry thousands): [kind, dated, jaccard, containment, words, origin doc,
// origin start, origin end, copy doc, copy start, copy end], with kind an
// index into htmlData.Kinds and offsets in UTF-16 code units.
type htmlMatch struct {
	Kind               int
	Dated              bool
	Jaccard, Contain   float64
	Words              int
	ODoc, OStart, OEnd int
	CDoc, CStart, CEnd int
}

// MarshalJSON writes m as the compact array described on htmlMatch.
func (m htmlMatch) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(m.Kind), 10)
	b = append(b, ',')
	b = strconv.AppendBool(b, m.Dated)
	for _, f := range []float64{m.Jaccard, m.Contain} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, round4(f), 'f', -1, 64)
	}
	for _, n := range []int{m.Words, m.ODoc, m.OStart, m.OEnd, m.CDoc, m.CStart, m.CEnd} {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']'), nil
}

// htmlPairData is two articles that share wording (or one article with
// internal repeats, A == B): A is shown on the left, B on the right, and M
// lists their matches, indexes into htmlData.Matches. Words is the total
// length of the copies, by which pairs are listed. It is written as the
// JSON array [A, B, Words, M...].
type htmlPairData struct {
	A, B, Words int
	M           []int
}

// MarshalJSON writes p as the compact array described on htmlPairData.
func (p htmlPairData) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+4*len(p.M))
	b = append(b, '[')
	for i, n := range append([]int{p.A, p.B, p.Words}, p.M...) {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']'), nil
}

// htmlTexts is the JSON form of the article texts: an array of strings, or
// {"deflate": base64} holding that array deflated (RFC 1951). Only the
// texts of articles in some match are carried (the others are ""), as
// only they are ever shown.
func htmlTexts(r *reprint.Result) (template.JS, error) {
	texts := make([]string, len(r.Documents))
	for _, m := range r.Matches {
		texts[m.Origin.Doc] = r.Documents[m.Origin.Doc].Text
		texts[m.Copy.Doc] = r.Documents[m.Copy.Doc].Text
	}
	plain, err := json.Marshal(texts) // escapes <, >, &, U+2028 and U+2029
	if err != nil {
		return "", fmt.Errorf("report: html: encoding texts: %w", err)
	}
	if len(plain) <= compressTextsAbove {
		return template.JS(plain), nil
	}
	var z bytes.Buffer
	zw, err := flate.NewWriter(&z, flate.DefaultCompression)
	if err != nil {
		return "", fmt.Errorf("report: html: compressing texts: %w", err)
	}
	if _, err := zw.Write(plain); err != nil {
		return "", fmt.Errorf("report: html: compressing texts: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("report: html: compressing texts: %w", err)
	}
	wrapped, err := json.Marshal(map[string]string{"deflate": base64.StdEncoding.EncodeToString(z.Bytes())})
	if err != nil {
		return "", fmt.Errorf("report: html: encoding texts: %w", err)
	}
	return template.JS(wrapped), nil
}

// writeHTML renders r as one self-contained HTML page: an overview (counts,
// a provenance graph, each article's share of reused words and origins)
// and, for each pair of articles sharing wording, the two texts side by
// side with the shared passages highlighted. The texts are carried once
// each and the side-by-side views are drawn by the page's script on demand,
// so the file grows with the corpus, not with the number of pairs.
func writeHTML(buf *bytes.Buffer, r *reprint.Result) error {
	ps := passages(r)
	kinds := kindCounts(r)
	kindIndex := make(map[reprint.Kind]int, len(kinds)) // lookup only
	// Arrays are never null in the data, so the script need not check.
	data := htmlData{Kinds: make([]string, len(kinds)), Docs: make([]htmlDocData, 0, len(r.Documents))}
	view := htmlView{
		Summary:  summaryLine(r, ps),
		Params:   paramsLine(r.Params),
		CSP:      htmlCSP(),
		Style:    template.CSS(htmlStyle),
		Script:   template.JS(htmlScript),
		Warnings: r.Warnings,
	}
	for i, kc := range kinds {
		kindIndex[kc.kind] = i
		data.Kinds[i] = string(kc.kind)
		view.Kinds = append(view.Kinds, htmlKind{Index: i, Name: oneLine(string(kc.kind)), Class: kindClass(i), Count: kc.count, Help: kindHelp(kc.kind)})
	}
	for _, s := range r.Skipped {
		view.Skipped = append(view.Skipped, SkipLine(s))
	}

	data.Matches = htmlMatches(r, kindIndex)
	data.Pairs = htmlPairs(r)
	for i := range r.Documents {
		d := &r.Documents[i]
		dd := htmlDocData{ID: docLabel(r, i), Title: oneLine(d.Title), Source: oneLine(d.Source)}
		if d.Dated() {
			dd.Date = d.Date.Format("2006-01-02")
		}
		data.Docs = append(data.Docs, dd)
	}
	view.Docs = htmlDocRows(r, data.Pairs)
	view.Explain = htmlExplainRows(r)
	view.Graph = layoutGraph(r, data.Matches, data.Pairs)
	data.Edges = make([][4]int, len(view.Graph.Edges))
	for i, e := range view.Graph.Edges {
		data.Edges[i] = [4]int{e.Origin, e.Copy, e.Pair, e.Kinds}
	}

	view.Counts = headerCounts(r, len(ps), data.Pairs)
	view.Title = fmt.Sprintf("reprint report: %s, %s", plural(len(r.Documents), "article", "articles"), plural(len(r.Matches), "match", "matches"))

	js, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("report: html: encoding data: %w", err)
	}
	view.Data = template.JS(js)
	if view.Texts, err = htmlTexts(r); err != nil {
		return err
	}
	if err := htmlPage.Execute(buf, view); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return nil
}

// headerCounts are the figures the page header shows.
func headerCounts(r *reprint.Result, passages int, pairs []htmlPairData) []htmlCount {
	between, internal := 0, 0
	for _, p := range pairs {
		if p.A == p.B {
			internal++
		} else {
			between++
		}
	}
	count := func(n int, one, many string) htmlCount {
		if n == 1 {
			return htmlCount{n, one}
		}
		return htmlCount{n, many}
	}
	return []htmlCount{
		count(len(r.Documents), "article", "articles"),
		count(len(r.Matches), "match", "matches"),
		count(passages, "passage", "passages"),
		count(between, "article pair", "article pairs"),
		{internal, "with internal repeats"},
	}
}

// kindHelp explains a kind in the legend ("" for kinds reprint does not
// know).
func kindHelp(k reprint.Kind) string {
	switch k {
	case reprint.Syndicated:
		return "wording shared across articles: wire copy, republished paragraphs, lifted sentences"
	case reprint.Quote:
		return "shared wording that is a quotation in the articles carrying it"
	case reprint.Boilerplate:
		return "site furniture recurring across one source's articles or across very many articles"
	case reprint.Internal:
		return "wording repeated inside one article"
	case reprint.Phrase:
		return "a stock phrase: a few words, a scrap of a sentence, that articles on one beat share; no sign of reuse by itself"
	}
	return ""
}

// kindClass is the CSS class of the i-th kind of kindCounts: the known
// kinds come first and have colours of their own; any other shares grey.
func kindClass(i int) string {
	if i < len(knownKinds) {
		return "k" + strconv.Itoa(i)
	}
	return "kx"
}

func paramsLine(p reprint.Params) string {
	return fmt.Sprintf("shingle %d words · %d permutations · seed %d · threshold %s (%d bands × %d rows) · passages of at least %d words",
		p.Shingle, p.Permutations, p.Seed, strconv.FormatFloat(round4(p.Threshold), 'f', -1, 64), p.Bands, p.Rows, p.MinWords)
}

// htmlMatches converts the matches for the page, with offsets in UTF-16
// code units.
func htmlMatches(r *reprint.Result, kindIndex map[reprint.Kind]int) []htmlMatch {
	offs := make([][]int, len(r.Documents)) // byte offsets needed, per document
	for _, m := range r.Matches {
		offs[m.Origin.Doc] = append(offs[m.Origin.Doc], m.Origin.Span.Start, m.Origin.Span.End)
		offs[m.Copy.Doc] = append(offs[m.Copy.Doc], m.Copy.Span.Start, m.Copy.Span.End)
	}
	units := make([]map[int]int, len(r.Documents)) // byte offset -> UTF-16 offset
	for i, o := range offs {
		if len(o) > 0 {
			units[i] = utf16Offsets(r.Documents[i].Text, o)
		}
	}
	out := make([]htmlMatch, len(r.Matches))
	for i, m := range r.Matches {
		ou, cu := units[m.Origin.Doc], units[m.Copy.Doc]
		out[i] = htmlMatch{
			Kind: kindIndex[m.Kind], Dated: m.Dated,
			Jaccard: m.Jaccard, Contain: m.Containment, Words: m.Words,
			ODoc: m.Origin.Doc, OStart: ou[m.Origin.Span.Start], OEnd: ou[m.Origin.Span.End],
			CDoc: m.Copy.Doc, CStart: cu[m.Copy.Span.Start], CEnd: cu[m.Copy.Span.End],
		}
	}
	return out
}

// utf16Offsets maps each of the given byte offsets into s to the offset in
// UTF-16 code units of the same place in s as JavaScript sees it. Invalid
// UTF-8 bytes count one unit each, as encoding/json writes each as U+FFFD;
// an offset inside a multi-byte character maps to the character's start.
func utf16Offsets(s string, byteOffs []int) map[int]int {
	sorted := slices.Clone(byteOffs)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	out := make(map[int]int, len(sorted))
	pos, u := 0, 0 // byte position in s and the UTF-16 units before it
	for _, off := range sorted {
		for pos < off && pos < len(s) {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if pos+size > off {
				break // off is inside this character
			}
			pos += size
			if r >= 0x10000 {
				u += 2
			} else {
				u++
			}
		}
		out[off] = u
	}
	return out
}

// htmlPairs groups the matches by the pair of articles they join
// (unordered; internal matches make a pair of an article with itself).
// The left article of a pair is the origin of its first match. Pairs
// between two articles come first, those carrying the most copied words
// first; then the articles with internal repeats, likewise.
func htmlPairs(r *reprint.Result) []htmlPairData {
	type key struct{ a, b int }
	index := make(map[key]int) // lookup only
	pairs := []htmlPairData{}
	for i, m := range r.Matches {
		k := key{min(m.Origin.Doc, m.Copy.Doc), max(m.Origin.Doc, m.Copy.Doc)}
		j, ok := index[k]
		if !ok {
			j = len(pairs)
			index[k] = j
			pairs = append(pairs, htmlPairData{A: m.Origin.Doc, B: m.Copy.Doc})
		}
		pairs[j].M = append(pairs[j].M, i)
		pairs[j].Words += m.Words
	}
	slices.SortStableFunc(pairs, func(x, y htmlPairData) int {
		if c := cmp.Compare(b2i(x.A == x.B), b2i(y.A == y.B)); c != 0 {
			return c
		}
		return cmp.Compare(y.Words, x.Words)
	})
	return pairs
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// htmlDocRows builds the article table.
func htmlDocRows(r *reprint.Result, pairs []htmlPairData) []htmlDocRow {
	rows := make([]htmlDocRow, len(r.Documents))
	for i := range r.Documents {
		d := &r.Documents[i]
		st := stats(r, i)
		row := htmlDocRow{
			Index: i, Label: docLabel(r, i), Title: oneLine(d.Title), Source: oneLine(d.Source), URL: d.URL,
			Words: st.Words, Reused: reusedCell(st),
		}
		if d.Dated() {
			row.Date = d.Date.Format("2006-01-02")
			row.DateFull = d.Date.Format("2006-01-02T15:04:05Z07:00")
		}
		if st.Words > 0 {
			share := min(max(float64(st.ReusedWords)/float64(st.Words), 0), 1)
			row.Bar = strconv.FormatFloat(math.Round(share*1000)/10, 'f', -1, 64)
		} else {
			row.Bar = "0"
		}
		for _, o := range st.DrawsFrom[:min(len(st.DrawsFrom), maxDrawsShown)] {
			row.Draws = append(row.Draws, htmlRef{Index: o, Label: docLabel(r, o)})
		}
		row.More = len(st.DrawsFrom) - len(row.Draws)
		rows[i] = row
	}
	for _, p := range pairs {
		if p.A == p.B {
			rows[p.A].Repeats += len(p.M)
			continue
		}
		rows[p.A].Pairs++
		rows[p.B].Pairs++
	}
	return rows
}

// htmlGraph is the provenance graph: the articles involved in reuse across
// articles, in columns by provenance rank (an article's column is one more
// than its furthest origin's, so every arrow points right), with one arrow
// per origin-copy pair of articles, as thick as the words copied.
type htmlGraph struct {
	Width, Height int
	Labelled      bool
	Radius        int
	Columns       int
	Nodes         []htmlNode
	Edges         []htmlEdge
}

type htmlNode struct {
	Doc    int
	X, Y   int
	Label  string // id, shortened
	Tip    string // full description, on hover
	Share  string // CSS class by share of reused words
	LabelY int
}

type htmlEdge struct {
	Origin, Copy int // documents
	Pair         int // index into htmlData.Pairs
	Path         string
	Stroke       string // stroke width
	Kinds        int    // bit set of kind indexes
	Tip          string
}

// layoutGraph lays out the provenance graph. Layout is deterministic: ranks
// by longest path from the articles that copy from nobody, then within each
// column an order that pulls articles towards their neighbours (a few
// barycentre sweeps, ties kept in input order).
func layoutGraph(r *reprint.Result, ms []htmlMatch, pairs []htmlPairData) htmlGraph {
	n := len(r.Documents)
	type ekey struct{ o, c int }
	edgeIndex := make(map[ekey]int) // lookup only
	var edges []htmlEdge
	var words []int // per edge: words copied
	for pi, p := range pairs {
		if p.A == p.B {
			continue
		}
		for _, mi := range p.M {
			m := ms[mi]
			k := ekey{m.ODoc, m.CDoc}
			j, ok := edgeIndex[k]
			if !ok {
				j = len(edges)
				edgeIndex[k] = j
				edges = append(edges, htmlEdge{Origin: m.ODoc, Copy: m.CDoc, Pair: pi})
				words = append(words, 0)
			}
			edges[j].Kinds |= 1 << min(m.Kind, 30)
			words[j] += m.Words
		}
	}
	in := make([][]int, n)  // origins of each document
	out := make([][]int, n) // copies of each document
	involved := make([]bool, n)
	for _, e := range edges {
		in[e.Copy] = append(in[e.Copy], e.Origin)
		out[e.Origin] = append(out[e.Origin], e.Copy)
		involved[e.Origin], involved[e.Copy] = true, true
	}
	rank := ranks(in, out, involved)

	var cols [][]int
	for d := range n {
		if !involved[d] {
			continue
		}
		for len(cols) <= rank[d] {
			cols = append(cols, nil)
		}
		cols[rank[d]] = append(cols[rank[d]], d)
	}
	orderColumns(cols, in, out)

	g := htmlGraph{Columns: len(cols)}
	tall := 0
	for _, c := range cols {
		tall = max(tall, len(c))
	}
	nodes := 0
	for _, c := range cols {
		nodes += len(c)
	}
	colW, rowH, marginX, marginY := 44, 14, 14, 12
	g.Radius = 4
	if nodes <= labelledNodes {
		g.Labelled = true
		colW, rowH, marginX, marginY = 210, 46, 105, 14
		g.Radius = 7
	}
	g.Width = 2*marginX + max(len(cols)-1, 0)*colW
	g.Height = 2*marginY + max(tall-1, 0)*rowH
	if g.Labelled {
		g.Height += 18 // room for the last row's labels
	}
	x := make([]int, n)
	y := make([]int, n)
	for ci, c := range cols {
		top := marginY + (tall-len(c))*rowH/2
		for i, d := range c {
			x[d], y[d] = marginX+ci*colW, top+i*rowH
			st := stats(r, d)
			node := htmlNode{Doc: d, X: x[d], Y: y[d], Label: shortLabel(docLabel(r, d), 28), Share: shareClass(st), LabelY: y[d] + g.Radius + 13}
			node.Tip = docLabel(r, d)
			if t := oneLine(r.Documents[d].Title); t != "" {
				node.Tip += " — " + t
			}
			node.Tip += fmt.Sprintf("\n%s of its words reused; copies from %d, copied by %d", reusedCell(st), len(in[d]), len(out[d]))
			g.Nodes = append(g.Nodes, node)
		}
	}
	for i := range edges {
		e := &edges[i]
		x1, y1, x2, y2 := x[e.Origin]+g.Radius, y[e.Origin], x[e.Copy]-g.Radius-3, y[e.Copy]
		mid := (x1 + x2) / 2
		e.Path = fmt.Sprintf("M%d %dC%d %d %d %d %d %d", x1, y1, mid, y1, mid, y2, x2, y2)
		e.Stroke = strconv.FormatFloat(math.Round(10*(1+min(2, math.Log2(1+float64(words[i])/16)/2)))/10, 'f', -1, 64)
		if g.Labelled {
			e.Tip = fmt.Sprintf("%s → %s: %s copied", docLabel(r, e.Origin), docLabel(r, e.Copy), plural(words[i], "word", "words"))
		}
	}
	g.Edges = edges
	return g
}

// ranks gives each involved document its provenance rank: 0 for articles
// copying from no one, else one more than the highest-ranked origin
// (longest path in the origin-to-copy graph). Origins are earlier witnesses
// than their copies, so the graph has no cycles; should a hand-made Result
// have one anyway, the lowest-indexed document waiting on it is ranked
// from the origins already ranked, which breaks the cycle.
func ranks(in, out [][]int, involved []bool) []int {
	n := len(in)
	rank := make([]int, n)
	waiting := make([]int, n) // origins not yet ranked
	done := make([]bool, n)
	var ready []int
	for d := range n {
		waiting[d] = len(in[d])
		if involved[d] && waiting[d] == 0 {
			ready = append(ready, d)
		}
	}
	next := 0 // lowest document index possibly neither done nor ready
	for {
		for len(ready) > 0 {
			d := ready[0]
			ready = ready[1:]
			if done[d] {
				continue
			}
			done[d] = true
			for _, o := range in[d] {
				if done[o] {
					rank[d] = max(rank[d], rank[o]+1)
				}
			}
			for _, c := range out[d] {
				waiting[c]--
				if waiting[c] == 0 && !done[c] {
					ready = append(ready, c)
				}
			}
		}
		for next < n && (!involved[next] || done[next]) {
			next++
		}
		if next == n {
			return rank
		}
		ready = append(ready, next) // in a cycle: break it here
	}
}

// orderColumns orders each column to shorten arrows: a few sweeps, left to
// right and back, each sorting a column by the mean position of its
// articles' neighbours (positions measured from the column's centre, as
// columns differ in height). Stable sorting keeps ties in input order.
func orderColumns(cols [][]int, in, out [][]int) {
	pos := make([]float64, len(in))  // by document: place in its column
	bary := make([]float64, len(in)) // by document: sort key of one sweep
	place := func(c []int) {
		for i, d := range c {
			pos[d] = float64(i) - float64(len(c)-1)/2
		}
	}
	for _, c := range cols {
		place(c)
	}
	sweep := func(c []int, nbrs [][]int) {
		for _, d := range c {
			sum, k := 0.0, 0
			for _, o := range nbrs[d] {
				sum += pos[o]
				k++
			}
			if k == 0 {
				bary[d] = pos[d]
			} else {
				bary[d] = sum / float64(k)
			}
		}
		slices.SortStableFunc(c, func(a, b int) int { return cmp.Compare(bary[a], bary[b]) })
		place(c)
	}
	for range 4 {
		for i := 1; i < len(cols); i++ {
			sweep(cols[i], in)
		}
		for i := len(cols) - 2; i >= 0; i-- {
			sweep(cols[i], out)
		}
	}
}

// shareClass is the CSS class colouring a graph node by its share of
// reused words, in quarters.
func shareClass(st reprint.DocStats) string {
	if st.Words <= 0 || st.ReusedWords <= 0 {
		return "q0"
	}
	q := min(4, 1+4*st.ReusedWords/(st.Words+1))
	return "q" + strconv.Itoa(q)
}

// shortLabel cuts s to at most n runes, keeping its end (which tells
// similar ids apart) after an ellipsis.
func shortLabel(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return ellipsis + strings.TrimLeft(string(rs[len(rs)-n+1:]), " ")
}
