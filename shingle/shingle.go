// Package shingle turns text into normalised word tokens that keep their byte
// offsets in the original, and hashes runs of n words (shingles).
//
// A word is a maximal run of letters, combining marks and digits (Unicode
// categories L, M and N). An apostrophe (' ’ ʼ ‘) joins the letters on its two
// sides into one word: "group's" is one word, "groups". Everything else —
// hyphens, dashes, slashes, quotes, other punctuation, symbols, white space,
// control characters and bytes that are not valid UTF-8 — separates words and
// is dropped, so "self-declared" is two words and "U.S." is "u" and "s".
//
// A word's normalised form is its text under Unicode NFKC and full case
// folding, with everything that is not a letter, mark or digit removed (the
// apostrophes, and whatever NFKC introduces, such as the fraction slash of
// "½"); a word whose normalised form is empty is dropped. So "THE", "The" and
// "the" agree, as do "don’t" and "don't", "ＡＢＣ" and "abc", and "Straße" and
// "STRASSE". One departure from plain case folding: the dot above that
// folding leaves on an i from a Turkish "İ" is removed, so that "İstanbul"
// and "Istanbul" agree.
//
// Words whose runes are ASCII, or runes that NFKC and case folding leave as
// they are wherever they stand (most lower-case letters of most scripts),
// take a fast path that at most lowers ASCII capitals into a scratch buffer;
// other words go through NFKC and case folding. The tables behind the fast
// path are made on first use, in a few milliseconds.
package shingle

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Token is one normalised word: Start and End are byte offsets into the
// original text (End exclusive), and Hash is xxhash.Sum64String of the word's
// normalised form.
type Token struct {
	Start, End int32
	Hash       uint64
}

// Tokenizer splits texts into tokens. It holds scratch buffers and a case
// folder, so reusing one saves allocation; it is not safe for concurrent use.
type Tokenizer struct {
	fold cases.Caser
	iter norm.Iter // NFKC without allocation, unlike norm.Form.Append
	buf  []byte    // the normalised word
	tmp  []byte    // scratch for the non-ASCII path
	tmp2 []byte    // scratch for the non-ASCII path
}

// NewTokenizer returns a Tokenizer.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{
		fold: cases.Fold(),
		buf:  make([]byte, 0, 64),
		tmp:  make([]byte, 0, 64),
		tmp2: make([]byte, 0, 64),
	}
}

// Tokens returns the tokens of text: NewTokenizer().Append(nil, text).
func Tokens(text string) []Token {
	return NewTokenizer().Append(make([]Token, 0, len(text)/6+1), text)
}

// Normalize returns the normalised form of word, as hashed into Token.Hash:
// NFKC, full case folding, and only letters, marks and digits kept. It treats
// word as one word, whatever separators it holds.
func Normalize(word string) string {
	return string(NewTokenizer().normalize(word))
}

// ASCII byte classes.
const (
	cSep   = iota // separates words
	cLower        // lower-case letter or digit: part of a word as it is
	cUpper        // upper-case letter: part of a word, lowered
	cApos         // apostrophe: joins letters
)

// ascii classifies the ASCII bytes; bytes from 0x80 up are cSep here and are
// looked at as runes.
var ascii = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = cLower
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cLower
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = cUpper
	}
	t['\''] = cApos
	return t
}()

// isApostrophe reports whether r is one of the apostrophes that join letters.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘'
}

