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
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	return r != 'ʼ' && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r))
}

// isLetter reports whether r is a letter, or a mark (which belongs to the
// letter before it), for joining at apostrophes.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z'
	}
	return r != 'ʼ' && (unicode.IsLetter(r) || unicode.IsMark(r))
}

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
					if letter && t.joins(text, i+1) {
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
				if !letter || !t.joins(text, i+size) {
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
func (t *Tokenizer) joins(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return 'a' <= c|0x20 && c|0x20 <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isLetter(r) && !unicode.IsMark(r)
}

// normalize returns the normalised form of word, in t.buf or word itself.
//
// One step of normalisation is NFKC, case folding, NFKC again to recompose,
// and dropping all but letters, marks and digits; steps repeat until nothing
// changes, since case folding can undo a composition and dropping a
// character can bring a mark next to a letter it composes with. When word
// is in NFKC already, and so is its case folding, which holds only letters,
// marks and digits, that folding is the answer at once: a further step
// leaves it as it is, because case folding is idempotent.
func (t *Tokenizer) normalize(word string) []byte {
	if norm.NFKC.QuickSpanString(word) == len(word) {
		t.fold.Reset()
		if n, err := t.fold.Span(unsafeBytes(word), true); n == len(word) && err == nil {
			if clean(unsafeBytes(word)) {
				return unsafeBytes(word)
			}
		} else {
			t.buf = t.appendFold(t.buf[:0], unsafeBytes(word))
			if norm.NFKC.QuickSpan(t.buf) == len(t.buf) && clean(t.buf) {
				return t.buf
			}
		}
	}
	t.buf = append(t.buf[:0], word...)
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

// unsafeBytes returns the bytes of s without copying; they must not be
// changed.
func unsafeBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
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
		dst = slices.Grow(dst, max(2*len(src), 16))
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
		if !isWord(r) || r == '\u0307' && i > 0 && b[i-1] == 'i' {
			return false
		}
		i += size
	}
	return true
}

// filter appends to dst the letters, marks and digits of src, leaving out
// apostrophes and the combining dot above (U+0307) right after an i.
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
		if isWord(r) {
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
// The hash of a shingle is xxhash.Sum64 of its n word hashes written as
// 8-byte little-endian integers, one after another; it is computed from the
// word hashes directly, without the bytes.
func AppendWords(dst []uint64, tokens []Token, n int) []uint64 {
	if n < 1 {
		panic("shingle: n < 1")
	}
	if len(tokens) < n {
		return dst
	}
	dst = grow(dst, len(tokens)-n+1)
	for i := 0; i+n <= len(tokens); i++ {
		dst = append(dst, sum64(tokens[i:i+n]))
	}
	return dst
}

// grow makes room for k more elements in dst.
func grow(dst []uint64, k int) []uint64 {
	if cap(dst)-len(dst) >= k {
		return dst
	}
	out := make([]uint64, len(dst), len(dst)+k)
	copy(out, dst)
	return out
}

// The xxHash64 primes.
const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261

	prime1plus2 uint64 = 6983438078262162902 // prime1 + prime2, wrapped
	minusPrime1 uint64 = 7046029288634856825 // -prime1, wrapped
)

func round(acc, input uint64) uint64 {
	acc += input * prime2
	acc = bits.RotateLeft64(acc, 31)
	return acc * prime1
}

func mergeRound(acc, val uint64) uint64 {
	val = round(0, val)
	acc ^= val
	return acc*prime1 + prime4
}

// sum64 is xxhash.Sum64 (seed 0) of the hashes of toks, each as 8
// little-endian bytes.
func sum64(toks []Token) uint64 {
	n := len(toks)
	var h uint64
	i := 0
	if n >= 4 {
		v1 := prime1plus2
		v2 := prime2
		v3 := uint64(0)
		v4 := minusPrime1
		for ; i+4 <= n; i += 4 {
			v1 = round(v1, toks[i].Hash)
			v2 = round(v2, toks[i+1].Hash)
			v3 = round(v3, toks[i+2].Hash)
			v4 = round(v4, toks[i+3].Hash)
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) +
			bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = mergeRound(h, v1)
		h = mergeRound(h, v2)
		h = mergeRound(h, v3)
		h = mergeRound(h, v4)
	} else {
		h = prime5
	}
	h += uint64(n) * 8
	for ; i < n; i++ {
		h ^= round(0, toks[i].Hash)
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}
