package detect_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

// explained runs detection with explanations and checks every match's
// explanation against the match itself.
func explained(t *testing.T, docs []reprint.Document) *reprint.Result {
	t.Helper()
	opt := detect.Defaults()
	opt.Explain = true
	res, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range res.Matches {
		x := m.Explain
		if x == nil {
			t.Fatalf("match %d has no explanation", i)
		}
		// The explanation measures the passages again from their byte
		// spans: it must find the very shingle sets verify measured.
		if x.Jaccard != m.Jaccard || max(x.OriginInCopy, x.CopyInOrigin) != m.Containment {
			t.Errorf("match %d: explanation has jaccard %v, containment %v and %v; the match has %v and %v",
				i, x.Jaccard, x.OriginInCopy, x.CopyInOrigin, m.Jaccard, m.Containment)
		}
		if x.ShingleSeeds > x.PairShingleSeeds || x.SharedShingles > min(x.OriginShingles, x.CopyShingles) {
			t.Errorf("match %d: inconsistent counts %+v", i, x)
		}
		if x.ShingleSeeds > 0 != slices.Contains(x.Routes, reprint.ShingleRoute) {
			t.Errorf("match %d: %d shingle seeds in the passage but routes %v", i, x.ShingleSeeds, x.Routes)
		}
	}
	return res
}

// only returns the single match of res.
func only(t *testing.T, res *reprint.Result) reprint.Match {
	t.Helper()
	if len(res.Matches) != 1 {
		t.Fatalf("got %d matches, want 1: %+v", len(res.Matches), res.Matches)
	}
	return res.Matches[0]
}

// TestExplainEditedParagraph: the wire sentence (24 words, so 20 distinct
// 5-word shingles) copied with one word in the middle changed. The change
// spoils the 5 shingles that cover it on each side, so the passages share
// 15 shingles of 20 each: Jaccard 15/25, containment 15/20 either way.
func TestExplainEditedParagraph(t *testing.T) {
	edited := strings.Replace(wire, "convoy", "column", 1)
	docs := []reprint.Document{
		{ID: "a", Text: filler(1, 30) + "\n\n" + wire + "\n\n" + filler(2, 30)},
		{ID: "b", Text: filler(3, 20) + "\n\n" + edited},
	}
	m := only(t, explained(t, docs))
	x := m.Explain
	if m.Words != 24 {
		t.Fatalf("copy passage of %d words, want the whole sentence (24)", m.Words)
	}
	if x.SharedShingles != 15 || x.OriginShingles != 20 || x.CopyShingles != 20 {
		t.Errorf("shingles shared %d of %d and %d, want 15 of 20 and 20", x.SharedShingles, x.OriginShingles, x.CopyShingles)
	}
	if x.Jaccard != 15.0/25 || x.OriginInCopy != 0.75 || x.CopyInOrigin != 0.75 {
		t.Errorf("jaccard %v, containment %v and %v; want 0.6, 0.75 and 0.75", x.Jaccard, x.OriginInCopy, x.CopyInOrigin)
	}
	// Four standard deviations of a 64-slot MinHash estimate at J = 0.6.
	if tol := 4 * math.Sqrt(0.6*0.4/64); math.Abs(x.EstimatedJaccard-x.Jaccard) > tol {
		t.Errorf("estimated jaccard %v, exact %v: off by more than %.3f", x.EstimatedJaccard, x.Jaccard, tol)
	}
	// The sentence is a paragraph of its own on both sides.
	if len(x.Paragraphs) != 1 {
		t.Fatalf("paragraph pairs %+v, want one", x.Paragraphs)
	}
	pp := x.Paragraphs[0]
	if pp.Origin != 1 || pp.Copy != 1 || pp.SharedShingles != 15 || pp.Jaccard != 0.6 {
		t.Errorf("paragraph pair %+v, want paragraphs 1 and 1 sharing 15 shingles, jaccard 0.6", pp)
	}
	if x.ShingleSeeds != 15 || x.PairShingleSeeds != 15 {
		t.Errorf("shingle seeds %d in the passage, %d in the pair; want 15 and 15", x.ShingleSeeds, x.PairShingleSeeds)
	}
}

// TestExplainInsertedWord: one word inserted in the copy of the wire
// sentence. It spoils the 4 origin shingles that span the place and makes
// 5 new ones, so 16 shingles are shared, of 20 in the origin and 21 in the
// copy: containment differs by direction.
func TestExplainInsertedWord(t *testing.T) {
	inserted := strings.Replace(wire, "the convoy", "the armoured convoy", 1)
	docs := []reprint.Document{
		{ID: "a", Text: wire + "\n\n" + filler(1, 30)},
		{ID: "b", Text: filler(2, 30) + "\n\n" + inserted},
	}
	m := only(t, explained(t, docs))
	x := m.Explain
	if x.SharedShingles != 16 || x.OriginShingles != 20 || x.CopyShingles != 21 {
		t.Errorf("shingles shared %d of %d and %d, want 16 of 20 and 21", x.SharedShingles, x.OriginShingles, x.CopyShingles)
	}
	if x.Jaccard != 16.0/25 || x.OriginInCopy != 16.0/20 || x.CopyInOrigin != 16.0/21 {
		t.Errorf("jaccard %v, containment %v of the origin and %v of the copy; want 16/25, 16/20 and 16/21", x.Jaccard, x.OriginInCopy, x.CopyInOrigin)
	}
}

