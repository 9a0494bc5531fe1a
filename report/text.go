package report

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// ellipsis marks text cut short.
const ellipsis = "…"

// width is the display width of s in terminal columns, measured the way
// tablewriter measures it, so that cells we lay out ourselves fit the
// columns tablewriter draws.
//
// Printable ASCII, nearly all the text a report shows, is one column a
// byte under every twwidth setting. Other text is measured by
// twwidth.WidthNoCache, which gives what twwidth.Width gives (that one only
// memoizes the same computation) without filling tablewriter's global,
// lock-guarded cache with strings that are measured once.
func width(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return twwidth.WidthNoCache(s)
}

// printableASCII reports whether every byte of s is printable ASCII
// (space to tilde): such text is one column a byte.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// runeWidth is the display width of one rune.
func runeWidth(r rune) int {
	if r >= 0x20 && r < 0x7f {
		return 1
	}
	return twwidth.WidthNoCache(string(r))
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
	if normalASCII(s) {
		return s
	}
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

// normalASCII reports whether s is printable ASCII without leading,
// trailing or doubled spaces: text that oneLine leaves as it is and whose
// words strings.Fields splits at single spaces.
func normalASCII(s string) bool {
	if !printableASCII(s) {
		return false
	}
	return s == "" || s[0] != ' ' && s[len(s)-1] != ' ' && !strings.Contains(s, "  ")
}

// oneLineTruncated is oneLine(s) cut to at most w columns, ending with "…"
// when anything was cut (after dropping the spaces the cut leaves at its
// end). It reads only as much of s as it shows: passages run to thousands
// of bytes, of which a table shows a few dozen columns.
func oneLineTruncated(s string, w int) string {
	budget := w - width(ellipsis) // for the text before the "…"
	// oneLine's output has no control characters (so no escape sequences),
	// so its width is the sum of its runes' widths: b holds the output so
	// far, used its width, and cut the length of the longest prefix that
	// fits in budget (the first rune that does not fit ends it).
	var b []byte
	used, cut := 0, -1
	add := func(r rune) {
		rw := runeWidth(r)
		if cut < 0 && used+rw > budget {
			cut = len(b)
		}
		b = utf8.AppendRune(b, r)
		used += rw
	}
	space := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if unicode.IsSpace(r) {
			space = len(b) > 0
			continue
		}
		if space {
			add(' ')
			space = false
		}
		if unsafeRune(r) {
			r = unicode.ReplacementChar
		}
		add(r)
		if used > w {
			break
		}
	}
	if used <= w {
		return string(b)
	}
	return strings.TrimRight(string(b[:max(cut, 0)]), " ") + ellipsis
}

// truncateLeft cuts s to at most w columns by dropping its start, so that
// the end, which usually tells similar ids apart, stays; it begins with "…"
// when anything was cut.
func truncateLeft(s string, w int) string {
	if printableASCII(s) {
		if len(s) <= w {
			return s
		}
		return ellipsis + s[len(s)-max(w-width(ellipsis), 0):]
	}
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
	if singleSpaced(s) {
		return wrapSingleSpaced(s, w)
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

// singleSpaced reports whether the only white space in s is single spaces
// between words, so that strings.Fields splits s at its spaces and any run
// of its words joined by spaces is a substring of s.
func singleSpaced(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c < utf8.RuneSelf {
			continue
		}
		return !strings.ContainsFunc(s[i:], func(r rune) bool { return r != ' ' && unicode.IsSpace(r) })
	}
	return true
}

// wrapSingleSpaced is wrap for text that singleSpaced accepts, with w >= 1.
// It follows wrap's steps exactly, holding the line being built as the
// substring s[start:end] instead of concatenating it.
func wrapSingleSpaced(s string, w int) []string {
	var lines []string
	start, end, lineW := 0, 0, 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		ww := width(s[i:j])
		if lineW > 0 && lineW+1+ww <= w {
			end, lineW = j, lineW+1+ww
			i = j + 1
			continue
		}
		if lineW > 0 {
			lines = append(lines, s[start:end])
			lineW = 0
		}
		for ww > w {
			head, rest := splitAtWidth(s[i:j], w)
			lines = append(lines, head)
			i += len(head)
			ww = width(rest)
		}
		start, end, lineW = i, j, ww
		i = j + 1
	}
	if lineW > 0 || len(lines) == 0 {
		lines = append(lines, s[start:end])
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
// want, and the wide ones split what is left in proportion to their weight
// (a weight of 2 gets twice the share of 1; below 1 counts as 1). Ties are broken by column
// order so the result is deterministic.
func fitWidths(natural, minimum, weight []int, budget int) []int {
	n := len(natural)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Insertion sort by natural width per unit of weight, stable, so equal
	// widths keep column order. Columns that want less than their share
	// come first and leave the rest to the others.
	less := func(a, b int) bool { return natural[a]*weight[b] < natural[b]*weight[a] }
	for i := 1; i < n; i++ {
		for j := i; j > 0 && less(order[j], order[j-1]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	weight = slices.Clone(weight)
	total := 0
	for i, w := range weight {
		weight[i] = max(w, 1) // a weight below 1 counts as 1
		total += weight[i]
	}
	widths := make([]int, n)
	remaining := budget
	for _, i := range order {
		share := remaining * weight[i] / total
		w := min(natural[i], share)
		w = max(w, minimum[i], 1)
		widths[i] = w
		remaining -= w
		total -= weight[i]
	}
	return widths
}
