package detect_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
)

// ferry is a wire story; ferryRewritten says the same sentence by sentence
// without a single five-word run in common with it, keeping its names and
// figures (its rare words). Neither shingles nor LSH link the two.
const (
	ferry = "The Kestrel Line will stop its night ferry between Portsmouth and Cherbourg on 14 March after losing 3.2 million euros last year. " +
		"Its chief executive, Anna Lindqvist, blamed rising fuel prices and a fall in freight bookings since the autumn. " +
		"About 140 crew members on the Cherbourg route will be offered jobs on the company's Baltic services. " +
		"Unions at the Portsmouth terminal called the decision a betrayal of loyal staff and promised protests."
	ferryRewritten = "Night sailings from Portsmouth to Cherbourg by the Kestrel Line end on 14 March, the operator having lost 3.2 million euros in twelve months. " +
		"Anna Lindqvist, its chief executive, put the blame on rising fuel prices and on freight bookings falling since the autumn. " +
		"Some 140 crew members working the Cherbourg route may be offered posts on Kestrel's Baltic services. " +
		"Terminal unions in Portsmouth spoke of loyal workers betrayed and vowed to protest."
)

// TestRareWordsLinkARewrite: a rewrite that shares no wording word for word
// with its source is still compared with it, by the rare words the two
// share (names, figures), and found; when more than RareUsers articles of
// the corpus use those words, they link nothing and the rewrite is not
// compared at all.
func TestRareWordsLinkARewrite(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2023, 3, d, 0, 0, 0, 0, time.UTC) }
	docs := []reprint.Document{
		{ID: "wire", Date: day(1), Text: filler(1, 30) + "\n\n" + ferry + "\n\n" + filler(2, 30)},
		{ID: "rewrite", Date: day(2), Text: filler(3, 25) + "\n\n" + ferryRewritten + "\n\n" + filler(4, 25)},
	}
	found := func(docs []reprint.Document) bool {
		for _, m := range run(t, docs).Matches {
			if m.Origin.Doc == 0 && m.Copy.Doc == 1 {
				got := docs[1].Text[m.Copy.Span.Start:m.Copy.Span.End]
				if !strings.Contains(got, "Anna Lindqvist, its chief executive") {
					t.Errorf("match %q misses the middle of the rewrite", got)
				}
				return true
			}
		}
		return false
	}
	if !found(docs) {
		t.Error("over the two articles, the rewrite is not found")
	}
	// Ten other articles that use every word of the two (in alphabetical
	// order, so that they share no wording word for word): with the
	// rewrite and its source, more than RareUsers articles use each word.
	words := strings.Fields(strings.ToLower(strings.NewReplacer(".", " ", ",", " ", "'", " ").Replace(ferry + " " + ferryRewritten)))
	slices.Sort(words)
	words = slices.Compact(words)
	for i := range 10 {
		docs = append(docs, reprint.Document{ID: fmt.Sprintf("other%d", i), Date: day(3 + i),
			Text: strings.Join(words, " ") + "\n\n" + filler(10+i, 20)})
	}
	if found(docs) {
		t.Error("with its rare words used by most of the corpus, the rewrite is still found")
	}
}

// TestWidelyToldRewordingIsNot: a rewording alone whose telling words two
// or more other articles of the corpus also use together is the story's,
// not a copy (many outlets retell one official's statement): the ferry
// rewrite is found beside one article that uses all its words, and not
// beside two.
func TestWidelyToldRewordingIsNot(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2023, 3, d, 0, 0, 0, 0, time.UTC) }
	words := strings.Fields(strings.ToLower(strings.NewReplacer(".", " ", ",", " ", "'", " ").Replace(ferry + " " + ferryRewritten)))
	slices.Sort(words)
	words = slices.Compact(words)
	corpus := func(others int) []reprint.Document {
		docs := []reprint.Document{
			{ID: "wire", Date: day(1), Text: filler(1, 30) + "\n\n" + ferry + "\n\n" + filler(2, 30)},
			{ID: "rewrite", Date: day(2), Text: filler(3, 25) + "\n\n" + ferryRewritten + "\n\n" + filler(4, 25)},
		}
		for i := range others {
			docs = append(docs, reprint.Document{ID: fmt.Sprintf("other%d", i), Date: day(3 + i),
				Text: strings.Join(words, " ") + "\n\n" + filler(10+i, 20)})
		}
		return docs
	}
	found := func(docs []reprint.Document) bool {
		for _, m := range run(t, docs).Matches {
			if m.Origin.Doc == 0 && m.Copy.Doc == 1 {
				return true
			}
		}
		return false
	}
	if !found(corpus(1)) {
		t.Error("beside one other article that tells it, the rewrite is not found")
	}
	if found(corpus(2)) {
		t.Error("beside two other articles that tell it, the rewrite is still found")
	}
}
