package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/reprint-tool/reprint"
)

// The explanations (reprint.Explanation) of a run made with --explain.
// Every format shows them only when some match carries one, so a report
// without them is what it always was, byte for byte.

// hasExplain reports whether any match of r carries an explanation.
func hasExplain(r *reprint.Result) bool {
	for i := range r.Matches {
		if r.Matches[i].Explain != nil {
			return true
		}
	}
	return false
}

// validateExplain checks that an explanation's similarities are finite
// numbers (nil is valid).
func validateExplain(x *reprint.Explanation) error {
	if x == nil {
		return nil
	}
	for _, v := range []float64{x.Jaccard, x.OriginInCopy, x.CopyInOrigin, x.EstimatedJaccard} {
		if !finite(v) {
			return fmt.Errorf("explanation: similarity %v is not a finite number", v)
		}
	}
	for _, p := range x.Paragraphs {
		if !finite(p.Jaccard) || !finite(p.EstimatedJaccard) {
			return fmt.Errorf("explanation: paragraph similarity (%v, %v) is not a finite number", p.Jaccard, p.EstimatedJaccard)
		}
	}
	return nil
}

// ranges writes ascending integers with runs shortened: "0-3,7,9-10".
func ranges(xs []int) string {
	var b strings.Builder
	for i := 0; i < len(xs); {
		j := i
		for j+1 < len(xs) && xs[j+1] == xs[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(xs[i]))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(xs[j]))
		}
		i = j + 1
	}
	return b.String()
}

// foundBy names the routes that put seeds in the passage, for people.
func foundBy(x *reprint.Explanation) string {
	var parts []string
	for _, r := range x.Routes {
		switch r {
		case reprint.ShingleRoute:
			parts = append(parts, fmt.Sprintf("shingles (%s in the passage, %d in the article pair)",
				plural(x.ShingleSeeds, "seed", "seeds"), x.PairShingleSeeds))
		case reprint.LSHRoute:
			parts = append(parts, "LSH")
		case reprint.SentenceRoute:
			parts = append(parts, "sentence alignment (the content words agree sentence by sentence)")
		default:
			parts = append(parts, string(r))
		}
	}
	if len(parts) == 0 {
		return "neither: no seed in the passage, aligned from seeds beside it"
	}
	return strings.Join(parts, " and ")
}

// routeNames lists the routes by name joined by "+", "-" for none.
func routeNames(x *reprint.Explanation) string {
	if len(x.Routes) == 0 {
		return "-"
	}
	names := make([]string, len(x.Routes))
	for i, r := range x.Routes {
		names[i] = string(r)
	}
	return strings.Join(names, "+")
}

