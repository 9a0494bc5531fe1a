// Package paragraph cuts an article's text into paragraphs, as byte spans
// into the text.
//
// Articles reach reprint in three layouts, often mixed in one document:
//
//   - paragraphs separated by blank lines (web and wire news);
//   - one paragraph per line, with few or no blank lines (scraped news,
//     the PAN corpus), where lines run to hundreds of characters;
//   - hard-wrapped text, where a paragraph runs over several lines wrapped
//     at a fixed width of at most about 100 columns, and new paragraphs start
//     on an indented line (Reuters) or after a blank line (Usenet).
//
// Split first cuts the text into blocks at blank lines, and blocks into runs
// of lines of one quote depth ('>' quoting in mail and Usenet), then decides
// for each run whether it is hard-wrapped: if so its lines are joined into
// paragraphs, and if not every line is a paragraph. See Split for the rules.
package paragraph

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
)

// Limits of a hard-wrapped block's wrap width, in columns.
const (
	minWrap = 40
	maxWrap = 100
	tabStop = 8
	// longPara is the length in lines after which a hard-wrapped paragraph
	// with no marks is cut at the next sentence end. Usenet paragraphs are
	// shorter in 99 cases out of 100.
	longPara = 12
	// maxPara is the most lines a paragraph of a hard-wrapped block holds.
	maxPara = 3 * longPara
)

// line is one non-blank line of the text.
type line struct {
	start, end int  // the line's content, trimmed of white space
	width      int  // columns from the start of the line to the end of its content
	indent     int  // columns of leading white space
	quote      int  // depth of quote markers ('>' or '|') at the start of the content
	first      int  // columns of the first word after the quote markers
	bullet     bool // starts with a list bullet
	dash       bool // the bullet is a dash, which may be punctuation instead
	table      bool // holds a column gap (a tab or three spaces) between words
	sentence   bool // ends a sentence: . ! ? : ; … possibly followed by closing quotes
	lower      bool // its first letter or digit is a lower-case letter or a digit
	empty      bool // holds quote markers and nothing else
}

// Split returns the paragraphs of text as byte spans into text, in order.
// Each span is trimmed of white space (unicode.IsSpace, plus the zero width
// space U+200B and the byte order mark U+FEFF), is never empty and never
// overlaps another, and every byte of text that is not white space lies
// inside some span.
//
// Lines end at \n, \r\n, \r, \v, \f, NEL, LINE SEPARATOR and PARAGRAPH
// SEPARATOR. A line of white space alone is blank. Blank lines, form feeds
// and paragraph separators cut the text into blocks, and a line of quote
// markers alone (">") is a paragraph of its own that also cuts blocks. No
// paragraph crosses a block boundary, nor a change in the depth of '>' or
// '|' quote markers at the start of lines; each run of lines of one quote
// depth in a block is laid out on its own.
//
// A run of lines is hard-wrapped when its wrap width (the width of its
// widest lines, outliers aside) is between 40 and 100 columns, and of the
// line breaks that are not forced (below): most follow a line that fills
// four fifths of the wrap width (the first line of the run, which wire
// copy shortens when it removes the dateline, excepted); most follow a line
// that does not end a sentence or precede one that starts in lower case;
// at least a fifth precede a line that starts in lower case or with a
// digit, unless the run indents lines; and, in runs with four or more, most
// come where the next line's first word would not have fitted, give or take
// a tenth of the width.
//
// In a hard-wrapped run, lines are joined into paragraphs, and a paragraph
// starts at every forced break: at a line indented further than the run's
// least indented line; at a bulleted line ("•", "*", or a dash unless the
// break before it looks like a wrap from a line with no dash); and at a
// table row (a line with a tab, or a gap of three spaces not after
// punctuation) and the line after one. When no line of the run is indented,
// a paragraph also ends at a line that ends a sentence and precedes one
// that starts with a capital, if that line is short (the next word would
// have fitted) or the paragraph has reached 12 lines; and no paragraph is
// longer than 36 lines. In any other run every line is a paragraph of its
// own.
func Split(text string) []reprint.Span {
	var (
		spans = make([]reprint.Span, 0, strings.Count(text, "\n")/3+1)
		buf   [64]line
		block = buf[:0]
		hard  bool // a block ends before the next line
	)
	for i := 0; i < len(text); {
		ls, le, next, brk := scanLine(text, i)
		i = next
		l, ok := measure(text, ls, le)
		switch {
		case !ok:
			hard = true
		case l.empty:
			// A line of quote markers alone is the blank line of a quote.
			spans = emit(spans, block)
			block = block[:0]
			spans = append(spans, reprint.Span{Start: l.start, End: l.end})
			hard = true
		default:
			if hard {
				spans = emit(spans, block)
				block = block[:0]
				hard = false
			}
			block = append(block, l)
		}
		if brk {
			hard = true
		}
	}
	return emit(spans, block)
}

