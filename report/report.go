// Package report renders a reprint.Result for people and for programs: as a
// terminal table (the default), as JSON with a stable, documented schema
// (see SCHEMA.md), as CSV with one row per match, as Markdown, or as one
// self-contained HTML page showing each pair of articles side by side with
// the shared passages highlighted.
//
// Rendering is pure: report finds nothing and decides nothing, it only lays
// out what the detection and provenance stages produced. Output is
// deterministic: the same Result always gives byte-identical output, with no
// timestamps and nothing that depends on map order.
//
// The table format fits every line in 100 terminal columns. It measures text
// with tablewriter's display-width rules, which follow the
// RUNEWIDTH_EASTASIAN environment variable and the locale; where East Asian
// ambiguous-width characters count as two columns, the layout adapts (and
// the borders are drawn in ASCII), so table output is identical for the
// same Result in the same environment.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/reprint-tool/reprint"
)

// Format is an output format.
type Format string

// The output formats.
const (
	Table    Format = "table"    // boxed tables for a 100-column terminal
	JSON     Format = "json"     // the reprint/report/v1 schema, see SCHEMA.md
	CSV      Format = "csv"      // one row per match
	Markdown Format = "markdown" // GitHub-flavoured Markdown
	HTML     Format = "html"     // one self-contained page: overview and side-by-side views
)

// Formats lists the output formats, the default (Table) first.
func Formats() []Format { return []Format{Table, JSON, CSV, Markdown, HTML} }

// ParseFormat returns the format named s, ignoring case and surrounding
// space. "md" is accepted for Markdown, and the empty string means Table,
// the default. The error for any other name lists the valid ones.
func ParseFormat(s string) (Format, error) {
	switch name := strings.ToLower(strings.TrimSpace(s)); name {
	case "":
		return Table, nil
	case "md":
		return Markdown, nil
	default:
		for _, f := range Formats() {
			if name == string(f) {
				return f, nil
			}
		}
	}
	return "", fmt.Errorf("unknown format %q (valid formats: %s)", s, formatNames())
}

