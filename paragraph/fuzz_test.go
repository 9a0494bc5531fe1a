package paragraph_test

import (
	"testing"

	"github.com/reprint-tool/reprint/paragraph"
)

// FuzzSplit checks that paragraphs are in order, never empty, never
// overlapping, trimmed, and lose no byte that is not white space.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"", wire, wireTable, usenet, oneLine, blank, bullets, pan,
		"a\r\n \r\nb\u2029c\fd\u0085e\u2028f", ">\n> a\n>> b\n|> c", "\xff\n\xc2\n\xe2\x80", "  • x\n- y\n* z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, paragraph.Split(text))
	})
}