// bandPairs lists the paragraph pairs that collided in some LSH band, as
// "¶1→¶2 bands 0-13 (linked)" (or with the given arrow and separator);
// "none" when no band collided.
func bandPairs(x *reprint.Explanation, arrow, sep string) string {
	var parts []string
	for _, p := range x.Paragraphs {
		if len(p.Bands) == 0 {
			continue
		}
		s := fmt.Sprintf("¶%d%s¶%d bands %s", p.Origin, arrow, p.Copy, ranges(p.Bands))
		if p.Linked {
			s += " (linked)"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, sep)
}

// explainLine says in one line how a match was found.
func explainLine(x *reprint.Explanation) string {
	how := "found by " + foundBy(x)
	if len(x.Routes) == 0 {
		how = "no seed in the passage: aligned from seeds beside it"
	}
	return fmt.Sprintf("%d shared shingles (origin %d, copy %d); Jaccard %.2f, MinHash estimate %.2f; "+
		"containment %.2f of the origin, %.2f of the copy; %s; LSH bands collided: %s",
		x.SharedShingles, x.OriginShingles, x.CopyShingles, x.Jaccard, x.EstimatedJaccard,
		x.OriginInCopy, x.CopyInOrigin, how, bandPairs(x, "→", ", "))
}

// matchLabel names a match's articles for a line of its own: "#3 a → b",
// or "#3 a (internal)".
func matchLabel(r *reprint.Result, m *reprint.Match) string {
	if m.Origin.Doc == m.Copy.Doc {
		return fmt.Sprintf("#%d %s (internal)", m.Group, docLabel(r, m.Copy.Doc))
	}
	return fmt.Sprintf("#%d %s → %s", m.Group, docLabel(r, m.Origin.Doc), docLabel(r, m.Copy.Doc))
}

// writeTableExplain writes the table format's "how found" section: a
// wrapped line per explained match, in Result order.
func writeTableExplain(buf *bytes.Buffer, r *reprint.Result) {
	buf.WriteString("\nhow found (¶ numbers paragraphs from 0):\n")
	for i := range r.Matches {
		m := &r.Matches[i]
		if m.Explain == nil {
			continue
		}
		writeWrapped(buf, matchLabel(r, m)+": "+explainLine(m.Explain), "  ", "      ")
	}
}

// writeMarkdownExplain writes the Markdown format's "How matches were
// found" section: a table row per explained match.
func writeMarkdownExplain(buf *bytes.Buffer, r *reprint.Result) {
	buf.WriteString("\n## How matches were found\n\n")
	mdRow(buf, "#", "origin", "copy", "shared shingles", "Jaccard", "MinHash est.", "origin in copy", "copy in origin", "found by", "LSH bands collided")
	mdRow(buf, "--:", "---", "---", "--:", "--:", "--:", "--:", "--:", "---", "---")
	for i := range r.Matches {
		m := &r.Matches[i]
		x := m.Explain
		if x == nil {
			continue
		}
		mdRow(buf,
			strconv.Itoa(m.Group),
			escapeMD(docLabel(r, m.Origin.Doc)),
			escapeMD(docLabel(r, m.Copy.Doc)),
			fmt.Sprintf("%d of %d / %d", x.SharedShingles, x.OriginShingles, x.CopyShingles),
			fmt.Sprintf("%.2f", x.Jaccard),
			fmt.Sprintf("%.2f", x.EstimatedJaccard),
			fmt.Sprintf("%.2f", x.OriginInCopy),
			fmt.Sprintf("%.2f", x.CopyInOrigin),
			escapeMD(foundBy(x)),
			escapeMD(bandPairs(x, "→", ", ")),
		)
	}
}

// csvExplainHeader names the columns the CSV format adds when matches
// carry explanations: found_by is the routes joined by "+" ("shingles",
// "lsh", "sentences", in that order) or "-", and lsh_bands lists the paragraph pairs that collided in some band
// as "origin/copy:bands" (paragraphs from 0, bands as "0-3,7"), separated
// by spaces, a "*" after the pairs LSH linked.
var csvExplainHeader = []string{
	"shared_shingles", "origin_shingles", "copy_shingles",
	"origin_in_copy", "copy_in_origin", "estimated_jaccard",
	"shingle_seeds", "pair_shingle_seeds", "found_by", "lsh_bands",
}

// csvExplain fills the explanation columns of a CSV row (empty for a match
// without one).
func csvExplain(row []string, x *reprint.Explanation) {
	if x == nil {
		clear(row)
		return
	}
	row[0] = strconv.Itoa(x.SharedShingles)
	row[1] = strconv.Itoa(x.OriginShingles)
	row[2] = strconv.Itoa(x.CopyShingles)
	row[3] = formatFloat(x.OriginInCopy)
	row[4] = formatFloat(x.CopyInOrigin)
	row[5] = formatFloat(x.EstimatedJaccard)
	row[6] = strconv.Itoa(x.ShingleSeeds)
	row[7] = strconv.Itoa(x.PairShingleSeeds)
	row[8] = routeNames(x)
	var bands []string
	for _, p := range x.Paragraphs {
		if len(p.Bands) == 0 {
			continue
		}
		s := fmt.Sprintf("%d/%d:%s", p.Origin, p.Copy, ranges(p.Bands))
		if p.Linked {
			s += "*"
		}
		bands = append(bands, s)
	}
	row[9] = strings.Join(bands, " ")
}

// htmlExplainRow is one row of the HTML page's "How matches were found"
// table.
type htmlExplainRow struct {
	Group        int
	Origin, Copy string
	Shared       string
	Jaccard      string
	Estimate     string
	OriginInCopy string
	CopyInOrigin string
	FoundBy      string
	Bands        string
}

// htmlExplainRows builds that table, nil when no match is explained (and
// then the page has no such section).
func htmlExplainRows(r *reprint.Result) []htmlExplainRow {
	var rows []htmlExplainRow
	for i := range r.Matches {
		m := &r.Matches[i]
		x := m.Explain
		if x == nil {
			continue
		}
		rows = append(rows, htmlExplainRow{
			Group:        m.Group,
			Origin:       docLabel(r, m.Origin.Doc),
			Copy:         docLabel(r, m.Copy.Doc),
			Shared:       fmt.Sprintf("%d of %d / %d", x.SharedShingles, x.OriginShingles, x.CopyShingles),
			Jaccard:      fmt.Sprintf("%.2f", x.Jaccard),
			Estimate:     fmt.Sprintf("%.2f", x.EstimatedJaccard),
			OriginInCopy: fmt.Sprintf("%.2f", x.OriginInCopy),
			CopyInOrigin: fmt.Sprintf("%.2f", x.CopyInOrigin),
			FoundBy:      foundBy(x),
			Bands:        bandPairs(x, "→", ", "),
		})
	}
	return rows
}
