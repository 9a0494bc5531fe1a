package oldreport

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/reprint-tool/reprint"
)

const (
	// termWidth is the terminal width the table format fits every line in.
	termWidth = 100
	// tablePassage is how much of a passage the table format shows, in columns.
	tablePassage = 48
	// minFlexible is the narrowest a text column is squeezed to.
	minFlexible = 10
)

// cell is one table cell whose content depends on the width its column
// gets: natural is the width it would like, and lines lays it out in w
// columns.
type cell struct {
	natural int
	lines   func(w int) []string
}

// textCell is single-line text, word-wrapped to the column.
func textCell(s string) cell {
	return cell{width(s), func(w int) []string { return wrap(s, w) }}
}

// idCell is a document id followed by suffix; when the column is too narrow
// the id is cut from the left, keeping its distinguishing end and suffix.
func idCell(id, suffix string) cell {
	return cell{width(id) + width(suffix), func(w int) []string {
		return []string{truncateLeft(id, max(w-width(suffix), 2)) + suffix}
	}}
}

// listCell is a comma-separated list of ids, wrapped between items.
func listCell(items []string) cell {
	return cell{width(strings.Join(items, ", ")), func(w int) []string { return wrapList(items, w) }}
}

// column describes one table column.
type column struct {
	header string
	align  tw.Align
	min    int // narrowest the column may be made, besides its header's width
}

// renderBoxed draws a table with tablewriter, fitting it in termWidth
// columns by choosing every column's width and laying the cells out
// itself; tablewriter only draws the result.
func renderBoxed(buf *bytes.Buffer, cols []column, rows [][]cell) error {
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
	headers := make([]string, n)
	aligns := make(tw.Alignment, n)
	for c, col := range cols {
		headers[c] = col.header
		aligns[c] = col.align
		natural[c] = width(col.header)
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
	widths := fitWidths(natural, minimum, budget)
	layout := func() [][]string {
		data := make([][]string, len(rows))
		for i, row := range rows {
			data[i] = make([]string, n)
			for c, cl := range row {
				data[i][c] = strings.Join(cl.lines(widths[c]), "\n")
			}
		}
		return data
	}
	data := layout()
	// Wrapping seldom fills a column exactly. Give the columns that could
	// use more room what the others leave unused, a few times over.
	for range 4 {
		used := make([]int, n)
		for c := range cols {
			used[c] = width(cols[c].header)
		}
		for _, row := range data {
			for c, s := range row {
				for _, l := range strings.Split(s, "\n") {
					used[c] = max(used[c], width(l))
				}
			}
		}
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
		for k, c := range short {
			widths[c] += slack / len(short)
			if k < slack%len(short) {
				widths[c]++
			}
		}
		data = layout()
	}

	t := tablewriter.NewTable(buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: symbols})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(aligns),
	)
	t.Header(headers)
	if err := t.Bulk(data); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	return nil
}

func writeTable(buf *bytes.Buffer, r *reprint.Result) error {
	ps := passages(r)
	label := func(i int) string { return docLabel(r, i) }

	if len(ps) == 0 {
		buf.WriteString("no reused wording found\n")
	} else {
		cols := []column{
			{"#", tw.AlignRight, 0},
			{"passage", tw.AlignLeft, minFlexible},
			{"origin", tw.AlignLeft, minFlexible},
			{"found in", tw.AlignLeft, minFlexible},
			{"kind", tw.AlignLeft, minFlexible},
			{"sim", tw.AlignRight, 0},
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
				textCell(truncateRight(oneLine(o), tablePassage)),
				idCell(label(p.origin.Doc), mark),
				listCell(foundIn(r, p, label)),
				textCell(kindCell(p)),
				textCell(simCell(p)),
			}
		}
		if err := renderBoxed(buf, cols, rows); err != nil {
			return err
		}
		if anyUndated {
			writeWrapped(buf, undatedLegend, "", "  ")
		}
	}

	if len(r.Documents) > 0 {
		buf.WriteString("\n")
		cols := []column{
			{"article", tw.AlignLeft, minFlexible},
			{"paras", tw.AlignRight, 0},
			{"reused", tw.AlignRight, 0},
			{"draws from", tw.AlignLeft, minFlexible},
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
			writeWrapped(buf, skipLine(s), "  ", "      ")
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

// skipLine describes a skipped input as "path:line: reason", or
// "path: reason" when the input has no line number.
func skipLine(s reprint.Skip) string {
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