// TestExplainIdenticalParagraphs: a paragraph copied whole has the same
// signature on both sides, so it collides in every band, and both routes
// find it.
func TestExplainIdenticalParagraphs(t *testing.T) {
	docs := []reprint.Document{
		{ID: "a", Text: filler(1, 30) + "\n\n" + wire},
		{ID: "b", Text: wire + "\n\n" + filler(2, 30)},
	}
	res := explained(t, docs)
	x := only(t, res).Explain
	if x.SharedShingles != 20 || x.Jaccard != 1 || x.EstimatedJaccard != 1 {
		t.Errorf("explanation %+v, want 20 shared shingles, jaccard 1 exact and estimated", x)
	}
	if len(x.Paragraphs) != 1 {
		t.Fatalf("paragraph pairs %+v, want one", x.Paragraphs)
	}
	pp := x.Paragraphs[0]
	all := make([]int, res.Params.Bands)
	for b := range all {
		all[b] = b
	}
	if !slices.Equal(pp.Bands, all) {
		t.Errorf("collided in bands %v, want all %d", pp.Bands, res.Params.Bands)
	}
	if !pp.OriginSigned || !pp.CopySigned || !pp.Linked || pp.EstimatedJaccard != 1 {
		t.Errorf("paragraph pair %+v, want both signed and linked", pp)
	}
	if !slices.Equal(x.Routes, []reprint.Route{reprint.ShingleRoute, reprint.LSHRoute}) {
		t.Errorf("routes %v, want shingles and lsh", x.Routes)
	}
}

// TestExplainShortQuote: ten words quoted inside two long, otherwise
// different paragraphs. The paragraphs are far below the LSH threshold and
// collide in no band; the shingles find the quote.
func TestExplainShortQuote(t *testing.T) {
	quote := "we will not leave the city until the last family is safe"
	docs := []reprint.Document{
		{ID: "a", Text: filler(1, 40) + " " + quote + " " + filler(2, 40)},
		{ID: "b", Text: filler(3, 50) + " " + quote + " " + filler(4, 30)},
	}
	x := only(t, explained(t, docs)).Explain
	// 12 words: 8 shingles, all shared.
	if x.SharedShingles != 8 || x.OriginShingles != 8 || x.CopyShingles != 8 {
		t.Errorf("shingles shared %d of %d and %d, want 8 of 8 and 8", x.SharedShingles, x.OriginShingles, x.CopyShingles)
	}
	if len(x.Paragraphs) != 1 {
		t.Fatalf("paragraph pairs %+v, want one", x.Paragraphs)
	}
	pp := x.Paragraphs[0]
	if len(pp.Bands) != 0 || pp.Linked || pp.Jaccard > 0.1 || pp.SharedShingles != 8 {
		t.Errorf("paragraph pair %+v, want 8 shared shingles, a low jaccard and no band collided", pp)
	}
	if !slices.Equal(x.Routes, []reprint.Route{reprint.ShingleRoute}) || x.ShingleSeeds != 8 {
		t.Errorf("routes %v with %d seeds, want shingles only with 8", x.Routes, x.ShingleSeeds)
	}
}

// TestExplainInternal: a sentence repeated in one article is explained
// against its first place, and a paragraph is not compared with itself.
func TestExplainInternal(t *testing.T) {
	docs := []reprint.Document{{ID: "a", Text: wire + "\n\n" + filler(1, 30) + "\n\n" + wire}}
	x := only(t, explained(t, docs)).Explain
	if x.SharedShingles != 20 || x.ShingleSeeds != 20 || x.PairShingleSeeds != 20 || len(x.Paragraphs) != 1 {
		t.Fatalf("explanation %+v, want 20 shared shingles and seeds (the first places are no seeds), one paragraph pair", x)
	}
	if pp := x.Paragraphs[0]; pp.Origin != 0 || pp.Copy != 2 || !pp.Linked {
		t.Errorf("paragraph pair %+v, want paragraphs 0 and 2, linked", pp)
	}
}

// TestExplainOff: without Explain no match carries an explanation, and
// the matches are the same.
func TestExplainOff(t *testing.T) {
	docs := readCorpus(t, "../testdata/seeds")
	off := run(t, docs)
	on := explained(t, docs)
	if len(off.Matches) == 0 || len(off.Matches) != len(on.Matches) {
		t.Fatalf("%d matches without explanations, %d with", len(off.Matches), len(on.Matches))
	}
	for i, m := range off.Matches {
		if m.Explain != nil {
			t.Fatalf("match %d carries an explanation without Explain", i)
		}
		m.Explain = on.Matches[i].Explain
		if m != on.Matches[i] {
			t.Errorf("match %d differs with Explain: %+v, %+v", i, m, on.Matches[i])
		}
	}
}

// TestExplainRealData checks the explanations of a real corpus against
// their matches, and that nearly every passage holds seeds of its own.
func TestExplainRealData(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a research corpus")
	}
	res := explained(t, readCorpus(t, shareddata.Path(t, "news-helsinki.jsonl.gz")))
	count := map[string]int{}
	for _, m := range res.Matches {
		var names []string
		for _, r := range m.Explain.Routes {
			names = append(names, string(r))
		}
		count[strings.Join(names, "+")]++
	}
	t.Logf("%d matches by route: %v", len(res.Matches), count)
	if count[""] > len(res.Matches)/100 {
		t.Errorf("%d of %d passages hold no seed of their own", count[""], len(res.Matches))
	}
}

// BenchmarkExplain runs detection over the Helsinki corpus with and
// without explanations: the difference is what Explain costs.
func BenchmarkExplain(b *testing.B) {
	docs := readCorpus(b, shareddata.Path(b, "news-helsinki.jsonl.gz"))
	for _, on := range []bool{false, true} {
		b.Run(map[bool]string{false: "off", true: "on"}[on], func(b *testing.B) {
			opt := detect.Defaults()
			opt.Explain = on
			for b.Loop() {
				if _, err := detect.Run(context.Background(), docs, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
