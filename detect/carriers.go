package detect

import (
	"context"
	"slices"
	"sort"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/provenance"
)

// PassageOf returns the shingles of the passage at span (bytes of an
// article) that provenance.Carried counts its carriers by, given the
// article's word start offsets and the shingle starting at each word
// (shingles[i] covers words i to i+n-1; zero is no shingle): the distinct
// shingles lying wholly inside the span, and those beyond either end, as
// far as it takes to make the passage longer than short words. A report
// and an index check count alike with it.
func PassageOf(starts []int32, shingles []uint64, span reprint.Span, n, short int) provenance.Passage {
	w0 := sort.Search(len(starts), func(i int) bool { return int(starts[i]) >= span.Start })
	w1 := sort.Search(len(starts), func(i int) bool { return int(starts[i]) >= span.End })
	if w1-w0 < n || w0 >= len(shingles) {
		return provenance.Passage{}
	}
	var p provenance.Passage
	p.Shingles = nonZeroSet(slices.Clone(shingles[w0:min(len(shingles), w1-n+1)]))
	if more := short + 1 - (w1 - w0); more > 0 {
		p.Need = more
		// The shingle at w0-1-i reaches word w0-1-i; the one at w1-n+1+i
		// reaches word w1+i.
		for i := 0; i < more && w0-1-i >= 0; i++ {
			p.Left = append(p.Left, shingles[w0-1-i])
		}
		for i := 0; i < more && w1-n+1+i < len(shingles); i++ {
			p.Right = append(p.Right, shingles[w1-n+1+i])
		}
	}
	return p
}

// carriage returns, for provenance.Classify, how widely each match's
// origin passage is carried. It gathers the holders of the shingles of
// every passage Classify may ask about (short ones across articles) from
// the repeated shingles' occurrences; a shingle that is not repeated is
// held by its one article only.
func (e *engine) carriage(ctx context.Context, ms []reprint.Match) (func(i int) provenance.Carriage, error) {
	short := e.opt.Provenance.ShortWords
	passages := make([]provenance.Passage, len(ms))
	needed := map[uint64]bool{}
	for i, m := range ms {
		if m.Origin.Doc == m.Copy.Doc || m.Words > short {
			continue
		}
		d := &e.prep[m.Origin.Doc]
		passages[i] = PassageOf(d.starts, d.shingles, m.Origin.Span, e.opt.Shingle, short)
		for _, hs := range [][]uint64{passages[i].Shingles, passages[i].Left, passages[i].Right} {
			for _, h := range hs {
				needed[h] = true
			}
		}
	}
	if len(needed) == 0 {
		return func(int) provenance.Carriage { return provenance.Carriage{} }, nil
	}
	// A bit per hash's low bits rules most occurrences out before the map
	// is asked.
	var maybe [1 << 14]uint64
	for h := range needed {
		maybe[h>>6&(1<<14-1)] |= 1 << (h & 63)
	}
	found := make([][]occurrence, len(e.reps))
	err := e.forEach(ctx, len(e.reps), func(_, p int) {
		for _, o := range e.reps[p] {
			if maybe[o.hash>>6&(1<<14-1)]&(1<<(o.hash&63)) != 0 && needed[o.hash] {
				found[p] = append(found[p], o)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	holders := map[uint64][]int32{} // documents holding each needed repeated shingle
	for _, occ := range found {
		for _, o := range occ {
			d, _ := e.place(o)
			holders[o.hash] = append(holders[o.hash], d)
		}
	}
	for h, hs := range holders { // an article may hold a shingle twice
		slices.Sort(hs)
		holders[h] = slices.Compact(hs)
	}
	// Count each distinct origin passage once, on all cores, before
	// Classify asks.
	type key struct {
		doc  int
		span reprint.Span
	}
	first := map[key]int{} // the first match of each origin passage
	var firsts []int
	for i, m := range ms {
		if passages[i].Shingles == nil {
			continue
		}
		k := key{m.Origin.Doc, m.Origin.Span}
		if _, ok := first[k]; !ok {
			first[k] = i
			firsts = append(firsts, i)
		}
	}
	counted := make([]provenance.Carriage, len(firsts))
	err = e.forEach(ctx, len(firsts), func(_, j int) {
		i := firsts[j]
		origin := int32(ms[i].Origin.Doc)
		counted[j] = provenance.Carried(passages[i], origin, func(h uint64) []int32 {
			if hs, ok := holders[h]; ok {
				return hs
			}
			return []int32{origin} // a shingle found once is the origin's
		}, func(d int32) string { return e.docs[d].Source })
	})
	if err != nil {
		return nil, err
	}
	byFirst := make(map[int]provenance.Carriage, len(firsts))
	for j, i := range firsts {
		byFirst[i] = counted[j]
	}
	return func(i int) provenance.Carriage {
		m := &ms[i]
		f, ok := first[key{m.Origin.Doc, m.Origin.Span}]
		if !ok {
			return provenance.Carriage{} // a passage without shingles
		}
		return byFirst[f]
	}, nil
}

// nonZeroSet sorts a and returns its distinct non-zero values, in place.
func nonZeroSet[T uint32 | uint64](a []T) []T {
	slices.Sort(a)
	s := slices.Compact(a)
	if len(s) > 0 && s[0] == 0 {
		s = s[1:]
	}
	return s
}
