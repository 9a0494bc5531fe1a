package detect

import (
	"context"
	"slices"

	"github.com/reprint-tool/reprint/internal/partition"
	"github.com/reprint-tool/reprint/internal/runs"
)

// Rare words link the article pairs that sentence alignment compares even
// though they share too little wording word for word to be linked by
// shingles or LSH: a rewrite, a translation there and back or a summary
// changes a passage's phrasing but keeps its names, figures and unusual
// words, which few other articles of a corpus use. Two articles that share
// at least RareShared words each used by at most RareUsers articles of the
// corpus are linked, earlier witness to later, with no seed; only sentence
// alignment finds passages between them, and a passage found by rewording
// alone must pass its stricter rules (withFragments).
//
// Over two articles every word they share is rare, so a pair is compared
// whenever the two share RareShared content words (eval pan gives each
// pair alone). In a corpus, a word many articles use links nothing, and
// the pairs stay few: Reuters-21578's 19,043 articles make about 2,000.
const (
	// RareUsers is the most articles of a corpus that use a word it counts
	// as rare.
	RareUsers = 10
	// RareShared is the fewest rare words two articles share that links
	// them.
	RareShared = 3
)

// rewordOnly is the position of a rare-word link: it links its pair
// without a seed.
const rewordOnly = ^uint64(0)

// rareLinks returns a link, at rewordOnly, for every pair of the run's
// articles that share at least RareShared rare words (used by at most
// RareUsers articles of the corpus, as the background counts), given the
// run's stem groups (stemGroups).
func (e *engine) rareLinks(ctx context.Context, groups [][]uint64) ([]link, error) {
	// Each group's pairs, origin by witness order, as copy<<32 | origin.
	pairs := make([][]uint64, len(groups))
	err := e.forEach(ctx, len(groups), func(_, p int) {
		var out []uint64
		eachGroup(groups[p], func(s uint32, g []uint64) {
			if len(g) < 2 || len(g) > RareUsers || e.bg.Users(s) > RareUsers {
				return
			}
			for a := range g {
				for b := a + 1; b < len(g); b++ {
					x, y := int32(uint32(g[a])), int32(uint32(g[b]))
					if e.ranks[y] < e.ranks[x] {
						x, y = y, x
					}
					out = append(out, uint64(y)<<32|uint64(uint32(x)))
				}
			}
		})
		pairs[p] = out
	})
	if err != nil {
		return nil, err
	}
	// Count each pair's rare words, pairs spread over partitions by hash.
	byPair := partition.Blocks(partitions, len(pairs), e.workers, func(b int, emit func(int, uint64)) {
		for _, k := range pairs[b] {
			emit(int((k*0x9e3779b97f4a7c15)>>56), k)
		}
	})
	links := make([][]link, partitions)
	err = e.forEach(ctx, partitions, func(_, p int) {
		ks := byPair[p]
		slices.Sort(ks)
		runs.Each(ks, func(k uint64) uint64 { return k }, func(run []uint64) {
			if len(run) >= RareShared {
				links[p] = append(links[p], link{pair: run[0], pos: rewordOnly})
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(links...), nil
}
