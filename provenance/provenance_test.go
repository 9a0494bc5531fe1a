package provenance_test

import (
	"slices"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/provenance"
)

// parasOf returns each document's paragraphs, as detect gives them to
// Classify.
func parasOf(docs []reprint.Document) [][]reprint.Span {
	out := make([][]reprint.Span, len(docs))
	for i, d := range docs {
		out[i] = paragraph.Split(d.Text)
	}
	return out
}

func day(d int) time.Time { return time.Date(2019, 3, d, 12, 0, 0, 0, time.UTC) }

func TestRanks(t *testing.T) {
	docs := []reprint.Document{
		{ID: "b-undated"},
		{ID: "c", Date: day(5)},
		{ID: "a-undated"},
		{ID: "z", Date: day(2)},
		{ID: "y", Date: day(5)},
	}
	// Dated first by date (ties by id), then undated by id.
	want := []int{4, 1, 3, 0, 2}
	if got := provenance.Ranks(docs); !slices.Equal(got, want) {
		t.Errorf("Ranks = %v, want %v", got, want)
	}
}

func TestDatedBefore(t *testing.T) {
	tests := []struct {
		a, b reprint.Document
		want bool
	}{
		{reprint.Document{Date: day(1)}, reprint.Document{Date: day(2)}, true},
		{reprint.Document{Date: day(2)}, reprint.Document{Date: day(2)}, false},
		{reprint.Document{Date: day(1)}, reprint.Document{}, false},
		{reprint.Document{}, reprint.Document{}, false},
	}
	for i, tt := range tests {
		if got := provenance.DatedBefore(&tt.a, &tt.b); got != tt.want {
			t.Errorf("case %d: DatedBefore = %v, want %v", i, got, tt.want)
		}
	}
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{`He said: "Here's ISIS right now." Then left.`, []string{`"Here's ISIS right now."`}},
		{`It said “full of explosives” and «more».`, []string{`“full of explosives”`, `«more»`}},
		{`"An unclosed quotation runs to the end of its paragraph`, []string{`"An unclosed quotation runs to the end of its paragraph`}},
		{`The group's ‘caliphate’ is gone.`, nil},
		// Straight marks face the word they touch.
		{`A 12" pipe and a 5'10" man were "seen" there.`, []string{`"seen"`}},
		{`Words " shuffled " about, then "a quote" here.`, []string{`"a quote"`}},
		{`It ended." Then "he spoke" again.`, []string{`"he spoke"`}},
		{`The term ("hyperbolic geometry") stuck.`, []string{`"hyperbolic geometry"`}},
		{`He said—"no way"—and left, calling it "a 2016".`, []string{`"no way"`, `"a 2016"`}},
		{`A stray "opener, and "the quotation" that follows.`, []string{`"the quotation"`}},
	}
	for _, tt := range tests {
		paras := []reprint.Span{{Start: 0, End: len(tt.text)}}
		var got []string
		for _, s := range provenance.Quotes(tt.text, paras) {
			got = append(got, tt.text[s.Start:s.End])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Quotes(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestQuotesEndAtParagraph(t *testing.T) {
	text := "\"First paragraph of a quote\n\"Second one,\" he said."
	paras := []reprint.Span{{Start: 0, End: 27}, {Start: 28, End: len(text)}}
	got := provenance.Quotes(text, paras)
	want := []reprint.Span{{Start: 0, End: 27}, {Start: 28, End: 41}}
	if !slices.Equal(got, want) {
		t.Errorf("Quotes = %v, want %v", got, want)
	}
}

// byGroup counts the articles of a match's group as its carriers, as a
// run's matches would show them.
func byGroup(docs []reprint.Document, ms []reprint.Match) func(i int) provenance.Carriage {
	return func(i int) provenance.Carriage {
		var shingles []uint64
		holders := map[uint64][]int{}
		for _, m := range ms {
			if m.Group == ms[i].Group {
				holders[1] = append(holders[1], m.Origin.Doc, m.Copy.Doc)
			}
		}
		shingles = append(shingles, 1)
		return provenance.Carried(provenance.Passage{Shingles: shingles}, ms[i].Origin.Doc, func(h uint64) []int {
			return holders[h]
		}, func(d int) string { return docs[d].Source })
	}
}

// A carrier holds every one of a passage's shingles; sources count case-
// and space-blind, and an article without one counts only in the total.
// A carrier other than the origin that holds an edge shingle too makes the
// passage part of longer text.
func TestCarried(t *testing.T) {
	sources := map[string]string{"a": "Sun", "b": " sun", "c": "Mirror", "d": "", "e": "SUN"}
	holders := map[uint64][]string{
		1: {"a", "b", "c", "d"},
		2: {"a", "b", "d", "e"},
		3: {"a", "c"},
		4: {"a"},
		9: {"a", "e"},      // an extension's shingle
		8: {"a", "c"},      // another
		7: {"a", "b", "c"}, // and one more
	}
	tests := []struct {
		p    provenance.Passage
		want provenance.Carriage
	}{
		{provenance.Passage{Shingles: []uint64{1, 2, 3, 4}}, provenance.Carriage{Articles: 1, SameSource: 1}}, // only a holds all four
		{provenance.Passage{Shingles: []uint64{1, 2}}, provenance.Carriage{Articles: 3, SameSource: 2}},       // a, b (Sun twice) and d (no source)
		{provenance.Passage{Shingles: []uint64{1}}, provenance.Carriage{Articles: 4, SameSource: 2}},
		{provenance.Passage{Shingles: []uint64{3, 4, 5}}, provenance.Carriage{}}, // nobody holds 5
		{provenance.Passage{}, provenance.Carriage{}},
		// e holds 9 beyond the end but not all of 1, 2: not longer; a is the origin.
		{provenance.Passage{Shingles: []uint64{1, 2}, Left: []uint64{9}, Need: 1}, provenance.Carriage{Articles: 3, SameSource: 2}},
		// c carries 1 and 3 and runs on 7, 8 to the right: two words more, longer.
		{provenance.Passage{Shingles: []uint64{1, 3}, Right: []uint64{7, 8}, Need: 2}, provenance.Carriage{Articles: 2, SameSource: 1, Longer: true}},
		// b carries 1 and 2 and runs on 7 but not 8: one word short of Need.
		{provenance.Passage{Shingles: []uint64{1, 2}, Right: []uint64{7, 8}, Need: 2}, provenance.Carriage{Articles: 3, SameSource: 2}},
		// c runs on one word each side (8 left, 7 right): two in all, longer.
		{provenance.Passage{Shingles: []uint64{1, 3}, Left: []uint64{8}, Right: []uint64{7}, Need: 2}, provenance.Carriage{Articles: 2, SameSource: 1, Longer: true}},
		// c holds 8 only after a gap (9 first): the run stops at the gap.
		{provenance.Passage{Shingles: []uint64{1, 3}, Right: []uint64{9, 8}, Need: 1}, provenance.Carriage{Articles: 2, SameSource: 1}},
	}
	for _, tt := range tests {
		got := provenance.Carried(tt.p, "a", func(h uint64) []string {
			return holders[h]
		}, func(d string) string { return sources[d] })
		if got != tt.want {
			t.Errorf("Carried(%+v) = %+v, want %+v", tt.p, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	long := "padding words to make this article much longer than any passage in it, so that a passage is a minority of the article text and can be furniture."
	docs := []reprint.Document{
		{ID: "a", Source: "Sun", Text: long + long},
		{ID: "b", Source: "Sun", Text: long + long},
		{ID: "c", Source: "sun ", Text: long + long},
		{ID: "d", Source: "Mirror", Text: `"quoted words here" ` + long},
		{ID: "e", Source: "Times", Text: "short"},
	}
	quotes := make([][]reprint.Span, len(docs))
	quotes[3] = []reprint.Span{{Start: 0, End: 19}}
	ep := func(doc, start, end int) reprint.Endpoint {
		return reprint.Endpoint{Doc: doc, Span: reprint.Span{Start: start, End: end}}
	}
	ms := []reprint.Match{
		{Group: 0, Origin: ep(0, 0, 10), Copy: ep(0, 100, 110)},           // internal
		{Group: 1, Origin: ep(0, 0, 20), Copy: ep(1, 0, 20)},              // same source x3: boilerplate
		{Group: 1, Origin: ep(0, 0, 20), Copy: ep(2, 0, 20)},              // source matched case- and space-blind
		{Group: 2, Origin: ep(0, 30, 49), Copy: ep(3, 0, 19)},             // quoted in the copy
		{Group: 3, Origin: ep(0, 50, 90), Copy: ep(4, 0, 5), Words: 20},   // plain reuse across sources
		{Group: 4, Origin: ep(1, 0, 290), Copy: ep(2, 0, 290), Words: 52}, // whole-article copies are never furniture
		{Group: 4, Origin: ep(1, 0, 290), Copy: ep(0, 0, 290), Words: 52},
		{Group: 5, Origin: ep(0, 50, 90), Copy: ep(4, 0, 5), Words: 7}, // a scrap of a sentence: a stock phrase
		{Group: 6, Origin: ep(0, 0, 144), Copy: ep(4, 0, 5), Words: 7}, // whole sentences on both sides
	}
	provenance.Classify(docs, parasOf(docs), quotes, ms, provenance.Defaults(), byGroup(docs, ms))
	want := []reprint.Kind{reprint.Internal, reprint.Boilerplate, reprint.Boilerplate, reprint.Quote, reprint.Syndicated, reprint.Syndicated, reprint.Syndicated, reprint.Phrase, reprint.Syndicated}
	for i, m := range ms {
		if m.Kind != want[i] {
			t.Errorf("match %d: kind %s, want %s", i, m.Kind, want[i])
		}
	}
}

func TestClassifyManyArticles(t *testing.T) {
	docs := make([]reprint.Document, 30)
	for i := range docs {
		docs[i] = reprint.Document{ID: string(rune('A' + i)), Source: string(rune('a' + i)), Text: "A short line here. And a long enough article text to hold a short line of furniture in it."}
	}
	var ms []reprint.Match
	for i := 1; i < len(docs); i++ {
		ms = append(ms, reprint.Match{Group: 0, Words: 6,
			Origin: reprint.Endpoint{Doc: 0, Span: reprint.Span{Start: 0, End: 18}},
			Copy:   reprint.Endpoint{Doc: i, Span: reprint.Span{Start: 0, End: 18}}})
	}
	provenance.Classify(docs, parasOf(docs), make([][]reprint.Span, len(docs)), ms, provenance.Defaults(), byGroup(docs, ms))
	if ms[0].Kind != reprint.Boilerplate {
		t.Errorf("a short passage in 30 articles of 30 sources: kind %s, want boilerplate", ms[0].Kind)
	}
	ms = ms[:5]
	provenance.Classify(docs, parasOf(docs), make([][]reprint.Span, len(docs)), ms, provenance.Defaults(), byGroup(docs, ms))
	if ms[0].Kind != reprint.Syndicated {
		t.Errorf("a short passage in 6 articles of 6 sources: kind %s, want syndicated", ms[0].Kind)
	}
	quotes := make([][]reprint.Span, len(docs))
	quotes[0] = []reprint.Span{{Start: 0, End: 18}}
	ms = ms[:1]
	provenance.Classify(docs, parasOf(docs), quotes, ms, provenance.Defaults(), byGroup(docs, ms))
	if ms[0].Kind != reprint.Quote {
		t.Errorf("a quotation carried widely: kind %s, want quote", ms[0].Kind)
	}
}

// A check against an index classifies a few articles drawn from a larger
// corpus: the quarter rule must count the corpus, not the articles at hand.
func TestClassifyCorpusSize(t *testing.T) {
	docs := make([]reprint.Document, 24)
	for i := range docs {
		docs[i] = reprint.Document{ID: string(rune('A' + i)), Source: string(rune('a' + i)), Text: "A short line here. And a long enough article text to hold a short line of furniture in it."}
	}
	var ms []reprint.Match
	for i := 1; i < len(docs); i++ {
		ms = append(ms, reprint.Match{Group: 0, Words: 6,
			Origin: reprint.Endpoint{Doc: 0, Span: reprint.Span{Start: 0, End: 18}},
			Copy:   reprint.Endpoint{Doc: i, Span: reprint.Span{Start: 0, End: 18}}})
	}
	for _, tc := range []struct {
		size int
		want reprint.Kind
	}{
		{0, reprint.Boilerplate},    // 24 carriers >= max(20, 24/4)
		{96, reprint.Boilerplate},   // 24 >= 96/4
		{97, reprint.Syndicated},    // 24 < ceil(97/4) = 25
		{10000, reprint.Syndicated}, // a rare line in a large corpus
	} {
		opt := provenance.Defaults()
		opt.CorpusSize = tc.size
		provenance.Classify(docs, parasOf(docs), make([][]reprint.Span, len(docs)), ms, opt, byGroup(docs, ms))
		if ms[0].Kind != tc.want {
			t.Errorf("24 carriers, corpus size %d: kind %s, want %s", tc.size, ms[0].Kind, tc.want)
		}
	}
}

// Overlapping origin spans in one document are one passage; Group numbers
// passages in witness order and reports where each match came from.
func TestGroup(t *testing.T) {
	ep := func(doc, start, end int) reprint.Endpoint {
		return reprint.Endpoint{Doc: doc, Span: reprint.Span{Start: start, End: end}}
	}
	ranks := []int{1, 0, 2} // doc 1 is the earliest witness
	ms := []reprint.Match{
		{Origin: ep(0, 0, 10), Copy: ep(2, 5, 15)},   // passage in doc 0
		{Origin: ep(1, 50, 60), Copy: ep(2, 0, 10)},  // passage in doc 1 (earliest)
		{Origin: ep(0, 5, 20), Copy: ep(2, 30, 45)},  // overlaps the first: same passage
		{Origin: ep(1, 0, 10), Copy: ep(0, 40, 50)},  // an earlier part of doc 1
		{Origin: ep(0, 20, 30), Copy: ep(2, 60, 70)}, // touches, does not overlap: new passage
	}
	order := provenance.Group(ranks, ms)
	wantOrder := []int{3, 1, 0, 2, 4}
	wantGroup := []int{0, 1, 2, 2, 3}
	for k := range ms {
		if order[k] != wantOrder[k] || ms[k].Group != wantGroup[k] {
			t.Errorf("position %d: came from %d, group %d; want from %d, group %d", k, order[k], ms[k].Group, wantOrder[k], wantGroup[k])
		}
	}
}

// A short passage that some carrier holds as part of longer text is a
// fragment of reused text, not furniture, however widely it is carried.
func TestClassifyLongerIsNotFurniture(t *testing.T) {
	docs := make([]reprint.Document, 4)
	for i := range docs {
		docs[i] = reprint.Document{ID: string(rune('A' + i)), Source: "Sun", Text: "A short line here. And a long enough article text to hold a short line of furniture in it."}
	}
	ms := []reprint.Match{{Words: 6, Origin: reprint.Endpoint{Doc: 0, Span: reprint.Span{End: 18}}, Copy: reprint.Endpoint{Doc: 1, Span: reprint.Span{End: 18}}}}
	for _, tc := range []struct {
		c    provenance.Carriage
		want reprint.Kind
	}{
		{provenance.Carriage{Articles: 4, SameSource: 4}, reprint.Boilerplate},
		{provenance.Carriage{Articles: 4, SameSource: 4, Longer: true}, reprint.Syndicated},
	} {
		provenance.Classify(docs, parasOf(docs), make([][]reprint.Span, len(docs)), ms, provenance.Defaults(), func(int) provenance.Carriage { return tc.c })
		if ms[0].Kind != tc.want {
			t.Errorf("carriage %+v: kind %s, want %s", tc.c, ms[0].Kind, tc.want)
		}
	}
}
