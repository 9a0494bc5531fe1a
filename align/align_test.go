package align_test

import (
	"hash/fnv"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/align"
)

// words hashes each space-separated word, as shingle.Tokens would; a "¶"
// word starts a new paragraph and is not itself a word, and a word ending
// with a full stop ends a sentence.
func words(s string) align.Text {
	var t align.Text
	brk, stop := false, false
	for _, w := range strings.Fields(s) {
		if w == "¶" {
			brk = true
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(w))
		t.Words = append(t.Words, h.Sum64())
		t.Breaks = append(t.Breaks, brk)
		t.Stops = append(t.Stops, stop)
		brk, stop = false, strings.HasSuffix(w, ".")
	}
	return t
}

// seeds finds every shared n-gram by brute force.
func seeds(ot, ct align.Text, n int, same bool) []align.Seed {
	o, c := ot.Words, ct.Words
	var out []align.Seed
	for i := 0; i+n <= len(o); i++ {
		for j := 0; j+n <= len(c); j++ {
			if same && i >= j {
				continue
			}
			eq := true
			for k := range n {
				if o[i+k] != c[j+k] {
					eq = false
					break
				}
			}
			if eq {
				out = append(out, align.Seed{O: int32(i), C: int32(j)})
			}
		}
	}
	return out
}

// text returns the words of s in r.
func text(s string, r align.Range) string {
	var ws []string
	for _, w := range strings.Fields(s) {
		if w != "¶" {
			ws = append(ws, w)
		}
	}
	return strings.Join(ws[r.Start:r.End], " ")
}