func formatNames() string {
	names := make([]string, 0, 4)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// Write renders r to w in format f (the empty Format means Table). It
// checks r first and writes nothing when r is inconsistent: a match or a
// DrawsFrom entry naming a document that does not exist, a span outside its
// document's text, or a similarity or parameter that is not a finite
// number. The whole report is rendered before anything is written, so w
// gets one Write call.
func Write(w io.Writer, f Format, r *reprint.Result) error {
	if err := validate(r); err != nil {
		return err
	}
	var buf bytes.Buffer
	var err error
	switch f {
	case Table, "":
		err = writeTable(&buf, r)
	case JSON:
		err = writeJSON(&buf, r)
	case CSV:
		err = writeCSV(&buf, r)
	case Markdown:
		err = writeMarkdown(&buf, r)
	case HTML:
		err = writeHTML(&buf, r)
	default:
		return fmt.Errorf("report: unknown format %q (valid formats: %s)", string(f), formatNames())
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// validate checks that everything r refers to exists, so the renderers can
// index and slice without checking.
func validate(r *reprint.Result) error {
	if r == nil {
		return errors.New("report: nil result")
	}
	if len(r.Stats) != 0 && len(r.Stats) != len(r.Documents) {
		return fmt.Errorf("report: %d stats for %d documents", len(r.Stats), len(r.Documents))
	}
	for i, st := range r.Stats {
		for _, d := range st.DrawsFrom {
			if d < 0 || d >= len(r.Documents) {
				return fmt.Errorf("report: document %d draws from document %d, which does not exist", i, d)
			}
		}
	}
	checkEnd := func(i int, side string, e reprint.Endpoint) error {
		if e.Doc < 0 || e.Doc >= len(r.Documents) {
			return fmt.Errorf("report: match %d: %s document %d does not exist (%d documents)", i, side, e.Doc, len(r.Documents))
		}
		n := len(r.Documents[e.Doc].Text)
		if e.Span.Start < 0 || e.Span.Start > e.Span.End || e.Span.End > n {
			return fmt.Errorf("report: match %d: %s span [%d,%d) is outside document %q (%d bytes)",
				i, side, e.Span.Start, e.Span.End, r.Documents[e.Doc].ID, n)
		}
		return nil
	}
	for i, m := range r.Matches {
		if err := checkEnd(i, "origin", m.Origin); err != nil {
			return err
		}
		if err := checkEnd(i, "copy", m.Copy); err != nil {
			return err
		}
		if !finite(m.Jaccard) || !finite(m.Containment) {
			return fmt.Errorf("report: match %d: similarity is not a finite number (jaccard %v, containment %v)", i, m.Jaccard, m.Containment)
		}
		if err := validateExplain(m.Explain); err != nil {
			return fmt.Errorf("report: match %d: %w", i, err)
		}
	}
	if !finite(r.Params.Threshold) {
		return fmt.Errorf("report: threshold %v is not a finite number", r.Params.Threshold)
	}
	for _, p := range r.Params.Probability {
		if !finite(p.Jaccard) || !finite(p.Probability) {
			return fmt.Errorf("report: probability point (%v, %v) is not finite", p.Jaccard, p.Probability)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// round4 rounds x to 4 decimal places (and turns -0 into 0).
func round4(x float64) float64 {
	x = math.Round(x*1e4) / 1e4
	if x == 0 {
		return 0
	}
	return x
}

// stats returns document i's stats, or zero stats when r carries none.
func stats(r *reprint.Result, i int) reprint.DocStats {
	if i < len(r.Stats) {
		return r.Stats[i]
	}
	return reprint.DocStats{}
}

// passage gathers the matches of one group: the copies of one passage.
type passage struct {
	group   int
	matches []int // indexes into Result.Matches, in Result order
	origin  reprint.Endpoint
	kinds   []reprint.Kind // distinct, in order of first appearance
	copies  []int          // distinct copy documents, in order of first appearance
	minJ    float64
	maxJ    float64
	// undated is true when some non-internal copy's origin was not chosen
	// because it is dated earlier (dates missing or equal).
	undated bool
}

// passages groups r.Matches by Group, in order of first appearance (which is
// group order, as Matches arrive sorted by group). The origin shown for a
// passage is that of its first match.
func passages(r *reprint.Result) []*passage {
	var ps []*passage
	byGroup := make(map[int]*passage) // lookup only, never iterated
	for i, m := range r.Matches {
		p := byGroup[m.Group]
		if p == nil {
			p = &passage{group: m.Group, origin: m.Origin, minJ: m.Jaccard, maxJ: m.Jaccard}
			byGroup[m.Group] = p
			ps = append(ps, p)
		}
		p.matches = append(p.matches, i)
		if !containsKind(p.kinds, m.Kind) {
			p.kinds = append(p.kinds, m.Kind)
		}
		if !containsInt(p.copies, m.Copy.Doc) {
			p.copies = append(p.copies, m.Copy.Doc)
		}
		p.minJ = min(p.minJ, m.Jaccard)
		p.maxJ = max(p.maxJ, m.Jaccard)
		if !m.Dated && m.Kind != reprint.Internal {
			p.undated = true
		}
	}
	return ps
}

func containsKind(ks []reprint.Kind, k reprint.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// knownKinds are the kinds in the order summaries list them.
var knownKinds = []reprint.Kind{reprint.Syndicated, reprint.Quote, reprint.Boilerplate, reprint.Internal, reprint.Phrase}

type kindCount struct {
	kind  reprint.Kind
	count int
}

// kindCounts counts matches by kind: the known kinds first, in knownKinds
// order, then any others by name. Known kinds are listed even when zero.
func kindCounts(r *reprint.Result) []kindCount {
	counts := make(map[reprint.Kind]int)
	for _, m := range r.Matches {
		counts[m.Kind]++
	}
	var out []kindCount
	for _, k := range knownKinds {
		out = append(out, kindCount{k, counts[k]})
		delete(counts, k)
	}
	var other []reprint.Kind
	for k := range counts {
		other = append(other, k)
	}
	sort.Slice(other, func(i, j int) bool { return other[i] < other[j] })
	for _, k := range other {
		out = append(out, kindCount{k, counts[k]})
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Summary says in one line what a run read and found, e.g. "5 articles
// read, 0 skipped; 12 matches in 7 passages (7 syndicated, 2 quote, 3
// internal)": the line the table and Markdown formats end with.
func Summary(r *reprint.Result) string { return summaryLine(r, passages(r)) }

// summaryLine is the one-line account of a run shared by the table and
// Markdown formats, e.g. "5 articles read, 0 skipped; 12 matches in 7
// passages (7 syndicated, 2 quote, 3 internal)".
func summaryLine(r *reprint.Result, ps []*passage) string {
	s := fmt.Sprintf("%s read, %d skipped; ", plural(len(r.Documents), "article", "articles"), len(r.Skipped))
	if r.Index != nil {
		s = fmt.Sprintf("%s checked against an index of %s, %d skipped; ",
			plural(r.Index.Checked, "article", "articles"), plural(r.Index.Indexed, "article", "articles"), len(r.Skipped))
	}
	if len(r.Matches) == 0 {
		return s + "no reused wording found"
	}
	s += fmt.Sprintf("%s in %s", plural(len(r.Matches), "match", "matches"), plural(len(ps), "passage", "passages"))
	var parts []string
	for _, kc := range kindCounts(r) {
		if kc.count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", kc.count, oneLine(string(kc.kind))))
		}
	}
	return s + " (" + strings.Join(parts, ", ") + ")"
}

// docLabel is how tables show document i: its id made safe for one line,
// or a placeholder when the id is empty.
func docLabel(r *reprint.Result, i int) string {
	if id := oneLine(r.Documents[i].ID); id != "" {
		return id
	}
	return fmt.Sprintf("(document %d)", i)
}

// maxFoundIn is how many copy documents a passage row names before it
// summarises the rest as "+N more".
const maxFoundIn = 4

// foundIn lists the labels of a passage's copy documents, at most
// maxFoundIn of them followed by "+N more".
func foundIn(r *reprint.Result, p *passage, label func(int) string) []string {
	var items []string
	for i, d := range p.copies {
		if i == maxFoundIn {
			items = append(items, fmt.Sprintf("+%d more", len(p.copies)-maxFoundIn))
			break
		}
		items = append(items, label(d))
	}
	return items
}

// simCell shows a passage's Jaccard similarity: one value when all its
// copies round to the same, otherwise the range.
func simCell(p *passage) string {
	lo, hi := fmt.Sprintf("%.2f", p.minJ), fmt.Sprintf("%.2f", p.maxJ)
	if lo == hi {
		return lo
	}
	return lo + "–" + hi
}

// kindCell names a passage's kinds (normally one).
func kindCell(p *passage) string {
	return strings.Join(kindNames(p), ", ")
}

// kindNames lists a passage's kinds (normally one).
func kindNames(p *passage) []string {
	names := make([]string, len(p.kinds))
	for i, k := range p.kinds {
		names[i] = oneLine(string(k))
	}
	return names
}

// reusedCell shows the share of a document's words that are reused, as a
// whole percentage; "<1%" and ">99%" keep a little reuse, or a little
// original wording, from rounding away.
func reusedCell(st reprint.DocStats) string {
	if st.Words <= 0 {
		return "-"
	}
	pct := math.Round(100 * float64(st.ReusedWords) / float64(st.Words))
	switch {
	case st.ReusedWords > 0 && pct < 1:
		return "<1%"
	case st.ReusedWords < st.Words && pct > 99:
		return ">99%"
	}
	return fmt.Sprintf("%.0f%%", pct)
}

// undatedMark follows the origin of a passage whose origin is not proven by
// date; undatedLegend explains it under the table.
const (
	undatedMark   = " *"
	undatedLegend = "* origin not dated earlier than its copies (date missing or equal): chosen by tie-break"
)
