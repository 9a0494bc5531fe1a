package report

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/internal/partition"
)

const (
	// termWidth is the terminal width the table format fits every line in.
	termWidth = 100
	// tablePassage is how much of a passage the table format shows, in columns.
	tablePassage = 48
	// minFlexible is the narrowest a text column is squeezed to.
	minFlexible = 10
)

// cellKind says how a cell is laid out in the width its column gets.
type cellKind uint8

const (
	textKind cellKind = iota // single-line text, word-wrapped to the column
	idKind                   // a document id and a suffix, the id cut from the left to fit
	listKind                 // a comma-separated list of ids, wrapped between items
)

// cell is one table cell whose content depends on the width its column
// gets: natural is the width it would like, and layout lays it out.
type cell struct {
	kind    cellKind
	text    string   // textKind: the text; idKind: the id
	suffix  string   // idKind: what follows the id
	items   []string // listKind: the list
	natural int
	simple  bool // textKind: the text is normalASCII, so one line when it fits
}

// textCell is single-line text, word-wrapped to the column.
func textCell(s string) cell {
	if normalASCII(s) {
		return cell{kind: textKind, text: s, natural: len(s), simple: true}
	}
	return cell{kind: textKind, text: s, natural: width(s)}
}

// idCell is a document id followed by suffix; when the column is too narrow
// the id is cut from the left, keeping its distinguishing end and suffix.
func idCell(id, suffix string) cell {
	return cell{kind: idKind, text: id, suffix: suffix, natural: width(id) + width(suffix)}
}

// listCell is a comma-separated list of ids, wrapped between items.
func listCell(items []string) cell {
	n := 0
	for i, it := range items {
		if !printableASCII(it) {
			n = width(strings.Join(items, ", "))
			break
		}
		if i > 0 {
			n += len(", ")
		}
		n += len(it)
	}
	return cell{kind: listKind, items: items, natural: n}
}

// stackCell is a short list whose items may as well stand one per line:
// it asks only for the width of its widest item, so that a rare long list
// does not widen the whole column.
func stackCell(items []string) cell {
	c := listCell(items)
	c.natural = 0
	for i, it := range items {
		w := width(it)
		if i < len(items)-1 {
			w += len(",")
		}
		c.natural = max(c.natural, w)
	}
	return c
}

// layout lays the cell out in w columns. It returns its lines joined by
// newlines, as tablewriter takes them, and the width of the widest line.
func (c *cell) layout(w int) (string, int) {
	var lines []string
	switch c.kind {
	case idKind:
		s := truncateLeft(c.text, max(w-width(c.suffix), 2)) + c.suffix
		return s, linesWidth(s)
	case listKind:
		lines = wrapList(c.items, w)
	default:
		if c.simple && c.natural <= w {
			return c.text, c.natural // what wrap would give: the text on one line
		}
		lines = wrap(c.text, w)
	}
	if len(lines) == 1 {
		return lines[0], linesWidth(lines[0])
	}
	s := strings.Join(lines, "\n")
	return s, linesWidth(s)
}

// linesWidth is the width of the widest of the lines of s.
func linesWidth(s string) int {
	w := 0
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return max(w, width(s))
		}
		w = max(w, width(s[:i]))
		s = s[i+1:]
	}
}

// column describes one table column.
type column struct {
	header string
	align  tw.Align
	min    int // narrowest the column may be made, besides its header's width
	// weight is the column's claim on the width the narrow columns leave
	// (see fitWidths); 0 counts as 1.
	weight int
}

// renderBoxed draws a table with tablewriter, fitting it in termWidth
// columns by choosing every column's width and laying the cells out
// itself; tablewriter only draws the result.
func renderBoxed(buf *bytes.Buffer, cols []column, rows [][]cell) error {
	return renderBoxedChunks(buf, cols, rows, chunkRows)
}