func TestPassages(t *testing.T) {
	tests := []struct {
		name string
		o, c string
		same bool
		want [][2]string // origin text, copy text of each passage, in copy order
	}{
		{
			name: "exact sentence inside different paragraphs",
			o:    "alpha beta gamma the white house said the area has been eliminated marking the end delta epsilon",
			c:    "one two three four the white house said the area has been eliminated marking the end five six",
			want: [][2]string{{"the white house said the area has been eliminated marking the end", "the white house said the area has been eliminated marking the end"}},
		},
		{
			name: "one changed word is bridged and the tail after it kept",
			o:    "marking an end to its self declared caliphate which at its height stretched across large swathes of syria and iraq",
			c:    "the fall of the last pocket ends the terror groups self declared caliphate which at its height stretched across large parts of syria and iraq",
			want: [][2]string{{"self declared caliphate which at its height stretched across large swathes of syria and iraq", "self declared caliphate which at its height stretched across large parts of syria and iraq"}},
		},
		{
			name: "a dropped clause is bridged",
			o:    "x y the president said on friday in a long statement that the talks would resume next week in geneva z",
			c:    "q r the president said on friday that the talks would resume next week in geneva s",
			want: [][2]string{{"the president said on friday in a long statement that the talks would resume next week in geneva", "the president said on friday that the talks would resume next week in geneva"}},
		},
		{
			name: "split where the texts diverge",
			o:    "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15 p16 p17 p18 p19 p20 b1 b2 b3 b4 b5 b6 b7 b8 b9 b10",
			c:    "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 q1 q2 q3 q4 q5 q6 q7 q8 q9 q10 q11 q12 q13 q14 q15 q16 q17 q18 q19 q20 b1 b2 b3 b4 b5 b6 b7 b8 b9 b10",
			want: [][2]string{
				{"a1 a2 a3 a4 a5 a6 a7 a8 a9 a10", "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10"},
				{"b1 b2 b3 b4 b5 b6 b7 b8 b9 b10", "b1 b2 b3 b4 b5 b6 b7 b8 b9 b10"},
			},
		},
		{
			name: "extension stops at a paragraph break",
			o:    "k1 k2 k3 self declared caliphate which at its height stretched across large swathes of syria and iraq ¶ the end",
			c:    "m1 m2 m3 self declared caliphate which at its height stretched across large parts of syria and iraq ¶ the start",
			want: [][2]string{{"self declared caliphate which at its height stretched across large swathes of syria and iraq", "self declared caliphate which at its height stretched across large parts of syria and iraq"}},
		},
		{
			name: "a scrap of the previous paragraph is not the start of a passage",
			o:    "one two ¶ iraq ¶ the white house said the area has been eliminated",
			c:    "six seven ¶ iraq ¶ the white house said the area has been eliminated",
			want: [][2]string{{"the white house said the area has been eliminated", "the white house said the area has been eliminated"}},
		},
		{
			name: "two words alike after a shared sentence ends are not its reuse",
			o:    "x1 x2 the white house said the area has been eliminated. the jihadis fled",
			c:    "z1 the white house said the area has been eliminated. the army arrived",
			want: [][2]string{{"the white house said the area has been eliminated.", "the white house said the area has been eliminated."}},
		},
		{
			name: "nor is the end of the sentence before",
			o:    "x1 syria and iraq. the white house said the area has been eliminated y1",
			c:    "z1 z2 iraq. the white house said the area has been eliminated z3",
			want: [][2]string{{"the white house said the area has been eliminated", "the white house said the area has been eliminated"}},
		},
		{
			name: "a short sentence shared whole is",
			o:    "x1 x2 the white house said the area has been eliminated. trump said. the army left",
			c:    "z1 the white house said the area has been eliminated. trump said. a7 a8",
			want: [][2]string{{"the white house said the area has been eliminated. trump said.", "the white house said the area has been eliminated. trump said."}},
		},
		{
			name: "three words of the next sentence are",
			o:    "x1 x2 the white house said the area has been eliminated. the army said so",
			c:    "z1 the white house said the area has been eliminated. the army said it",
			want: [][2]string{{"the white house said the area has been eliminated. the army said", "the white house said the area has been eliminated. the army said"}},
		},
		{
			name: "a passage broken into short lines stays whole",
			o:    "x1 x2 x3 the first to tap the popularity and drama of forensics these ultimate science tools give kids the same lab instruments y1",
			c:    "z1 the first ¶ to tap the ¶ popularity and drama of ¶ forensics these ¶ ultimate science ¶ tools give kids the same ¶ lab instruments z2 z3",
			want: [][2]string{{"the first to tap the popularity and drama of forensics these ultimate science tools give kids the same lab instruments", "the first to tap the popularity and drama of forensics these ultimate science tools give kids the same lab instruments"}},
		},
		{
			name: "shorter than min words is dropped",
			o:    "x1 x2 the seven words are shared here y1 y2",
			c:    "z1 the seven words are shared here z2 z3",
		},
		{
			name: "repetition inside one document",
			o:    "the jihadis have been cleared out of their final territory and more words follow then the jihadis have been cleared out of their final territory",
			c:    "the jihadis have been cleared out of their final territory and more words follow then the jihadis have been cleared out of their final territory",
			same: true,
			want: [][2]string{{"the jihadis have been cleared out of their final territory", "the jihadis have been cleared out of their final territory"}},
		},
		{
			name: "a phrase the origin repeats is aligned once in the copy",
			o:    "we will meet all of their needs for those who want it and then we will meet all of their needs for those who want it",
			c:    "he said we will meet all of their needs for those who want it",
			want: [][2]string{{"we will meet all of their needs for those who want it", "we will meet all of their needs for those who want it"}},
		},
		{
			name: "a passage the copy repeats back to back is one match per repetition",
			o:    "x1 x2 the storm hit the coast at dawn and flooded the harbour y1",
			c:    "z1 the storm hit the coast at dawn and flooded the harbour the storm hit the coast at dawn and flooded the harbour z2",
			want: [][2]string{
				{"the storm hit the coast at dawn and flooded the harbour", "the storm hit the coast at dawn and flooded the harbour"},
				{"the storm hit the coast at dawn and flooded the harbour", "the storm hit the coast at dawn and flooded the harbour"},
			},
		},
		{
			name: "no seeds",
			o:    "a b c d e f g h i j",
			c:    "k l m n o p q r s t",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, c := words(tt.o), words(tt.c)
			opt := align.Defaults(5)
			ps := align.Passages(o, c, seeds(o, c, 5, tt.same), tt.same, opt)
			if len(ps) != len(tt.want) {
				for _, p := range ps {
					t.Logf("got %q -> %q", text(tt.o, p.O), text(tt.c, p.C))
				}
				t.Fatalf("got %d passages, want %d", len(ps), len(tt.want))
			}
			for i, p := range ps {
				if got := text(tt.o, p.O); got != tt.want[i][0] {
					t.Errorf("passage %d origin = %q, want %q", i, got, tt.want[i][0])
				}
				if got := text(tt.c, p.C); got != tt.want[i][1] {
					t.Errorf("passage %d copy = %q, want %q", i, got, tt.want[i][1])
				}
				if tt.same && p.O.End > p.C.Start {
					t.Errorf("internal passage %d overlaps itself: %v %v", i, p.O, p.C)
				}
			}
		})
	}
}

