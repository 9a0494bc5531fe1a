package shingle_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/reprint-tool/reprint/shingle"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		word, want string
	}{
		{"the", "the"},
		{"THE", "the"},
		{"The", "the"},
		{"group's", "groups"},
		{"group’s", "groups"},
		{"don’t", "dont"},
		{"donʼt", "dont"},
		{"don‘t", "dont"},
		{"ISIS’", "isis"},
		{"ISIS'", "isis"},
		{"ISIS", "isis"},
		{"self-declared", "selfdeclared"}, // one word as given; Tokens splits it
		{"ﬁnal", "final"},                 // NFKC ligature
		{"ＡＢＣ", "abc"},                    // fullwidth
		{"Straße", "strasse"},
		{"STRASSE", "strasse"},
		{"ẞ", "ss"},              // capital sharp s
		{"İstanbul", "istanbul"}, // dotted capital I loses its dot
		{"ISTANBUL", "istanbul"},
		{"ıstanbul", "ıstanbul"}, // dotless i is a letter of its own
		{"ΣΟΦΟΣ", "σοφοσ"},       // final sigma folds like sigma
		{"σοφός", "σοφόσ"},
		{"Москва", "москва"},
		{"café", "café"},
		{"cafe\u0301", "café"}, // composed by NFKC
		{"2019", "2019"},
		{"km²", "km2"},
		{"½", "12"},  // NFKC gives 1⁄2; the fraction slash goes
		{"Ⅻ", "xii"}, // Roman numeral
		{"U.S.", "us"},
		{"“quoted”", "quoted"},
		{"ꮐ", "Ꮐ"}, // Cherokee folds to capitals
		{"aꮐ", "aᏀ"},
		{"aᏀ", "aᏀ"},
		{"", ""},
		{"'", ""},
		{"—", ""},
		{"\xff", ""},
	}
	for _, tt := range tests {
		if got := shingle.Normalize(tt.word); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// word is a token as the test sees it: the original text and its normal form.
type word struct{ text, norm string }

func words(text string) []word {
	var out []word
	for _, tok := range shingle.Tokens(text) {
		out = append(out, word{text[tok.Start:tok.End], shingle.Normalize(text[tok.Start:tok.End])})
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want []word
	}{
		{"", nil},
		{"  \t\n", nil},
		{"Hello, world!", []word{{"Hello", "hello"}, {"world", "world"}}},
		{"the group's caliphate", []word{{"the", "the"}, {"group's", "groups"}, {"caliphate", "caliphate"}}},
		{"ISIS’ last stand", []word{{"ISIS", "isis"}, {"last", "last"}, {"stand", "stand"}}},
		{"'quoted' and ‘quoted’", []word{{"quoted", "quoted"}, {"and", "and"}, {"quoted", "quoted"}}},
		{"“You’d like” he said", []word{{"You’d", "youd"}, {"like", "like"}, {"he", "he"}, {"said", "said"}}},
		{"self-declared", []word{{"self", "self"}, {"declared", "declared"}}},
		{"a–b—c‐d‑e―f−g/h", []word{{"a", "a"}, {"b", "b"}, {"c", "c"}, {"d", "d"}, {"e", "e"}, {"f", "f"}, {"g", "g"}, {"h", "h"}}},
		{"U.S.-backed", []word{{"U", "u"}, {"S", "s"}, {"backed", "backed"}}},
		{"72,000 people", []word{{"72", "72"}, {"000", "000"}, {"people", "people"}}},
		{"80's", []word{{"80", "80"}, {"s", "s"}}}, // an apostrophe joins letters only
		{"rock'n'roll", []word{{"rock'n'roll", "rocknroll"}}},
		{"it''s", []word{{"it", "it"}, {"s", "s"}}},
		{"«Bonjour» „Guten Tag“", []word{{"Bonjour", "bonjour"}, {"Guten", "guten"}, {"Tag", "tag"}}},
		{"email [email protected]", []word{{"email", "email"}, {"email", "email"}, {"protected", "protected"}}},
		{"Die Straße in İzmir", []word{{"Die", "die"}, {"Straße", "strasse"}, {"in", "in"}, {"İzmir", "izmir"}}},
		{"ﬁnal ＡＢＣ", []word{{"ﬁnal", "final"}, {"ＡＢＣ", "abc"}}},
		{"naïve café", []word{{"naïve", "naïve"}, {"café", "café"}}},
		{"e\u0301t\u00e9", []word{{"e\u0301t\u00e9", "été"}}},
		{"3½ km²", []word{{"3½", "312"}, {"km²", "km2"}}},
		{"emoji 🎉 gone", []word{{"emoji", "emoji"}, {"gone", "gone"}}},
		{"™ © ° §", nil},
		{"bad\xffbyte\xc3", []word{{"bad", "bad"}, {"byte", "byte"}}},
		{"zero\u200bwidth", []word{{"zero", "zero"}, {"width", "width"}}},
		{"Путин и Трамп", []word{{"Путин", "путин"}, {"и", "и"}, {"Трамп", "трамп"}}},
		{"東京 タワー", []word{{"東京", "東京"}, {"タワー", "タワー"}}},
		{"ʼtis", []word{{"tis", "tis"}}},
		{"dogsʼ", []word{{"dogs", "dogs"}}},
	}
	for _, tt := range tests {
		if got := words(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestTokenHash checks that a token's hash is xxhash of its normal form.
func TestTokenHash(t *testing.T) {
	text := "The Group's “final” ＡＢＣ stand — İstanbul, 2019."
	for _, tok := range shingle.Tokens(text) {
		n := shingle.Normalize(text[tok.Start:tok.End])
		if want := xxhash.Sum64String(n); tok.Hash != want {
			t.Errorf("token %q: hash %x, want xxhash(%q) = %x", text[tok.Start:tok.End], tok.Hash, n, want)
		}
	}
}

func hashes(text string) []uint64 {
	var out []uint64
	for _, tok := range shingle.Tokens(text) {
		out = append(out, tok.Hash)
	}
	return out
}

func TestTokensAgree(t *testing.T) {
	groups := [][]string{
		{"THE LAST STAND", "The last stand", "the last stand", "the  last\nstand"},
		{"ISIS’ fall", "ISIS' fall", "ISIS fall", "“ISIS” fall", "\"ISIS\" fall"},
		{"the group’s fighters", "the group's fighters", "the groupʼs fighters", "The GROUPS fighters"},
		{"“full of explosives”", "\"full of explosives\"", "«full of explosives»", "'full of explosives'"},
		{"self-declared caliphate", "self declared caliphate", "self–declared caliphate", "self/declared caliphate"},
		{"ﬁnal ＡＢＣ", "final abc", "FINAL ABC"},
		{"Straße", "STRASSE", "strasse"},
	}
	for _, g := range groups {
		want := hashes(g[0])
		for _, s := range g[1:] {
			if got := hashes(s); !slices.Equal(got, want) {
				t.Errorf("hashes(%q) = %x, want those of %q: %x", s, got, g[0], want)
			}
		}
	}
	if slices.Equal(hashes("the last stand"), hashes("the lost stand")) {
		t.Error("different words hash alike")
	}
}

func TestTokenizerReuse(t *testing.T) {
	tk := shingle.NewTokenizer()
	a := "Der Bürgermeister sagte: „Wir sind bereit.“"
	b := "THE MAYOR SAID: WE ARE READY."
	first := tk.Append(nil, a)
	tk.Append(nil, b)
	again := tk.Append(nil, a)
	if !slices.Equal(first, again) {
		t.Errorf("reused tokenizer gives %v, then %v", first, again)
	}
	// Append appends.
	both := tk.Append(tk.Append(nil, a), b)
	if !slices.Equal(both[:len(first)], first) || len(both) != len(first)+len(shingle.Tokens(b)) {
		t.Errorf("Append does not append: %v", both)
	}
}

func TestAppendAllocs(t *testing.T) {
	tk := shingle.NewTokenizer()
	for _, text := range []string{
		strings.Repeat("The group's fighters were finally crushed, officials SAID. ", 20),
		strings.Repeat("Die Straße nach İzmir war „voll“, sagte Ünal; ﬁnal ＡＢＣ Москва. ", 20),
	} {
		dst := tk.Append(nil, text)
		allocs := testing.AllocsPerRun(20, func() {
			dst = tk.Append(dst[:0], text)
		})
		if allocs != 0 {
			t.Errorf("Append allocates %v times a call in steady state on %.30q", allocs, text)
		}
	}
}

func TestOffsetsOnSeeds(t *testing.T) {
	for _, text := range seeds(t) {
		checkTokens(t, text)
	}
}

// checkTokens checks the invariants of the tokens of text.
func checkTokens(t *testing.T, text string) []shingle.Token {
	t.Helper()
	toks := shingle.Tokens(text)
	prev := int32(0)
	for i, tok := range toks {
		if tok.Start < prev || tok.Start >= tok.End || int(tok.End) > len(text) {
			t.Fatalf("token %d: bad offsets [%d,%d) after %d in %q", i, tok.Start, tok.End, prev, text)
		}
		prev = tok.End
		if !boundary(text, int(tok.Start)) || !boundary(text, int(tok.End)) {
			t.Fatalf("token %d: [%d,%d) not on rune boundaries of %q", i, tok.Start, tok.End, text)
		}
		w := text[tok.Start:tok.End]
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.In(r, unicode.L, unicode.M, unicode.N) {
			t.Fatalf("token %d: %q does not start with a letter, mark or digit", i, w)
		}
		r, _ = utf8.DecodeLastRuneInString(w)
		if !unicode.In(r, unicode.L, unicode.M, unicode.N) || r == 'ʼ' {
			t.Fatalf("token %d: %q does not end with a letter, mark or digit", i, w)
		}
		n := shingle.Normalize(w)
		if n == "" {
			t.Fatalf("token %d: %q normalises to nothing", i, w)
		}
		if nn := shingle.Normalize(n); nn != n {
			t.Fatalf("token %d: Normalize not idempotent: %q -> %q -> %q", i, w, n, nn)
		}
		if tok.Hash != xxhash.Sum64String(n) {
			t.Fatalf("token %d: hash of %q is not xxhash of %q", i, w, n)
		}
	}
	return toks
}

// boundary reports whether i is at a rune boundary of s: at either end or
// not in the middle of a valid UTF-8 sequence.
func boundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	for j := max(0, i-3); j < i; j++ {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r != utf8.RuneError && j+size > i {
			return false
		}
	}
	return true
}

func TestWords(t *testing.T) {
	toks := shingle.Tokens("a b c d e")
	tests := []struct {
		n    int
		want int
	}{
		{1, 5}, {2, 4}, {3, 3}, {5, 1}, {6, 0}, {10, 0},
	}
	for _, tt := range tests {
		got := shingle.Words(toks, tt.n)
		if len(got) != tt.want {
			t.Errorf("Words(5 tokens, %d) has %d hashes, want %d", tt.n, len(got), tt.want)
		}
		if tt.want == 0 && got != nil {
			t.Errorf("Words(5 tokens, %d) = %v, want nil", tt.n, got)
		}
	}
	if got := shingle.Words(nil, 1); got != nil {
		t.Errorf("Words(nil, 1) = %v, want nil", got)
	}

	// Equal word sequences at different places, in different dress, hash
	// alike; order matters.
	x := shingle.Words(shingle.Tokens("One two three four five."), 3)
	y := shingle.Words(shingle.Tokens("Zero, ONE two “three” four-five six"), 3)
	if !slices.Equal(x, y[1:4]) {
		t.Errorf("equal sequences: %x vs %x", x, y[1:4])
	}
	z := shingle.Words(shingle.Tokens("two one three four five"), 3)
	if z[0] == x[0] {
		t.Error("order does not matter")
	}
	if slices.Contains(x, shingle.Words(shingle.Tokens("three two one"), 3)[0]) {
		t.Error("reversed sequence hashes like a forward one")
	}
	// A repeated word gives different hashes for different counts.
	a := shingle.Words(shingle.Tokens("x x x x"), 2)
	b := shingle.Words(shingle.Tokens("x x x x"), 3)
	if a[0] == b[0] {
		t.Error("shingles of different lengths collide")
	}
}

// TestWordsWindow checks that a shingle's hash depends on its own words
// only, and pins it to the definition at AppendWords: xxhash.Sum64 of the
// window's word hashes as 8-byte little-endian values.
func TestWordsWindow(t *testing.T) {
	toks := shingle.Tokens(strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa ", 4))
	for n := 1; n <= 34; n++ {
		got := shingle.Words(toks, n)
		for i, h := range got {
			if alone := shingle.Words(toks[i:i+n], n); len(alone) != 1 || alone[0] != h {
				t.Fatalf("n=%d, i=%d: %x in context, %x alone", n, i, h, alone)
			}
			var b []byte
			for _, tok := range toks[i : i+n] {
				b = binary.LittleEndian.AppendUint64(b, tok.Hash)
			}
			if want := xxhash.Sum64(b); h != want {
				t.Fatalf("n=%d, i=%d: %x, want %x", n, i, h, want)
			}
		}
	}
}

func TestAppendWords(t *testing.T) {
	toks := shingle.Tokens("the quick brown fox jumps over the lazy dog")
	dst := []uint64{42}
	got := shingle.AppendWords(dst, toks, 4)
	if got[0] != 42 || !slices.Equal(got[1:], shingle.Words(toks, 4)) {
		t.Errorf("AppendWords = %x", got)
	}
	if got := shingle.AppendWords(dst, toks[:3], 4); !slices.Equal(got, dst) {
		t.Errorf("AppendWords with too few tokens = %x, want %x", got, dst)
	}
	buf := make([]uint64, 0, len(toks))
	if allocs := testing.AllocsPerRun(20, func() { buf = shingle.AppendWords(buf[:0], toks, 4) }); allocs != 0 {
		t.Errorf("AppendWords allocates %v times with room in dst", allocs)
	}
	for _, n := range []int{0, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Words(_, %d) does not panic", n)
				}
			}()
			shingle.Words(toks, n)
		}()
	}
}

// seeds returns the texts of the committed seed articles.
func seeds(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestEveryRune checks, for every rune of the Basic Multilingual Plane alone
// and among others, that tokens hash the normal form of their text (which
// Normalize works out the long way), and that a rune makes a word just when
// it is a letter, mark or digit.
func TestEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for r := rune(0); r < 1<<16; r++ {
		if 0xD800 <= r && r < 0xE000 {
			continue
		}
		s := string(r)
		toks := checkTokens(t, s)
		isWord := unicode.In(r, unicode.L, unicode.M, unicode.N) && r != 'ʼ'
		if !isWord && len(toks) != 0 || isWord && len(toks) != 1 && shingle.Normalize(s) != "" {
			t.Errorf("%U: %d tokens", r, len(toks))
		}
		for _, ctx := range []string{"a" + s + "b", "A" + s + "Z", s + s, "É" + s, "x'" + s, s + "’s", "i" + s} {
			checkTokens(t, ctx)
		}
	}
}
