package index

import (
	"slices"
	"sync"

	"github.com/reprint-tool/reprint/internal/runs"
)

// background is detect's Background for a check's run: the corpus is the
// index, less the articles the new ones replace (hidden), plus the new
// ones. Users come from a table the checker fills before the run (weigh);
// Carriers, which detect asks while it runs (for a passage found by
// rewording alone), read the articles that use each stem from the index
// when first asked (holdersOf, which the checker's rare-word partners
// share), and keep the first error for the checker to return after the
// run.
type background struct {
	n     int
	users map[uint32]int32 // filled by the checker's weigh before the run

	mu      sync.Mutex
	r       Reader
	hidden  map[DocNum]bool
	news    [][]uint32       // each new article's stems, ascending; set before holdersOf is first called
	holders map[uint32][]ref // the articles using a stem, read so far
	err     error
}

func (b *background) Articles() int      { return b.n }
func (b *background) Users(s uint32) int { return int(b.users[s]) }

// Carriers implements detect.Background.
func (b *background) Carriers(stems []uint32, least int) int {
	hs, err := b.holdersOf(stems)
	if err != nil {
		return 0
	}
	var all []ref
	for _, h := range hs {
		all = append(all, h...)
	}
	slices.Sort(all)
	return runs.AtLeast(all, least)
}

// holdersOf returns, for each stem, the articles of the corpus that use
// it: the indexed ones that are not hidden, then the new ones. It reads
// the index for the stems it has not read before, and keeps the first
// error it meets.
func (b *background) holdersOf(stems []uint32) ([][]ref, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if need := missing(stems, func(s uint32) bool { _, ok := b.holders[s]; return ok }); len(need) > 0 {
		hs, err := b.r.StemHolders(need)
		if err != nil {
			if b.err == nil {
				b.err = err
			}
			return nil, err
		}
		for i, s := range need {
			var refs []ref
			for _, d := range hs[i] {
				if !b.hidden[d] {
					refs = append(refs, ref(d))
				}
			}
			for k, ns := range b.news {
				if _, ok := slices.BinarySearch(ns, s); ok {
					refs = append(refs, newRef(k))
				}
			}
			b.holders[s] = refs
		}
	}
	out := make([][]ref, len(stems))
	for i, s := range stems {
		out[i] = b.holders[s]
	}
	return out, nil
}