// TestPassagesRepetitive checks that periodic text stays cheap and sane:
// chains are bounded and passages do not overlap themselves.
func TestPassagesRepetitive(t *testing.T) {
	s := strings.Repeat("a b c d e f g h i j ", 40)
	o := words(s)
	ss := seeds(o, o, 5, true)
	ps := align.Passages(o, o, ss, true, align.Defaults(5))
	if len(ps) == 0 {
		t.Fatal("no passage found in repeated text")
	}
	for _, p := range ps {
		if p.O.End > p.C.Start {
			t.Errorf("passage overlaps itself: %v %v", p.O, p.C)
		}
	}
}

// TestPassagesStayInRange runs the aligner over random texts of few
// distinct words, where chains jump unevenly, and checks every passage
// stays inside both texts and inside itself.
func TestPassagesStayInRange(t *testing.T) {
	vocab := []string{"the", "cat", "sat", "on", "dog"}
	rng := uint64(1)
	next := func() uint64 { rng = rng*6364136223846793005 + 1442695040888963407; return rng >> 33 }
	for i := range 3000 {
		n := 5 + int(next()%40)
		ws := make([]string, n)
		for k := range ws {
			ws[k] = vocab[next()%uint64(len(vocab))]
		}
		s := strings.Join(ws, " ")
		o := words(s)
		for _, p := range align.Passages(o, o, seeds(o, o, 5, true), true, align.Defaults(5)) {
			if p.O.Start < 0 || p.C.End > len(o.Words) || p.O.End > p.C.Start || p.O.Len() <= 0 || p.C.Len() <= 0 {
				t.Fatalf("case %d %q: passage out of range: %+v", i, s, p)
			}
		}
	}
	// The reviewer's example: an 18-word text that once made the copy run
	// past its end.
	o := words("the cat sat on the dog sat on the the cat sat on the the cat sat")
	for _, p := range align.Passages(o, o, seeds(o, o, 5, true), true, align.Defaults(5)) {
		if p.C.End > len(o.Words) {
			t.Fatalf("passage runs past the text: %+v", p)
		}
	}
}

func BenchmarkPassages(b *testing.B) {
	base := strings.Fields(strings.Repeat("the quick brown fox jumps over the lazy dog while reporters watch ", 40))
	for i := range base {
		base[i] += string(rune('a' + i%26))
	}
	o := words(strings.Join(base, " "))
	c := align.Text{Words: append([]uint64(nil), o.Words...)}
	for i := 7; i < len(c.Words); i += 23 {
		c.Words[i] = 12345
	}
	ss := seeds(o, c, 5, false)
	b.ReportAllocs()
	for b.Loop() {
		in := append([]align.Seed(nil), ss...)
		align.Passages(o, c, in, false, align.Defaults(5))
	}
}
