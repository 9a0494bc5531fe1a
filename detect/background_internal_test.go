package detect

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/shingle"
)

func TestWeight(t *testing.T) {
	tests := []struct {
		users, n, in int
		want         float64
	}{
		{1, 2, 1, 1},                    // a pair: nothing to learn from
		{2, 2, 2, 1},                    // shared by the pair
		{0, 0, 1, 1},                    // no corpus at all
		{1, 1000, 1, 1 + math.Log(999)}, // used by no other article
		{2, 1000, 2, 1 + math.Log(999)}, // shared, and by no other
		{1000, 1000, 2, 1},              // used by every other article
		{500, 1001, 1, 1 + math.Log(2)}, // by half the others and the one
		{5000, 1000, 1, 1},              // more users than articles: as many as there are
	}
	for _, tt := range tests {
		if got := weight(tt.users, tt.n, tt.in); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("weight(%d, %d, %d) = %g, want %g", tt.users, tt.n, tt.in, got, tt.want)
		}
	}
}

// TestCountUsers: the background Run counts holds, for every content stem,
// the articles that use it, over a small corpus (one partition) and a
// larger one (partitions across workers), whatever the number of workers.
func TestCountUsers(t *testing.T) {
	for _, n := range []int{3, 200} {
		var docs []reprint.Document
		for i := range n {
			// Article i uses "common", "shared<i%7>" and "own<i>".
			docs = append(docs, reprint.Document{ID: fmt.Sprint(i), Text: fmt.Sprintf("The common word, shared%d and own%d words.", i%7, i)})
		}
		for _, workers := range []int{1, 3} {
			opt := Defaults()
			opt.Workers = workers
			e, ctx := preparedEngine(t, docs, opt), context.Background()
			shift, groups, err := e.stemGroups(ctx)
			if err != nil {
				t.Fatal(err)
			}
			bg, err := e.background(ctx, shift, groups)
			if err != nil {
				t.Fatal(err)
			}
			stemOf := func(w string) uint32 {
				var words []uint64
				var starts, ends []int32
				for _, tk := range shingle.Tokens(w) {
					words, starts, ends = append(words, tk.Hash), append(starts, tk.Start), append(ends, tk.End)
				}
				return Stems(w, words, starts, ends)[0]
			}
			if got := bg.Users(stemOf("common")); got != n || bg.Articles() != n {
				t.Errorf("%d articles, %d workers: %q has %d users of %d, want %d", n, workers, "common", got, bg.Articles(), n)
			}
			if got, want := bg.Users(stemOf("shared3")), (n+3)/7; n > 3 && got != want {
				t.Errorf("%d articles: shared3 has %d users, want %d", n, got, want)
			}
			if got := bg.Users(stemOf("own1")); got != 1 {
				t.Errorf("%d articles: own1 has %d users, want 1", n, got)
			}
			if got := bg.Users(stemOf("absent")); got != 0 {
				t.Errorf("%d articles: an absent word has %d users", n, got)
			}
		}
	}
}
