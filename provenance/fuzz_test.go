package provenance_test

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/provenance"
)

// quotesByRune is Quotes written the plain way, rune by rune: the
// reference the byte-skipping Quotes must agree with.
func quotesByRune(text string, paras []reprint.Span) []reprint.Span {
	var out []reprint.Span
	for _, p := range paras {
		open := -1
		prev := rune(-1) // the rune before r, -1 at the paragraph's start
		for i, r := range text[p.Start:p.End] {
			at := p.Start + i
			switch r {
			case '“', '„', '«':
				if open < 0 {
					open = at
				}
			case '”', '»':
				if open >= 0 {
					out = append(out, reprint.Span{Start: open, End: at + len(string(r))})
					open = -1
				}
			case '"':
				next := rune(-1)
				if at+1 < p.End {
					next, _ = utf8.DecodeRuneInString(text[at+1 : p.End])
				}
				switch {
				case prev >= 0 && prev != utf8.RuneError && !unicode.IsSpace(prev) && prev != '(' && prev != '[' && prev != '{' && prev != '—' && prev != '–':
					if open >= 0 {
						out = append(out, reprint.Span{Start: open, End: at + 1})
						open = -1
					}
				case next >= 0 && next != utf8.RuneError && !unicode.IsSpace(next):
					open = at
				}
			}
			prev = r
		}
		if open >= 0 {
			out = append(out, reprint.Span{Start: open, End: p.End})
		}
	}
	return out
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		`He said "yes" and «non».`,
		"“Open… and „low” \xe2\x80 broken \xc2 \"",
		"\xf0\x9f\xe2\x80\x9cx\xe2\x80\x9d",
		"",
	} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, text string, cut uint8) {
		// Paragraphs: the text cut at a few places, cuts inside runes too.
		var paras []reprint.Span
		start := 0
		for i := int(cut%7) + 1; i < len(text); i += int(cut%7) + 5 {
			paras = append(paras, reprint.Span{Start: start, End: i})
			start = i
		}
		paras = append(paras, reprint.Span{Start: start, End: len(text)})
		got, want := provenance.Quotes(text, paras), quotesByRune(text, paras)
		if !slices.Equal(got, want) {
			t.Errorf("Quotes(%q) = %v, want %v", text, got, want)
		}
	})
}
