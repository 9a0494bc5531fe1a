package paragraph

import (
	"strings"
	"testing"
)

// FuzzShape checks the fast path of shape against the plain byte loop.
func FuzzShape(f *testing.F) {
	for _, s := range []string{"a", "Hello world", "x   y", "end.   next", "é  —   ü", "ab\\xffcd ef", "a    b   c", "12345678901234567890 é"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, body string, col int) {
		body = strings.TrimLeft(body, " \t") // bodies start after the indent
		col = col & 63
		e1, f1, t1 := shape(body, col)
		e2, f2, t2 := shapeByByte(body, col)
		if e1 != e2 || f1 != f2 || t1 != t2 {
			t.Errorf("shape(%q, %d) = %d, %d, %v; the byte loop gives %d, %d, %v", body, col, e1, f1, t1, e2, f2, t2)
		}
	})
}
