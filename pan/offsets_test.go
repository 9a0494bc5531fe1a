package pan_test

import (
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/pan"
)

func TestOffsets(t *testing.T) {
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"ASCII", "plain words, nothing more"},
		{"ASCII with NUL", "a\x00b\x00\x00c"},
		{"mixed widths", "Zoë said „hi“ — 😀 done"},
		{"invalid UTF-8", "a\xffb\xe2\x80c\x80"},
		{"across 64-byte words", strings.Repeat("é", 100) + "x" + strings.Repeat("😀a", 40) + "漢"},
		{"exactly 64 bytes", strings.Repeat("é", 32)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// want[b] = characters starting before byte b, as a range loop
			// sees them.
			want := make([]int, len(tt.text)+1)
			starts := make([]bool, len(tt.text)+1)
			for i := range tt.text {
				starts[i] = true
			}
			for b := 1; b <= len(tt.text); b++ {
				want[b] = want[b-1]
				if starts[b-1] {
					want[b]++
				}
			}
			o := pan.NewOffsets(tt.text)
			for b := 0; b <= len(tt.text); b++ {
				if got := o.Char(b); got != want[b] {
					t.Errorf("Char(%d) = %d, want %d", b, got, want[b])
				}
			}
		})
	}
}

func TestOffsetsSelectRunes(t *testing.T) {
	text := "Zoë said „hi“ — 😀 done"
	o := pan.NewOffsets(text)
	runes := []rune(text)
	for _, word := range []string{"Zoë", "said", "„hi“", "—", "😀", "done", "„hi“ — 😀"} {
		start := strings.Index(text, word)
		cs, ce := o.Char(start), o.Char(start+len(word))
		if got := string(runes[cs:ce]); got != word {
			t.Errorf("bytes [%d,%d) → characters [%d,%d) = %q, want %q", start, start+len(word), cs, ce, got, word)
		}
	}
}

func BenchmarkOffsetsChar(b *testing.B) {
	text := strings.Repeat("Zoë said „hi“ — 😀 done. ", 4000)
	o := pan.NewOffsets(text)
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += o.Char(i % len(text))
	}
	_ = n
}
