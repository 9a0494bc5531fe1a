package detect

import (
	"cmp"
	"context"
	"math/bits"
	"slices"

	"github.com/reprint-tool/reprint/internal/partition"
)

// paraRef names one paragraph of one document.
type paraRef struct {
	doc, para int32
}

type paraPair struct {
	origin, copy paraRef
}

// paragraphLinks finds candidate paragraph pairs with MinHash LSH, verifies
// each exactly, and turns the shingles shared by a verified pair into seeds.
// Bucket members are linked to the bucket's earliest witness only.
func (e *engine) paragraphLinks(ctx context.Context) ([]link, error) {
	// Bucket keys travel as occurrences, the paragraph as the position.
	b := e.lsh.Bands
	parts := partition.Blocks(partitions, e.blocks(), e.workers, func(blk int, emit func(int, occurrence)) {
		from, to := e.blockDocs(blk)
		for d := from; d < to; d++ {
			keys := e.prep[d].keys
			for k := 0; k < len(keys); k += b + 1 {
				p := int(keys[k])
				for _, key := range keys[k+1 : k+1+b] {
					o := e.at(key, d, p)
					emit(byHash(o), o)
				}
			}
		}
	})
	found := make([][]paraPair, partitions)
	err := e.forEach(ctx, partitions, func(w, p int) {
		occ := parts[p]
		var pairs []paraPair
		e.linkToEarliest(&e.scratch[w], occ, func(od, op, cd, cp int32) {
			pairs = append(pairs, paraPair{paraRef{od, op}, paraRef{cd, cp}})
		})
		found[p] = pairs
	})
	if err != nil {
		return nil, err
	}
	pairs := slices.Concat(found...)
	slices.SortFunc(pairs, comparePairs)
	pairs = slices.Compact(pairs)

	seeds := make([][]link, len(pairs))
	err = e.forEach(ctx, len(pairs), func(w, i int) {
		seeds[i] = e.verifyParagraphs(&e.scratch[w], pairs[i])
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(seeds...), nil
}

func comparePairs(a, b paraPair) int {
	return cmp.Or(
		cmp.Compare(a.origin.doc, b.origin.doc), cmp.Compare(a.origin.para, b.origin.para),
		cmp.Compare(a.copy.doc, b.copy.doc), cmp.Compare(a.copy.para, b.copy.para))
}

// verifyParagraphs checks a candidate paragraph pair exactly and, when the
// Jaccard similarity of their shingle sets reaches the threshold (the
// similarity the LSH banding is tuned to find), returns the seeds of the
// shingles the two paragraphs share.
func (e *engine) verifyParagraphs(sc *scratch, pp paraPair) []link {
	n := e.opt.Shingle
	od, cd := &e.prep[pp.origin.doc], &e.prep[pp.copy.doc]
	os, cs := od.paraShingles(int(pp.origin.para), n), cd.paraShingles(int(pp.copy.para), n)
	if j, _ := sc.overlap(os, cs); j < e.opt.Threshold {
		return nil
	}
	oBase, cBase := od.paraTok[pp.origin.para], cd.paraTok[pp.copy.para]
	// Index the origin paragraph's shingles, first place of each.
	at := &sc.places
	at.reset(len(os))
	for i, h := range os {
		at.add(h, int32(i))
	}
	var out []link
	for i, h := range cs {
		if k, ok := at.get(h); ok {
			o, c := oBase+k, cBase+int32(i)
			if pp.origin.doc == pp.copy.doc && o >= c {
				continue
			}
			out = append(out, newLink(pp.origin.doc, pp.copy.doc, o, c))
		}
	}
	return out
}

// Overlap returns the exact Jaccard similarity |A∩B|/|A∪B| and containment
// |A∩B|/min(|A|,|B|) of two shingle multisets taken as sets. Zero stands
// for "no shingle" and is not counted. Both are 0 when either set is empty.
func Overlap(a, b []uint64) (jaccard, containment float64) {
	var sc scratch
	return sc.overlap(a, b)
}

// scratch is one worker's reusable working memory.
type scratch struct {
	places places // verifyParagraphs' index of a paragraph's shingles
	link   []link // radix sort space
	// groupEarliest's table and per-occurrence groups.
	slots, group, first, count []int32
	// intersect's table.
	keys []uint64
	in   []uint8
	sent sentScratch // sentence alignment's
	// reworded lists the matches (copy document, copy span start) that
	// sentence alignment made, for explanations.
	reworded [][2]int
}

// places maps shingle hashes to the first place each was added at: an
// open-addressing table (shingle hashes are uniform, so their low bits make
// the slot) that is cleared in time proportional to its size, unlike a Go
// map, whose clearing costs its largest size ever.
type places struct {
	keys []uint64
	vals []int32
	used []bool
	mask uint64
}

// reset empties the table and makes room for n keys.
func (t *places) reset(n int) {
	size := 1 << bits.Len(uint(2*n))
	t.keys, t.vals, t.used = resize(t.keys, size), resize(t.vals, size), resize(t.used, size)
	clear(t.used)
	t.mask = uint64(size - 1)
}

// add records place v for h unless h already has one.
func (t *places) add(h uint64, v int32) {
	s := h & t.mask
	for t.used[s] {
		if t.keys[s] == h {
			return
		}
		s = (s + 1) & t.mask
	}
	t.keys[s], t.vals[s], t.used[s] = h, v, true
}

// get returns the place recorded for h.
func (t *places) get(h uint64) (int32, bool) {
	for s := h & t.mask; t.used[s]; s = (s + 1) & t.mask {
		if t.keys[s] == h {
			return t.vals[s], true
		}
	}
	return 0, false
}

func (sc *scratch) overlap(a, b []uint64) (jaccard, containment float64) {
	na, nb, inter := sc.intersect(a, b)
	if na == 0 || nb == 0 {
		return 0, 0
	}
	union := na + nb - inter
	return float64(inter) / float64(union), float64(inter) / float64(min(na, nb))
}

// intersect counts the distinct non-zero values of a and of b and those
// they share, with one open-addressing table (shingle hashes are uniform,
// so their low bits make the slot): a pass over a and one over b, where
// sorting both would cost a log factor more.
func (sc *scratch) intersect(a, b []uint64) (na, nb, inter int) {
	size := 1 << bits.Len(uint(2*(len(a)+len(b))))
	mask := uint64(size - 1)
	sc.keys = resize(sc.keys, size)
	sc.in = resize(sc.in, size)
	keys, in := sc.keys, sc.in
	clear(in)
	// in[s]: 0 empty, bit 1 the key is in a, bit 2 it is in b.
	find := func(h uint64) uint64 {
		s := h & mask
		for in[s] != 0 && keys[s] != h {
			s = (s + 1) & mask
		}
		keys[s] = h
		return s
	}
	for _, h := range a {
		if h != 0 {
			if s := find(h); in[s] == 0 {
				in[s] = 1
				na++
			}
		}
	}
	for _, h := range b {
		if h != 0 {
			if s := find(h); in[s]&2 == 0 {
				if in[s]&1 != 0 {
					inter++
				}
				in[s] |= 2
				nb++
			}
		}
	}
	return na, nb, inter
}