// isWord reports whether r is part of a word: a letter, mark or number, but
// not the modifier letter apostrophe.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		c := ascii[r]
		return c == cLower || c == cUpper
	}
	if r < 1<<16 {
		return bmp().word.has(r)
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// isLetter reports whether r is a letter, or a mark (which belongs to the
// letter before it), for joining at apostrophes.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z'
	}
	if r < 1<<16 {
		return bmp().letter.has(r)
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

// bitmap is a set of runes of the Basic Multilingual Plane.
type bitmap [1 << 16 / 64]uint64

func (b *bitmap) has(r rune) bool { return b[r>>6]&(1<<(r&63)) != 0 }
func (b *bitmap) add(r rune)      { b[r>>6] |= 1 << (r & 63) }

// tables are sets of the non-ASCII runes of the Basic Multilingual Plane
// that would otherwise take binary searches in unicode's range tables, or
// work in the normaliser and case folder, for every rune.
type tables struct {
	word   bitmap // isWord
	letter bitmap // isLetter
	// inert holds the word runes that normalisation leaves alone wherever
	// they are: in NFKC by themselves, of combining class 0, never
	// composing with a rune before them, and their own case folding. A run
	// of them is in NFKC and folded.
	inert bitmap
}

// bmp returns the tables, made on first use (in some milliseconds) and never
// changed after.
var bmp = sync.OnceValue(func() *tables {
	t := new(tables)
	fold := cases.Fold()
	var buf [utf8.UTFMax]byte
	for r := rune(utf8.RuneSelf); r < 1<<16; r++ {
		if r == 'ʼ' || !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsNumber(r) {
			continue
		}
		t.word.add(r)
		if !unicode.IsNumber(r) {
			t.letter.add(r)
		}
		b := utf8.AppendRune(buf[:0], r)
		p := norm.NFKC.Properties(b)
		fold.Reset()
		n, err := fold.Span(b, true)
		if p.BoundaryBefore() && p.CCC() == 0 && norm.NFKC.QuickSpan(b) == len(b) && n == len(b) && err == nil {
			t.inert.add(r)
		}
	}
	return t
})

// Append appends the tokens of text to dst and returns the extended slice.
// text must be shorter than 2 GiB.
func (t *Tokenizer) Append(dst []Token, text string) []Token {
	if len(text) > math.MaxInt32 {
		panic("shingle: text too long")
	}
	var tab *tables // the tables, once a word holds a non-ASCII rune
	n := len(text)
	i := 0
	for i < n {
		// Skip to the start of a word.
		c := text[i]
		if c < utf8.RuneSelf {
			if k := ascii[c]; k != cLower && k != cUpper {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWord(r) {
				i += size
				continue
			}
		}
		// Scan the word. inert: all its runes are ASCII or inert; wide: some
		// are not ASCII; upper: some are ASCII capitals; apos: it holds
		// apostrophes; letter: the last rune was a letter.
		start := i
		inert, wide, upper, apos, letter := true, false, false, false, false
	scan:
		for i < n {
			c := text[i]
			if c < utf8.RuneSelf {
				switch ascii[c] {
				case cLower:
					letter = c > '9'
					i++
					continue
				case cUpper:
					upper, letter = true, true
					i++
					continue
				case cApos:
					if letter && joins(text, i+1) {
						apos = true
						i++
						continue
					}
				}
				break scan
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case isApostrophe(r):
				if !letter || !joins(text, i+size) {
					break scan
				}
				apos = true
			case r < 1<<16:
				if tab == nil {
					tab = bmp()
				}
				if !tab.word.has(r) {
					break scan
				}
				wide = true
				inert = inert && tab.inert.has(r)
				letter = tab.letter.has(r)
			case isWord(r):
				wide, inert = true, false
				letter = isLetter(r)
			default:
				break scan
			}
			i += size
		}
		word := text[start:i]
		var h uint64
		switch {
		case inert && !upper && !apos:
			h = xxhash.Sum64String(word)
		case inert:
			h = xxhash.Sum64(t.lower(word, wide))
		default:
			b := t.normalize(word)
			if len(b) == 0 {
				continue
			}
			h = xxhash.Sum64(b)
		}
		dst = append(dst, Token{Start: int32(start), End: int32(i), Hash: h})
	}
	return dst
}

// lower returns, in t.buf, word lowered and without apostrophes: the
// normalised form of a word of ASCII and inert runes.
func (t *Tokenizer) lower(word string, wide bool) []byte {
	b := t.buf[:0]
	for j := 0; j < len(word); j++ {
		c := word[j]
		switch {
		case c >= utf8.RuneSelf && wide:
			r, size := utf8.DecodeRuneInString(word[j:])
			if !isApostrophe(r) {
				b = append(b, word[j:j+size]...)
			}
			j += size - 1
		case ascii[c] == cLower:
			b = append(b, c)
		case ascii[c] == cUpper:
			b = append(b, c|0x20)
		}
	}
	t.buf = b
	return b
}

// joins reports whether the rune at text[i:] is a letter, so that an
// apostrophe just before it, after a letter, joins the two.
func joins(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return 'a' <= c|0x20 && c|0x20 <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isLetter(r) && !unicode.IsMark(r)
}

// normalize returns the normalised form of word, in t.buf.
//
// One step of normalisation is NFKC, case folding, NFKC again to recompose,
// and dropping all but letters, marks and digits; steps repeat until nothing
// changes, since case folding can undo a composition and dropping a
// character can bring a mark next to a letter it composes with. When word
// is in NFKC already, and so is its case folding, which holds only letters,
// marks and digits, that folding is the answer at once: a further step
// leaves it as it is, because case folding is idempotent.
func (t *Tokenizer) normalize(word string) []byte {
	t.buf = appendValid(t.buf[:0], word)
	if norm.NFKC.QuickSpan(t.buf) == len(t.buf) {
		t.fold.Reset()
		if n, err := t.fold.Span(t.buf, true); n == len(t.buf) && err == nil {
			if clean(t.buf) {
				return t.buf
			}
		} else {
			t.tmp = t.appendFold(t.tmp[:0], t.buf)
			if norm.NFKC.QuickSpan(t.tmp) == len(t.tmp) && clean(t.tmp) {
				t.buf, t.tmp = t.tmp, t.buf
				return t.buf
			}
		}
	}
	for range 8 {
		t.tmp = t.appendNFKC(t.tmp[:0], t.buf)
		t.tmp2 = t.appendFold(t.tmp2[:0], t.tmp)
		t.tmp = t.appendNFKC(t.tmp[:0], t.tmp2)
		t.tmp2 = filter(t.tmp2[:0], t.tmp)
		if string(t.tmp2) == string(t.buf) {
			break
		}
		t.buf, t.tmp2 = t.tmp2, t.buf
	}
	return t.buf
}

// appendValid appends s to dst without the bytes that are not valid UTF-8,
// which are no part of any word, and which norm.Iter can loop on forever
// (as on "\xf4\u032d").
func appendValid(dst []byte, s string) []byte {
	if utf8.ValidString(s) {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || size > 1 {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// appendNFKC appends the NFKC normal form of src to dst.
func (t *Tokenizer) appendNFKC(dst, src []byte) []byte {
	if norm.NFKC.QuickSpan(src) == len(src) {
		return append(dst, src...)
	}
	t.iter.Init(norm.NFKC, src)
	for !t.iter.Done() {
		dst = append(dst, t.iter.Next()...)
	}
	return dst
}

// appendFold appends the case folding of src to dst.
func (t *Tokenizer) appendFold(dst, src []byte) []byte {
	t.fold.Reset()
	for {
		nDst, nSrc, err := t.fold.Transform(dst[len(dst):cap(dst)], src, true)
		dst = dst[:len(dst)+nDst]
		src = src[nSrc:]
		if err != transform.ErrShortDst {
			// Fold reports no other errors on complete input.
			return dst
		}
		// Double the room: the folder may want room for more than the
		// folding of one rune (three runes at most) before it writes.
		dst = slices.Grow(dst, 2*(cap(dst)-len(dst))+4*len(src)+16)
	}
}

// clean reports whether filter would leave b as it is.
func clean(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if k := ascii[c]; k != cLower && k != cUpper {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if _, ok := cherokeeUpper(r); ok || !isWord(r) || r == '\u0307' && i > 0 && b[i-1] == 'i' {
			return false
		}
		i += size
	}
	return true
}

// cherokeeUpper returns the capital of a small Cherokee letter, and ok.
// Case folding maps Cherokee to capitals, unlike every other script, and
// golang.org/x/text's folder lowers a capital after another letter instead;
// filter puts that right.
func cherokeeUpper(r rune) (rune, bool) {
	switch {
	case 0xAB70 <= r && r <= 0xABBF:
		return r - 0xAB70 + 0x13A0, true
	case 0x13F8 <= r && r <= 0x13FD:
		return r - 8, true
	}
	return r, false
}

// filter appends to dst the letters, marks and digits of src, leaving out
// apostrophes and the combining dot above (U+0307) right after an i, and
// with small Cherokee letters in capitals.
func filter(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if k := ascii[c]; k == cLower || k == cUpper {
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == '\u0307' && len(dst) > 0 && dst[len(dst)-1] == 'i' {
			i += size
			continue
		}
		if up, ok := cherokeeUpper(r); ok {
			dst = utf8.AppendRune(dst, up)
		} else if isWord(r) {
			dst = append(dst, src[i:i+size]...)
		}
		i += size
	}
	return dst
}

// Words returns the shingle hashes of tokens: element i hashes the normalised
// words of tokens[i:i+n], so there are len(tokens)-n+1 of them, and nil when
// there are fewer than n tokens. Equal word sequences give equal hashes
// wherever they occur, and the order of the words matters. n must be at
// least 1.
func Words(tokens []Token, n int) []uint64 {
	if n < 1 {
		panic("shingle: n < 1")
	}
	if len(tokens) < n {
		return nil
	}
	return AppendWords(make([]uint64, 0, len(tokens)-n+1), tokens, n)
}

// AppendWords appends the shingle hashes of tokens, as Words returns them, to
// dst and returns the extended slice. A shingle's hash is xxhash.Sum64 of
// its n word hashes written as 8-byte little-endian values, so two different
// word sequences collide with probability about 2^-64.
func AppendWords(dst []uint64, tokens []Token, n int) []uint64 {
	if n < 1 {
		panic("shingle: n < 1")
	}
	if len(tokens) < n {
		return dst
	}
	m := len(tokens) - n + 1
	dst = slices.Grow(dst, m)
	// Each window's word hashes are laid out in a buffer on the stack (on
	// the heap only for shingles of over 32 words).
	var small [8 * 32]byte
	var buf []byte
	if n <= 32 {
		buf = small[:8*n]
	} else {
		buf = make([]byte, 8*n)
	}
	for i := range m {
		for k, t := range tokens[i : i+n] {
			binary.LittleEndian.PutUint64(buf[8*k:], t.Hash)
		}
		dst = append(dst, xxhash.Sum64(buf))
	}
	return dst
}