// renderBoxedChunks is renderBoxed drawing chunk rows per tablewriter table.
func renderBoxedChunks(buf *bytes.Buffer, cols []column, rows [][]cell, chunk int) error {
	symbols := tw.NewSymbols(tw.StyleLight)
	if width(symbols.Row()) != 1 || width(symbols.Column()) != 1 || width(symbols.Center()) != 1 {
		// Box-drawing characters are East Asian ambiguous-width; where they
		// are measured as wide, tablewriter's rules come out ragged, so
		// draw with ASCII instead.
		symbols = tw.NewSymbols(tw.StyleASCII)
	}
	n := len(cols)
	overhead := (n+1)*width(symbols.Column()) + 2*n // borders and one space of padding each side
	natural := make([]int, n)
	minimum := make([]int, n)
	weight := make([]int, n)
	headers := make([]string, n)
	aligns := make(tw.Alignment, n)
	for c, col := range cols {
		headers[c] = col.header
		aligns[c] = col.align
		natural[c] = width(col.header)
		weight[c] = max(col.weight, 1)
	}
	for _, row := range rows {
		for c, cl := range row {
			natural[c] = max(natural[c], cl.natural)
		}
	}
	for c, col := range cols {
		minimum[c] = max(width(col.header), min(col.min, natural[c]))
	}
	budget := termWidth - overhead
	widths := fitWidths(natural, minimum, weight, budget)

	// data holds the cells laid out in the current widths, and used the
	// width of each column's widest line (or header). A column is laid out
	// again only when its width changes.
	data := make([][]string, len(rows))
	cells := make([]string, len(rows)*n)
	for i := range data {
		data[i] = cells[i*n : (i+1)*n : (i+1)*n]
	}
	used := make([]int, n)
	laidOut := make([]int, n)
	for c := range laidOut {
		laidOut[c] = -1
	}
	layout := func() {
		for c := range cols {
			if laidOut[c] == widths[c] {
				continue
			}
			laidOut[c] = widths[c]
			used[c] = width(cols[c].header)
			for i, row := range rows {
				s, w := row[c].layout(widths[c])
				data[i][c] = s
				used[c] = max(used[c], w)
			}
		}
	}
	layout()
	// Wrapping seldom fills a column exactly. Give the columns that could
	// use more room what the others leave unused, a few times over.
	for range 4 {
		slack := budget
		var short []int // columns narrower than their content would like
		for c := range cols {
			slack -= used[c]
			if natural[c] > widths[c] {
				short = append(short, c)
			}
		}
		if slack <= 0 || len(short) == 0 {
			break
		}
		for c := range cols {
			widths[c] = used[c]
		}
		// Share the slack by weight; what rounding leaves goes one column
		// at a time, in column order.
		weights := 0
		for _, c := range short {
			weights += weight[c]
		}
		given := 0
		for _, c := range short {
			add := slack * weight[c] / weights
			widths[c] += add
			given += add
		}
		for k := 0; given < slack; k++ {
			widths[short[k%len(short)]]++
			given++
		}
		layout()
	}

	pinned := tw.NewMapper[int, int]()
	for c := range cols {
		pinned.Set(c, used[c]+2) // tablewriter's widths include the padding
	}
	return drawChunked(buf, func(out *bytes.Buffer, rows [][]string) error {
		t := tablewriter.NewTable(out,
			tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: symbols})),
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithAlignment(aligns),
			tablewriter.WithColumnWidths(pinned),
			// The cells come laid out to fit their columns (layout), so
			// tablewriter has nothing to wrap.
			tablewriter.WithRowAutoWrap(tw.WrapNone),
		)
		t.Header(headers)
		if err := t.Bulk(rows); err != nil {
			return fmt.Errorf("report: table: %w", err)
		}
		if err := t.Render(); err != nil {
			return fmt.Errorf("report: table: %w", err)
		}
		return nil
	}, data, chunk)
}

// renderChunks calls render(k, out) for every chunk k in [0, n) on all
// cores, each into a buffer of its own, and returns the buffers in chunk
// order, or the chunks' errors.
func renderChunks(n int, render func(k int, out *bytes.Buffer) error) ([]bytes.Buffer, error) {
	outs := make([]bytes.Buffer, n)
	errs := make([]error, n)
	partition.Each(n, runtime.GOMAXPROCS(0), func(k int) { errs[k] = render(k, &outs[k]) })
	return outs, errors.Join(errs...)
}

// chunkRows is how many rows one tablewriter table draws.
const chunkRows = 256

// drawChunked draws the rows of one table as consecutive tables of
// chunk rows each, on all cores, and joins them into the one table
// draw would give for all the rows: every chunk is drawn with its header
// and borders (in pinned column widths, so all chunks agree), then the
// top border, header and header rule are cut from all chunks but the
// first and the bottom border from all but the last. tablewriter draws
// a 10,000-row table in about a second on one core, most of it measuring
// and padding cells; chunks share that work out.
func drawChunked(buf *bytes.Buffer, draw func(*bytes.Buffer, [][]string) error, rows [][]string, chunk int) error {
	if len(rows) <= chunk {
		return draw(buf, rows)
	}
	n := (len(rows) + chunk - 1) / chunk
	outs, err := renderChunks(n, func(k int, out *bytes.Buffer) error {
		return draw(out, rows[k*chunk:min(len(rows), (k+1)*chunk)])
	})
	if err != nil {
		return err
	}
	for k := range outs {
		b := outs[k].Bytes()
		if k > 0 {
			b = cutLines(b, 3) // top border, header, header rule
		}
		if k < n-1 {
			b = b[:lastLineStart(b)] // bottom border
		}
		buf.Write(b)
	}
	return nil
}

