package report

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/reprint-tool/reprint"
)

// mdPassage is how much of a passage the Markdown format shows, in columns.
const mdPassage = 120

// escapeMD makes s safe as inline text in a Markdown table cell or list
// item: it is put on one line, the characters Markdown would read as
// formatting or as a cell boundary are backslash-escaped, and <, > and &
// are written as entities so that HTML-ish text such as <script> shows as
// text.
func escapeMD(s string) string {
	rs := []rune(oneLine(s))
	var b strings.Builder
	b.Grow(len(rs) + 8)
	for i, r := range rs {
		switch r {
		case '_':
			// An underscore inside a word (000_wire.txt) cannot start or
			// end emphasis, so it is left as it is, for legibility.
			if i > 0 && i < len(rs)-1 && alnum(rs[i-1]) && alnum(rs[i+1]) {
				b.WriteRune(r)
				continue
			}
			b.WriteString("\\_")
		case '\\', '`', '*', '[', ']', '|', '~', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdRow writes one Markdown table row.
func mdRow(buf *bytes.Buffer, cells ...string) {
	buf.WriteString("|")
	for _, c := range cells {
		buf.WriteString(" ")
		buf.WriteString(c)
		buf.WriteString(" |")
	}
	buf.WriteString("\n")
}

func writeMarkdown(buf *bytes.Buffer, r *reprint.Result) error {
	ps := passages(r)
	label := func(i int) string { return escapeMD(docLabel(r, i)) }

	buf.WriteString("# reprint report\n\n")
	buf.WriteString(escapeMD(summaryLine(r, ps)))
	buf.WriteString("\n\n## Passages\n\n")
	if len(ps) == 0 {
		buf.WriteString("no reused wording found\n")
	} else {
		anyUndated := false
		mdRow(buf, "#", "passage", "origin", "found in", "kind", "sim")
		mdRow(buf, "--:", "---", "---", "---", "---", "--:")
		for _, p := range ps {
			o := r.Documents[p.origin.Doc].Text[p.origin.Span.Start:p.origin.Span.End]
			origin := label(p.origin.Doc)
			if p.undated {
				origin += " " + escapeMD(strings.TrimSpace(undatedMark))
				anyUndated = true
			}
			mdRow(buf,
				strconv.Itoa(p.group),
				escapeMD(oneLineTruncated(o, mdPassage)),
				origin,
				strings.Join(foundIn(r, p, label), ", "),
				escapeMD(kindCell(p)),
				simCell(p),
			)
		}
		if anyUndated {
			buf.WriteString("\n")
			buf.WriteString(escapeMD(undatedLegend))
			buf.WriteString("\n")
		}
		if hasExplain(r) {
			writeMarkdownExplain(buf, r)
		}
	}

	if len(r.Documents) > 0 {
		buf.WriteString("\n## Articles\n\n")
		mdRow(buf, "article", "title", "paras", "reused", "draws from")
		mdRow(buf, "---", "---", "--:", "--:", "---")
		for i := range r.Documents {
			st := stats(r, i)
			draws := make([]string, len(st.DrawsFrom))
			for j, d := range st.DrawsFrom {
				draws[j] = label(d)
			}
			mdRow(buf,
				label(i),
				escapeMD(r.Documents[i].Title),
				strconv.Itoa(st.Paragraphs),
				reusedCell(st),
				strings.Join(draws, ", "),
			)
		}
	}

	if len(r.Skipped) > 0 {
		buf.WriteString("\n## Skipped\n\n")
		for _, s := range r.Skipped {
			buf.WriteString("- ")
			buf.WriteString(escapeMD(SkipLine(s)))
			buf.WriteString("\n")
		}
	}
	if len(r.Warnings) > 0 {
		buf.WriteString("\n## Warnings\n\n")
		for _, w := range r.Warnings {
			buf.WriteString("- ")
			buf.WriteString(escapeMD(w))
			buf.WriteString("\n")
		}
	}
	return nil
}
