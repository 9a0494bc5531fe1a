package detect

import (
	"context"
	"slices"
	"testing"

	"github.com/reprint-tool/reprint/align"
	"github.com/reprint-tool/reprint/shingle"

	"github.com/reprint-tool/reprint"
)

// preparedEngine returns an engine over docs with options opt whose
// articles are prepared as Run prepares them.
func preparedEngine(t testing.TB, docs []reprint.Document, opt Options) *engine {
	t.Helper()
	e, err := newEngine(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

// sentencesFor prepares text as Run does and returns its sentences as
// strings, from the first word of each to the end of its last.
func sentencesFor(t *testing.T, text string) []string {
	t.Helper()
	e := preparedEngine(t, []reprint.Document{{ID: "a", Text: text}}, Defaults())
	s, d := e.sentencesOf(0), &e.prep[0]
	var out []string
	for i := range s.count() {
		out = append(out, text[d.starts[s.first[i]]:d.ends[s.first[i+1]-1]])
	}
	return out
}

func TestSentenceSplit(t *testing.T) {
	text := "Prices rose 3.5 pct at A.B.C last year. Did they? Yes; sharply!\n\nA new paragraph starts here. \"Quoted,\" he said.\n\nNo stop at the end"
	// A sentence of fewer than minSentence words runs on into the next.
	want := []string{
		"Prices rose 3.5 pct at A.B.C last year",
		"Did they? Yes; sharply",
		"A new paragraph starts here",
		"Quoted,\" he said",
		"No stop at the end",
	}
	got := sentencesFor(t, text)
	if len(got) != len(want) {
		t.Fatalf("got %d sentences %q, want %q", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d is %q, want %q", i, got[i], want[i])
		}
	}
	// A run of words without a stop is cut every maxSentence words.
	long := ""
	for i := range 2*maxSentence + 5 {
		long += string(rune('a'+i%26)) + "xx "
	}
	if got := sentencesFor(t, long); len(got) != 3 {
		t.Errorf("%d words without a stop make %d sentences, want 3", 2*maxSentence+5, len(got))
	}
}

func TestStem(t *testing.T) {
	tok := func(w string) uint32 {
		d := &preparedEngine(t, []reprint.Document{{ID: "a", Text: w}}, Defaults()).prep[0]
		return stem(w[d.starts[0]:d.ends[0]], d.text.Words[0])
	}
	same := [][]string{
		{"report", "reports", "Reported", "REPORTING"},
		{"bridge", "Bridge", "bridges"},
		{"close", "closed", "closes", "closing"},
		{"quick", "quickly"},
		{"groups", "group's", "group’s", "GROUPS", "groupʼs"},
		{"café", "Café"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if a, b := tok(group[0]), tok(w); a != b || a == 0 {
				t.Errorf("stem(%q) = %d, stem(%q) = %d; want the same, not 0", group[0], a, w, b)
			}
		}
	}
	// Function words have numbers of their own, below any content word's.
	for _, w := range []string{"the", "The", "which", "however"} {
		if s := tok(w); s == 0 || content(s) {
			t.Errorf("stem(%q) = %d, want a function word's number", w, s)
		}
	}
	if tok("the") != tok("THE") {
		t.Error("a function word's number depends on its case")
	}
	// Every one of them, as listed: a word too long for stem's look-up, or
	// one too many for a functionSet, would be read as a content word or
	// lose its number.
	for k, w := range functionWordList {
		if s := tok(w); s != uint32(k+1) || content(s) {
			t.Errorf("stem(%q) = %d, want function word number %d", w, s, k+1)
		}
	}
	// Words of one or two letters say nothing; numbers of any length are
	// content words.
	for _, w := range []string{"of", "a", "is"} {
		if s := tok(w); s != 0 {
			t.Errorf("stem(%q) = %d, want 0 (says nothing)", w, s)
		}
	}
	for _, w := range []string{"7", "42", "1987"} {
		if s := tok(w); !content(s) {
			t.Errorf("stem(%q) = %d, want a content word", w, s)
		}
	}
	if tok("42") == tok("43") {
		t.Error("two numbers share a stem")
	}
	if tok("bridge") == tok("bride") || tok("report") == tok("port") {
		t.Error("different words share a stem")
	}
	// "-ing" and "-ed" go only from longer words.
	if tok("sing") == tok("s") || tok("bed") == 0 {
		t.Error("short words lose their ending")
	}
}

func TestIntersection(t *testing.T) {
	tests := []struct {
		x, y []uint32
		want int
	}{
		{[]uint32{1, 2, 3}, []uint32{1, 2, 3}, 3},
		{[]uint32{1, 2, 3, 4}, []uint32{3, 4, 5, 6, 7, 8}, 2},
		{[]uint32{1}, []uint32{2}, 0},
		{nil, []uint32{2}, 0},
	}
	for _, tt := range tests {
		if got := intersection(tt.x, tt.y); got != tt.want {
			t.Errorf("intersection(%v, %v) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
	}
}

// FuzzSentences: whatever the text, sentences tile the words in order, none
// longer than maxSentence words, and each sentence's stems are distinct and
// exactly the non-zero stems of its words.
func FuzzSentences(f *testing.F) {
	f.Add("Prices rose 3.5 pct. Did they? Yes; sharply!\n\nA new paragraph.")
	f.Add("no stop at all and a great many words without one")
	f.Add("Ü. ß? İ! ½; ’quoted’ \x00\xff.")
	f.Fuzz(func(t *testing.T, text string) {
		e := preparedEngine(t, []reprint.Document{{ID: "a", Text: text}}, Defaults())
		s, words := e.sentencesOf(0), int32(len(e.prep[0].starts))
		if s.first[0] != 0 || s.first[len(s.first)-1] != words {
			t.Fatalf("sentences run from word %d to %d of %d", s.first[0], s.first[len(s.first)-1], words)
		}
		for i := range s.count() {
			a, b := s.first[i], s.first[i+1]
			if b <= a && words > 0 || b-a > maxSentence {
				t.Fatalf("sentence %d is words %d to %d", i, a, b)
			}
			var want []uint32
			for _, h := range s.stems[a:b] {
				if h != 0 {
					want = append(want, h)
				}
			}
			slices.Sort(want)
			var got []uint32
			for _, v := range s.ids[s.off[i]:s.off[i+1]] {
				got = append(got, s.vocab[v])
			}
			slices.Sort(got)
			if !slices.Equal(got, slices.Compact(want)) {
				t.Fatalf("sentence %d: set %v, want %v", i, got, want)
			}
		}
	})
}

// TestWithFragments: a pair's shingle passages stay candidates; a sentence
// passage is stretched over the shingle passages it overlaps on both sides,
// and takes their ends when they cover most of it; one that only covers a
// single shingle passage is left out.
func TestWithFragments(t *testing.T) {
	r := func(a, b int) align.Range { return align.Range{Start: a, End: b} }
	shingles := func(ps ...align.Passage) []candidate {
		var out []candidate
		for _, p := range ps {
			out = append(out, candidate{p: p})
		}
		return out
	}
	tests := []struct {
		name string
		ps   []align.Passage
		frag align.Passage
		want []candidate
	}{{
		name: "pieces of a rewritten passage: the fragment's ends kept",
		ps:   []align.Passage{{O: r(12, 20), C: r(112, 120), Seeds: 2}, {O: r(40, 50), C: r(140, 150), Seeds: 3}, {O: r(300, 310), C: r(400, 410), Seeds: 4}},
		frag: align.Passage{O: r(10, 80), C: r(110, 180)},
		want: append(shingles(align.Passage{O: r(12, 20), C: r(112, 120), Seeds: 2}, align.Passage{O: r(40, 50), C: r(140, 150), Seeds: 3}, align.Passage{O: r(300, 310), C: r(400, 410), Seeds: 4}),
			candidate{p: align.Passage{O: r(10, 80), C: r(110, 180), Seeds: 5}, sentences: true}),
	}, {
		name: "mostly shingles: their ends",
		ps:   []align.Passage{{O: r(12, 50), C: r(112, 150), Seeds: 2}, {O: r(52, 78), C: r(152, 178), Seeds: 3}},
		frag: align.Passage{O: r(10, 80), C: r(110, 180)},
		want: append(shingles(align.Passage{O: r(12, 50), C: r(112, 150), Seeds: 2}, align.Passage{O: r(52, 78), C: r(152, 178), Seeds: 3}),
			candidate{p: align.Passage{O: r(12, 78), C: r(112, 178), Seeds: 5}, sentences: true}),
	}, {
		name: "one shingle passage is left as it is",
		ps:   []align.Passage{{O: r(11, 79), C: r(111, 179), Seeds: 7}},
		frag: align.Passage{O: r(10, 80), C: r(110, 180)},
		want: shingles(align.Passage{O: r(11, 79), C: r(111, 179), Seeds: 7}),
	}, {
		name: "overlap on one side only is no overlap",
		ps:   []align.Passage{{O: r(500, 520), C: r(120, 140), Seeds: 2}},
		frag: align.Passage{O: r(10, 80), C: r(110, 180), Seeds: 3},
		want: append(shingles(align.Passage{O: r(500, 520), C: r(120, 140), Seeds: 2}),
			candidate{p: align.Passage{O: r(10, 80), C: r(110, 180), Seeds: 3}, sentences: true}),
	}, {
		name: "rewording alone of two sentence pairs in order is kept",
		frag: align.Passage{O: r(10, 80), C: r(110, 180), Seeds: 2},
		want: []candidate{{p: align.Passage{O: r(10, 80), C: r(110, 180), Seeds: 2}, sentences: true}},
	}, {
		name: "rewording alone of one sentence pair in order is left out",
		frag: align.Passage{O: r(10, 80), C: r(110, 180), Seeds: 1},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withFragments(nil, nil, nil, 0, 0, tt.ps, []rewording{{Passage: tt.frag, ordered: int32(tt.frag.Seeds), contrast: 1}}, nil, nil)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// FuzzStem: words spelled out in ASCII (apostrophes straight or curly)
// with one normalised hash have one stem, whatever their case.
func FuzzStem(f *testing.F) {
	f.Add("group's", "GROUPS")
	f.Add("it’s", "its")
	f.Add("Café", "CAFÉ")
	f.Add("İstanbul", "istanbul")
	f.Fuzz(func(t *testing.T, a, b string) {
		ta, tb := shingle.Tokens(a), shingle.Tokens(b)
		for _, x := range ta {
			for _, y := range tb {
				wx, wy := a[x.Start:x.End], b[y.Start:y.End]
				if x.Hash != y.Hash || !spelled(wx) || !spelled(wy) {
					continue
				}
				if sx, sy := stem(wx, x.Hash), stem(wy, y.Hash); sx != sy {
					t.Fatalf("%q and %q share a hash but stem to %d and %d", wx, wy, sx, sy)
				}
			}
		}
	})
}

// spelled reports whether stem spells word out: ASCII, with curly
// apostrophes at most.
func spelled(word string) bool {
	for i := 0; i < len(word); i++ {
		switch c := word[i]; {
		case c < 0x80:
		case c == 0xE2 && i+2 < len(word) && word[i+1] == 0x80 && (word[i+2] == 0x98 || word[i+2] == 0x99):
			i += 2
		case c == 0xCA && i+1 < len(word) && word[i+1] == 0xBC:
			i++
		default:
			return false
		}
	}
	return true
}

func TestOrdered(t *testing.T) {
	p := func(i, j int32) sentencePair { return sentencePair{i: i, j: j} }
	tests := []struct {
		seeds []sentencePair
		want  int32
	}{
		{nil, 0},
		{[]sentencePair{p(0, 0), p(1, 1), p(2, 2)}, 3},
		{[]sentencePair{p(2, 0), p(1, 1), p(0, 2)}, 1},                   // reversed
		{[]sentencePair{p(5, 3), p(0, 0), p(9, 1), p(1, 1), p(2, 2)}, 4}, // 0,1,2,5
		{[]sentencePair{p(0, 0), p(4, 0), p(1, 1)}, 2},                   // one origin sentence per copy sentence
	}
	for _, tt := range tests {
		if got := ordered(tt.seeds); got != tt.want {
			t.Errorf("ordered(%v) = %d, want %d", tt.seeds, got, tt.want)
		}
	}
}