// cutLines returns b without its first n lines.
func cutLines(b []byte, n int) []byte {
	for range n {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil
		}
		b = b[i+1:]
	}
	return b
}

// lastLineStart returns where the last line of b (which ends in a newline)
// starts.
func lastLineStart(b []byte) int {
	return bytes.LastIndexByte(b[:max(0, len(b)-1)], '\n') + 1
}

func writeTable(buf *bytes.Buffer, r *reprint.Result) error {
	ps := passages(r)
	label := func(i int) string { return docLabel(r, i) }

	if len(ps) == 0 {
		buf.WriteString("no reused wording found\n")
	} else {
		cols := []column{
			{"#", tw.AlignRight, 0, 1},
			// The passage is what a reader reads: it gets twice the room
			// of the other text columns, so it wraps to a line or two.
			{"passage", tw.AlignLeft, minFlexible, 2},
			{"origin", tw.AlignLeft, minFlexible, 1},
			{"found in", tw.AlignLeft, minFlexible, 1},
			{"kind", tw.AlignLeft, minFlexible, 1},
			{"sim", tw.AlignRight, 0, 1},
		}
		rows := make([][]cell, len(ps))
		anyUndated := false
		for i, p := range ps {
			o := r.Documents[p.origin.Doc].Text[p.origin.Span.Start:p.origin.Span.End]
			mark := ""
			if p.undated {
				mark, anyUndated = undatedMark, true
			}
			rows[i] = []cell{
				textCell(strconv.Itoa(p.group)),
				textCell(oneLineTruncated(o, tablePassage)),
				idCell(label(p.origin.Doc), mark),
				listCell(foundIn(r, p, label)),
				stackCell(kindNames(p)),
				textCell(simCell(p)),
			}
		}
		if err := renderBoxed(buf, cols, rows); err != nil {
			return err
		}
		if anyUndated {
			writeWrapped(buf, undatedLegend, "", "  ")
		}
		if hasExplain(r) {
			writeTableExplain(buf, r)
		}
	}

	if len(r.Documents) > 0 {
		buf.WriteString("\n")
		cols := []column{
			{"article", tw.AlignLeft, minFlexible, 1},
			{"paras", tw.AlignRight, 0, 1},
			{"reused", tw.AlignRight, 0, 1},
			{"draws from", tw.AlignLeft, minFlexible, 1},
		}
		rows := make([][]cell, len(r.Documents))
		for i := range r.Documents {
			st := stats(r, i)
			draws := make([]string, len(st.DrawsFrom))
			for j, d := range st.DrawsFrom {
				draws[j] = label(d)
			}
			rows[i] = []cell{
				idCell(label(i), ""),
				textCell(strconv.Itoa(st.Paragraphs)),
				textCell(reusedCell(st)),
				listCell(draws),
			}
		}
		if err := renderBoxed(buf, cols, rows); err != nil {
			return err
		}
	}

	buf.WriteString("\n")
	writeWrapped(buf, summaryLine(r, ps), "", "  ")

	if len(r.Skipped) > 0 {
		buf.WriteString("\nskipped:\n")
		for _, s := range r.Skipped {
			writeWrapped(buf, SkipLine(s), "  ", "      ")
		}
	}
	if len(r.Warnings) > 0 {
		buf.WriteString("\nwarnings:\n")
		for _, w := range r.Warnings {
			writeWrapped(buf, oneLine(w), "  ", "      ")
		}
	}
	return nil
}

// SkipLine says where an input was skipped and why, as "path:line: reason"
// ("path: reason" for whole files), made safe to print on one line.
func SkipLine(s reprint.Skip) string {
	where := oneLine(s.Path)
	if s.Line > 0 {
		where += ":" + strconv.Itoa(s.Line)
	}
	return where + ": " + oneLine(s.Reason)
}

// writeWrapped writes the single-line text s wrapped to termWidth, its
// first line after indent and the others after hang.
func writeWrapped(buf *bytes.Buffer, s, indent, hang string) {
	lines := wrap(s, termWidth-max(width(indent), width(hang)))
	for i, l := range lines {
		if i == 0 {
			buf.WriteString(indent)
		} else {
			buf.WriteString(hang)
		}
		buf.WriteString(l)
		buf.WriteString("\n")
	}
}
