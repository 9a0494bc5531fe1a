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
// Words made of ASCII letters and digits (and apostrophes) take a fast path
// that lowers them in place; other words go through NFKC and case folding.
package shingle

import (
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
		return bmp().word[r>>6]&(1<<(r&63)) != 0
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
		return bmp().letter[r>>6]&(1<<(r&63)) != 0
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

// bmpTables are bitmaps of the Basic Multilingual Plane for isWord and
// isLetter, which are otherwise binary searches in unicode's range tables.
type bmpTables struct {
	word, letter [1 << 16 / 64]uint64
}

// bmp returns the bitmaps, made on first use and never changed after.
var bmp = sync.OnceValue(func() *bmpTables {
	t := new(bmpTables)
	for r := rune(0); r < 1<<16; r++ {
		l := unicode.IsLetter(r) || unicode.IsMark(r)
		if l && r != 'ʼ' {
			t.letter[r>>6] |= 1 << (r & 63)
		}
		if (l || unicode.IsNumber(r)) && r != 'ʼ' {
			t.word[r>>6] |= 1 << (r & 63)
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
		// Scan the word. plain: only ASCII letters and digits so far;
		// upper: some are upper case; apos: it holds apostrophes; letter:
		// the last rune was a letter.
		start := i
		plain, upper, apos, letter := true, false, false, false
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
			case isWord(r):
				plain = false
				letter = isLetter(r)
			default:
				break scan
			}
			i += size
		}
		word := text[start:i]
		var h uint64
		switch {
		case plain && !upper && !apos:
			h = xxhash.Sum64String(word)
		case plain:
			b := t.buf[:0]
			for j := 0; j < len(word); j++ {
				c := word[j]
				switch ascii[c] {
				case cLower:
					b = append(b, c)
				case cUpper:
					b = append(b, c|0x20)
				}
			}
			t.buf = b
			h = xxhash.Sum64(b)
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
	t.buf = append(t.buf[:0], word...)
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
// dst and returns the extended slice.
//
// The hash of the shingle of word hashes h[0], …, h[n-1] is
//
//	avalanche(h[0]·B^(n-1) + h[1]·B^(n-2) + … + h[n-1]·B^0 + n·P)
//
// in arithmetic modulo 2^64, where B = 0x9E3779B97F4A7C15 and
// P = 2870177450012600261 (xxHash64's fifth prime), and avalanche is
// xxHash64's final mix, a bijection. The sum rolls from one
// shingle to the next in constant time whatever n, and two different word
// sequences collide with probability about 2^-64 since the word hashes are
// themselves xxhash values.
func AppendWords(dst []uint64, tokens []Token, n int) []uint64 {
	if n < 1 {
		panic("shingle: n < 1")
	}
	if len(tokens) < n {
		return dst
	}
	m := len(tokens) - n + 1
	dst = slices.Grow(dst, m)
	out := dst[len(dst) : len(dst)+m]
	// top is B^(n-1), the weight of the word that leaves the window next.
	top := uint64(1)
	var sum uint64
	for _, t := range tokens[:n-1] {
		sum = sum*mulB + t.Hash
		top *= mulB
	}
	off := uint64(n) * prime5
	in, leave := tokens[n-1:n-1+m], tokens[:m]
	for i := range out {
		sum = sum*mulB + in[i].Hash
		out[i] = avalanche(sum + off)
		sum -= leave[i].Hash * top
	}
	return dst[:len(dst)+m]
}

// Constants of the shingle hash: the multiplier B, and xxHash64's primes
// for the final mix and the length term P.
const (
	mulB   uint64 = 0x9E3779B97F4A7C15 // 2^64 divided by the golden ratio, odd
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime5 uint64 = 2870177450012600261
)

// avalanche is xxHash64's final mix: a bijection of 64-bit values in which
// every input bit affects every output bit.
func avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}
