package shingle_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint/shingle"
)

var fuzzSeeds = []string{
	"",
	"The group's “final” stand — ISIS’ last, self-declared caliphate.",
	"Die Straße nach İzmir; ﬁnal ＡＢＣ; 3½ km²; ǰ; Ⅻ",
	"e\u0301\u0301 i\u0307 \u0345 ʼtisʼ rock'n'roll 80's it''s",
	"bad\xff\xfe\xc3 bytes \xe2\x80",
	"Москва Ελλάδα 東京 タワー 🎉",
	"ΣΑΣ ﹏ ⁄ \u037a \u1e9e \u0130\u0307",
}

// FuzzTokens checks the invariants of tokens: offsets in order, on rune
// boundaries, around words that normalise to non-empty fixed points; and
// that the normalised words, joined by spaces, give the same hashes again.
func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := checkTokens(t, text)
		var norms []string
		for _, tok := range toks {
			norms = append(norms, shingle.Normalize(text[tok.Start:tok.End]))
		}
		again := shingle.Tokens(strings.Join(norms, " "))
		if len(again) != len(toks) {
			t.Fatalf("normalised words %q give %d tokens, want %d", norms, len(again), len(toks))
		}
		for i := range toks {
			if again[i].Hash != toks[i].Hash {
				t.Fatalf("token %d (%q): hash changes when normalised", i, norms[i])
			}
		}
		// Words of the token hashes match the words of the normalised text.
		for _, n := range []int{1, 3} {
			if a, b := shingle.Words(toks, n), shingle.Words(again, n); !slices.Equal(a, b) {
				t.Fatalf("n=%d: shingles change when the text is normalised", n)
			}
		}
		// A reused tokenizer agrees with a fresh one.
		tk := shingle.NewTokenizer()
		tk.Append(nil, "warm Up İstanbul ﬁnal")
		if got := tk.Append(nil, text); !slices.Equal(got, toks) {
			t.Fatalf("reused tokenizer disagrees")
		}
	})
}

// FuzzNormalize checks that Normalize yields letters, marks and digits only,
// in NFKC, as a fixed point.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		n := shingle.Normalize(word)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", word, n)
		}
		for _, r := range n {
			if !unicode.In(r, unicode.L, unicode.M, unicode.N) || r == 'ʼ' {
				t.Fatalf("Normalize(%q) = %q holds %U", word, n, r)
			}
		}
		if nn := shingle.Normalize(n); nn != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q", word, n, n, nn)
		}
		if up := shingle.Normalize(strings.ToUpper(word)); utf8.ValidString(word) && isSimple(word) && up != n {
			t.Fatalf("Normalize(%q) = %q, but of upper case %q", word, n, up)
		}
	})
}

// isSimple reports whether word is plain ASCII letters, where upper and lower
// case must normalise alike.
func isSimple(word string) bool {
	for i := 0; i < len(word); i++ {
		if c := word[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