// scanLine finds the line starting at i: its bytes are text[i:end], and the
// next line starts at next. brk reports a line terminator that also ends a
// block (form feed, U+2029).
func scanLine(text string, i int) (start, end, next int, brk bool) {
	start = i
	for ; i < len(text); i++ {
		switch c := text[i]; c {
		case '\n', '\v':
			return start, i, i + 1, false
		case '\f':
			return start, i, i + 1, true
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				return start, i, i + 2, false
			}
			return start, i, i + 1, false
		case 0xC2: // NEL is C2 85
			if i+1 < len(text) && text[i+1] == 0x85 {
				return start, i, i + 2, false
			}
		case 0xE2: // U+2028 is E2 80 A8, U+2029 is E2 80 A9
			if i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xA8 || text[i+2] == 0xA9) {
				return start, i, i + 3, text[i+2] == 0xA9
			}
		}
	}
	return start, i, i, false
}

// isSpace reports whether r is white space for Split.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF'
}

// measure describes the line text[ls:le]; ok is false for a blank line.
func measure(text string, ls, le int) (l line, ok bool) {
	// Leading white space: the indent.
	col := 0
	i := ls
	for i < le {
		c := text[i]
		if c == ' ' {
			col++
			i++
			continue
		}
		if c == '\t' {
			col += tabStop - col%tabStop
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c < '\t' || c > '\r' {
				break
			}
			col++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:le])
		if !isSpace(r) {
			break
		}
		col++
		i += size
	}
	if i == le {
		return line{}, false
	}
	l.start = i
	l.indent = col
	// Trailing white space.
	e := le
	for e > i {
		if c := text[e-1]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				break
			}
			e--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(text[i:e])
		if !isSpace(r) {
			break
		}
		e -= size
	}
	l.end = e
	content := text[i:e]

	// Quote markers: '>' or '|' possibly separated by white space, as in
	// ">> a", "> > a" or "|> a". A quoted line's indent is the white space
	// after its last marker.
	body := content
	if c := content[0]; c == '>' || c == '|' {
		j := 0
		for k := 0; k < len(content); k++ {
			c := content[k]
			if c == '>' || c == '|' {
				l.quote++
				j = k + 1
			} else if c != ' ' && c != '\t' {
				break
			}
		}
		for k := 0; k < j; k++ {
			if content[k] == '\t' {
				col += tabStop - col%tabStop
			} else {
				col++
			}
		}
		body = content[j:]
		l.indent = 0
		for body != "" && (body[0] == ' ' || body[0] == '\t') {
			if body[0] == '\t' {
				l.indent += tabStop - l.indent%tabStop
				col += tabStop - col%tabStop
			} else {
				l.indent++
				col++
			}
			body = body[1:]
		}
		if body == "" {
			l.empty = true
			l.width = col
			return l, true
		}
	}

	l.width, l.first, l.table = shape(body, col)

	r, size := utf8.DecodeRuneInString(body)
	spaced := size < len(body) && (body[size] == ' ' || body[size] == '\t')
	switch r {
	case '•', '◦', '▪', '‣', '●', '■', '▸', '►':
		l.bullet = true
	case '*', '○', '□', '·':
		l.bullet = spaced
	case '-', '–', '—':
		l.bullet, l.dash = spaced, spaced
	}
	for k := 0; k < len(body); k++ {
		c := body[k]
		if c < utf8.RuneSelf {
			if '0' <= c && c <= '9' || 'a' <= c && c <= 'z' {
				l.lower = true
				break
			}
			if 'A' <= c && c <= 'Z' {
				break
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(body[k:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			l.lower = !unicode.IsUpper(r) && !unicode.IsTitle(r)
			break
		}
		k += size - 1
	}
	l.sentence = endsSentence(body)
	return l, true
}

// shape returns the column the text body ends at when it starts at column
// col, the length of its first word in characters, and whether it looks
// like a table row: it holds a tab, or a gap of three spaces that does not
// follow punctuation. Lines without tabs, nearly all of them, take a fast
// path; shapeByByte is the plain loop.
func shape(body string, col int) (end, first int, table bool) {
	if strings.IndexByte(body, '\t') >= 0 {
		return shapeByByte(body, col)
	}
	sp := strings.IndexByte(body, ' ')
	if sp < 0 {
		sp = len(body)
	}
	for i := 0; ; {
		k := strings.Index(body[i:], "   ")
		if k < 0 {
			break
		}
		i += k
		if i == 0 || !isPunct(body[i-1]) {
			table = true
			break
		}
		for i < len(body) && body[i] == ' ' {
			i++
		}
	}
	return col + chars(body), chars(body[:sp]), table
}

// chars counts the characters of s as the width loop does: every byte that
// is not a UTF-8 continuation byte, eight bytes at a time while they are
// ASCII.
func chars(s string) int {
	n, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 == 0 {
			n += 8
			continue
		}
		for _, c := range []byte(s[i : i+8]) {
			if c&0xC0 != 0x80 {
				n++
			}
		}
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// shapeByByte is shape in one pass over the bytes, tabs and all.
func shapeByByte(body string, col int) (end, first int, table bool) {
	spaces := 0
	inFirst := true
	for k := 0; k < len(body); k++ {
		c := body[k]
		switch {
		case c == ' ':
			col++
			inFirst = false
			if spaces++; spaces == 3 && (k < 3 || !isPunct(body[k-3])) {
				table = true
			}
			continue
		case c == '\t':
			col += tabStop - col%tabStop
			inFirst = false
			table = true
		case c&0xC0 != 0x80: // not a UTF-8 continuation byte
			col++
			if inFirst {
				first++
			}
		}
		spaces = 0
	}
	return col, first, table
}

// isPunct reports whether c is ASCII punctuation that may be followed by a
// wide gap in prose.
func isPunct(c byte) bool {
	switch c {
	case '.', '?', '!', ':', ';', ',', ')', '"', '\'':
		return true
	}
	return false
}

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		switch r {
		case '.', '!', '?', ':', ';', '…':
			return true
		case '"', '\'', '”', '’', '»', '›', ')', ']':
			s = s[:len(s)-size]
			continue
		}
		return false
	}
	return false
}

// emit appends the paragraphs of one block to spans. Runs of lines of
// different quote depth are laid out independently.
func emit(spans []reprint.Span, block []line) []reprint.Span {
	for len(block) > 0 {
		n := 1
		for n < len(block) && block[n].quote == block[0].quote {
			n++
		}
		spans = emitRun(spans, block[:n])
		block = block[n:]
	}
	return spans
}

// emitRun appends the paragraphs of a run of lines of one quote depth.
func emitRun(spans []reprint.Span, run []line) []reprint.Span {
	if len(run) == 1 {
		return append(spans, reprint.Span{Start: run[0].start, End: run[0].end})
	}
	if !wrapped(run) {
		for _, l := range run {
			spans = append(spans, reprint.Span{Start: l.start, End: l.end})
		}
		return spans
	}
	base, width := layout(run)
	// Where indents mark paragraphs they are the only mark. Elsewhere a
	// paragraph also ends at a line that ends a sentence, when the next line
	// starts with a capital, and either the line is short or the paragraph
	// has run to longPara lines: text wrapped at random places, with no
	// paragraph marks at all, is cut at sentence ends into pieces of about
	// that size; and no paragraph runs past maxPara lines.
	indented := false
	for _, l := range run {
		indented = indented || l.indent > base
	}
	first := 0
	for k := 1; k < len(run); k++ {
		end := !indented && run[k-1].sentence && !run[k].lower &&
			(k-first >= longPara || !soft(run, k, width)) ||
			k-first >= maxPara
		if end || forced(run, k, base, width) {
			spans = append(spans, reprint.Span{Start: run[first].start, End: run[k-1].end})
			first = k
		}
	}
	return append(spans, reprint.Span{Start: run[first].start, End: run[len(run)-1].end})
}

// layout returns the least indent of the lines of run and its wrap width:
// the width of its widest line that is not a table row, ignoring the widest
// sixteenth of the lines as outliers. A width over maxWrap is returned as
// maxWrap+1.
func layout(run []line) (base, width int) {
	var hist [maxWrap + 2]int32
	n := 0
	base = run[0].indent
	for _, l := range run {
		base = min(base, l.indent)
		if !l.table {
			hist[min(l.width, maxWrap+1)]++
			n++
		}
	}
	skip := int32(n / 16)
	for width = maxWrap + 1; width > 0; width-- {
		if skip -= hist[width]; skip < 0 {
			break
		}
	}
	return base, width
}

// forced reports whether line k of run starts a paragraph whatever the
// layout: it is indented, a list item, or a table row, or it follows one. A
// line starting with a dash is a list item unless the break before it looks
// like a wrap and the line before is no list item: wire copy sets dashes off
// with spaces, and a wrap can leave one at the start of a line.
func forced(run []line, k, base, width int) bool {
	l, p := &run[k], &run[k-1]
	if l.dash && !p.dash && !p.sentence && soft(run, k, width) {
		return l.indent > base || l.table || p.table
	}
	return l.indent > base || l.bullet || l.table || p.table
}

// soft reports whether the break before line k of run looks like a wrap at
// the given width: the first word of line k would not have fitted, with a
// tolerance of a tenth of the width, on the line before.
func soft(run []line, k, width int) bool {
	return run[k-1].width+1+run[k].first > width-width/10
}

// near reports whether a line of the given width fills most of the wrap
// width.
func near(w, width int) bool { return 5*w >= 4*width }

// wrapped reports whether a run of lines is hard-wrapped.
func wrapped(run []line) bool {
	base, width := layout(run)
	if width < minWrap || width > maxWrap {
		return false
	}
	// Look at the breaks that would join lines. In wrapped text the line
	// before a break fills most of the wrap width, except the first line of
	// a run, which wire copy shortens when it takes the dateline off; the
	// line before a break does not end a sentence, or the line after goes
	// on in lower case; and some lines after a break start in lower case or
	// with a digit, which in one-paragraph-per-line text is rare (unless
	// the run marks paragraphs by indenting them).
	cand, full, nfull, ncont, nlower := 0, 0, 0, 0, 0
	indented := false
	for k := 1; k < len(run); k++ {
		if run[k].indent > base {
			indented = true
		}
		if forced(run, k, base, width) {
			continue
		}
		cand++
		p, l := &run[k-1], &run[k]
		if nr := near(p.width, width); k > 1 || nr {
			full++
			if nr {
				nfull++
			}
		}
		if !p.sentence || l.lower {
			ncont++
		}
		if l.lower {
			nlower++
		}
	}
	if cand == 0 {
		return false
	}
	if 2*nfull < full || 2*ncont < cand || 5*nlower < cand && !indented {
		return false
	}
	// Long runs must also mostly break where the next word would not fit.
	if cand >= 4 {
		nsoft := 0
		for k := 1; k < len(run); k++ {
			if !forced(run, k, base, width) && soft(run, k, width) {
				nsoft++
			}
		}
		if 2*nsoft < cand {
			return false
		}
	}
	return true
}
