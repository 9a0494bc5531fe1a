package oldreport

import (
	"strings"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// ellipsis marks text cut short.
const ellipsis = "…"

// width is the display width of s in terminal columns, measured the way
// tablewriter measures it, so that cells we lay out ourselves fit the
// columns tablewriter draws.
func width(s string) int { return twwidth.Width(s) }

// runeWidth is the display width of one rune.
func runeWidth(r rune) int {
	if r >= 0x20 && r < 0x7f {
		return 1
	}
	return twwidth.Width(string(r))
}

// unsafeRune reports whether r could upset a terminal or a table layout when
// printed: control characters (including ESC, which starts escape sequences)
// and the bidirectional embedding, override and isolate controls, which
// reorder the text that follows them.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// oneLine makes s safe to show on one line of a terminal or in one table
// cell: every run of white space (including \r, \n and \t) becomes a single
// space, leading and trailing space goes, and other control characters are
// replaced by U+FFFD.
func oneLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if unsafeRune(r) {
			r = unicode.ReplacementChar
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncateRight cuts s to at most w columns, ending it with "…" when
// anything was cut.
func truncateRight(s string, w int) string {
	if width(s) <= w {
		return s
	}
	budget := w - width(ellipsis)
	used := 0
	end := 0
	for i, r := range s {
		rw := runeWidth(r)
		if used+rw > budget {
			break
		}
		used += rw
		end = i + len(string(r))
	}
	return strings.TrimRight(s[:end], " ") + ellipsis
}

// truncateLeft cuts s to at most w columns by dropping its start, so that
// the end, which usually tells similar ids apart, stays; it begins with "…"
// when anything was cut.
func truncateLeft(s string, w int) string {
	if width(s) <= w {
		return s
	}
	budget := w - width(ellipsis)
	used := 0
	start := len(s)
	rs := []rune(s)
	for i := len(rs) - 1; i >= 0; i-- {
		rw := runeWidth(rs[i])
		if used+rw > budget {
			break
		}
		used += rw
		start -= len(string(rs[i]))
	}
	return ellipsis + s[start:]
}

// wrap breaks the single-line text s into lines of at most w columns,
// between words where it can and inside words longer than a line.
func wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Fields(s) {
		ww := width(word)
		if lineW > 0 && lineW+1+ww <= w {
			line += " " + word
			lineW += 1 + ww
			continue
		}
		if lineW > 0 {
			lines = append(lines, line)
			line, lineW = "", 0
		}
		for ww > w {
			head, rest := splitAtWidth(word, w)
			lines = append(lines, head)
			word, ww = rest, width(rest)
		}
		line, lineW = word, ww
	}
	if lineW > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// splitAtWidth splits s after as many runes as fit in w columns (at least
// one rune, so that the caller always makes progress).
func splitAtWidth(s string, w int) (string, string) {
	used := 0
	for i, r := range s {
		rw := runeWidth(r)
		if used+rw > w && i > 0 {
			return s[:i], s[i:]
		}
		used += rw
	}
	return s, ""
}

// wrapList lays out items as a comma-separated list in lines of at most w
// columns. Items wider than a line are cut from the left.
func wrapList(items []string, w int) []string {
	var lines []string
	line, lineW := "", 0
	for i, it := range items {
		if i < len(items)-1 {
			it = truncateLeft(it, w-1) + ","
		} else {
			it = truncateLeft(it, w)
		}
		iw := width(it)
		if lineW > 0 && lineW+1+iw <= w {
			line += " " + it
			lineW += 1 + iw
			continue
		}
		if lineW > 0 {
			lines = append(lines, line)
		}
		line, lineW = it, iw
	}
	if lineW > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// fitWidths shares budget columns among columns that would like natural
// columns each and need at least minimum: narrow columns get what they
// want, and the wide ones split what is left evenly. Ties are broken by
// column order so the result is deterministic.
func fitWidths(natural, minimum []int, budget int) []int {
	n := len(natural)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Insertion sort by natural width, stable, so equal widths keep column order.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && natural[order[j]] < natural[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	widths := make([]int, n)
	remaining := budget
	for k, i := range order {
		share := remaining / (n - k)
		w := min(natural[i], share)
		w = max(w, minimum[i], 1)
		widths[i] = w
		remaining -= w
	}
	return widths
}
