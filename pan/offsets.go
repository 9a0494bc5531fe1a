package pan

import (
	"math/bits"
	"unicode/utf8"
)

// Offsets converts byte offsets of one text into character (code point)
// offsets, the unit PAN counts in. Characters are the runes a Go range loop
// yields, so each byte of invalid UTF-8 counts as one character. Setup is
// O(n); each conversion is O(1), and the identity for ASCII text.
type Offsets struct {
	ascii bool
	// starts has bit i%64 of word i/64 set when byte i starts a character;
	// before[w] counts the characters starting in bytes [0, 64w).
	starts []uint64
	before []int32
}

// NewOffsets prepares the conversion for text.
func NewOffsets(text string) *Offsets {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return &Offsets{ascii: true}
	}
	words := len(text)/64 + 1
	o := &Offsets{starts: make([]uint64, words), before: make([]int32, words)}
	for i := range text { // i is the first byte of each rune
		o.starts[i>>6] |= 1 << (i & 63)
	}
	n := 0
	for w, s := range o.starts {
		o.before[w] = int32(n)
		n += bits.OnesCount64(s)
	}
	return o
}

// Char returns the number of characters that start before byteOffset, which
// must lie in [0, len(text)]. At a character boundary that is the character
// offset; inside a multi-byte character it is the offset of the next one.
func (o *Offsets) Char(byteOffset int) int {
	if o.ascii {
		return byteOffset
	}
	w := byteOffset >> 6
	mask := uint64(1)<<(byteOffset&63) - 1
	return int(o.before[w]) + bits.OnesCount64(o.starts[w]&mask)
}
