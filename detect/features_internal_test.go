package detect

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
)

// The features an index keeps must be the hashes Run links by: the same
// shingles, and for every paragraph Run signs, the same LSH keys.
func TestFeaturesMatchRun(t *testing.T) {
	para := func(seed, n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = fmt.Sprintf("w%d", (seed*7919+i*104729)%1009)
		}
		return strings.Join(w, " ") + "."
	}
	shared := para(1, 40)
	docs := []reprint.Document{
		{ID: "a", Text: para(2, 30) + "\n\n" + shared + "\n\nShort one.\n\n" + para(3, 12)},
		{ID: "b", Text: "Headline\n\n" + shared + "\n\n" + para(4, 50)},
		{ID: "c", Text: strings.Replace(shared, "w", "v", 3) + "\n\n" + para(2, 30)},
	}
	opt := Defaults()
	e, ctx := preparedEngine(t, docs, opt), context.Background()
	if _, err := e.findRepeats(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.sign(ctx); err != nil {
		t.Fatal(err)
	}
	f, err := NewFeaturer(opt)
	if err != nil {
		t.Fatal(err)
	}
	signed := 0
	for d := range docs {
		got := f.Features(docs[d].Text)
		want := slices.Clone(e.prep[d].shingles)
		slices.Sort(want)
		want = slices.Compact(want)
		want = slices.DeleteFunc(want, func(h uint64) bool { return h == 0 })
		if !slices.Equal(got.Shingles, want) {
			t.Errorf("doc %s: %d feature shingles, Run has %d distinct", docs[d].ID, len(got.Shingles), len(want))
		}
		byPara := map[int][]uint64{}
		for _, p := range got.Paragraphs {
			byPara[p.Para] = p.Keys
		}
		keys, b := e.prep[d].keys, e.lsh.Bands
		for k := 0; k < len(keys); k += b + 1 {
			signed++
			p := int(keys[k])
			if !slices.Equal(byPara[p], keys[k+1:k+1+b]) {
				t.Errorf("doc %s paragraph %d: feature keys differ from Run's", docs[d].ID, p)
			}
		}
		for _, p := range got.Paragraphs {
			if n := int(e.prep[d].paraTok[p.Para+1] - e.prep[d].paraTok[p.Para]); n < opt.MinWords {
				t.Errorf("doc %s paragraph %d: keys for a %d-word paragraph", docs[d].ID, p.Para, n)
			}
		}
	}
	if signed < 2 {
		t.Fatalf("Run signed %d paragraphs; the test needs the shared one signed in a and b", signed)
	}
}
