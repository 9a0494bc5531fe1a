package detect

import (
	"context"
	"slices"
	"sync/atomic"

	"github.com/reprint-tool/reprint/internal/partition"
)

// link is one seed of a candidate pair: the shingle starting at word o of
// document origin equals the one starting at word c of document copy. The
// origin is the earlier witness (or, inside one document, the earlier place).
// Both halves are packed so that links sort by (copy, origin, c, o) with two
// integer comparisons.
type link struct {
	pair uint64 // copy<<32 | origin
	pos  uint64 // c<<32 | o
}

func newLink(origin, copy, o, c int32) link {
	return link{pair: uint64(copy)<<32 | uint64(uint32(origin)), pos: uint64(c)<<32 | uint64(uint32(o))}
}

func (l link) origin() int32 { return int32(uint32(l.pair)) }
func (l link) copy() int32   { return int32(l.pair >> 32) }
func (l link) o() int32      { return int32(uint32(l.pos)) }
func (l link) c() int32      { return int32(l.pos >> 32) }

// partitions splits hash-keyed work by the top bits of the hash, so that
// each part can be sorted on its own core while the result stays the same
// whatever the number of cores.
const partitions = 256

// occurrence is one place a hash occurs. where packs the document's
// witness rank above the position, so that sorting by (hash, where) puts
// each hash's earliest witness first without looking anything up.
type occurrence struct {
	hash  uint64
	where uint64
}

func (e *engine) at(hash uint64, doc, pos int) occurrence {
	return occurrence{hash: hash, where: uint64(e.ranks[doc])<<32 | uint64(uint32(pos))}
}

// place unpacks an occurrence into its document and position.
func (e *engine) place(o occurrence) (doc, pos int32) {
	return int32(e.byRank[o.where>>32]), int32(uint32(o.where))
}

// linkToEarliest sorts occ and, for each hash occurring more than once,
// calls link with the earliest witness's occurrence (document and position)
// and each later one.
func (e *engine) linkToEarliest(sc *scratch, occ []occurrence, link func(od, op, cd, cp int32)) {
	sc.occ = slices.Grow(sc.occ[:0], len(occ))
	occ = radixSort(occ, sc.occ[:len(occ)])
	for i := 0; i < len(occ); {
		j := i + 1
		for j < len(occ) && occ[j].hash == occ[i].hash {
			j++
		}
		od, op := e.place(occ[i])
		for _, o := range occ[i+1 : j] {
			cd, cp := e.place(o)
			link(od, op, cd, cp)
		}
		i = j
	}
}

// byHash partitions occurrences by the top bits of their hash.
func byHash(o occurrence) int { return int(o.hash >> 56) }

// repeats is a filter of the shingle hashes that occur at least twice: two
// bits per slot, "seen" and "seen again", indexed by the low bits of the
// hash and kept side by side so that one cache line holds both. Most
// shingles occur once; the filter keeps them out of the sort that finds the
// repeated ones. Collisions only let a few unique shingles through (the sort
// then finds them unique); no repeated shingle is ever missed. Bits are set
// with atomic OR, so the filter does not depend on the order in which
// workers add shingles.
type repeats struct {
	slots []atomic.Uint64 // 32 slots a word: seen at bit 2k, again at 2k+1
	mask  uint64
}

func newRepeats(n int) *repeats {
	bits := uint(20)
	for bits < 30 && 1<<bits < 16*n { // about 6% of unique shingles pass at 16 slots each
		bits++
	}
	return &repeats{slots: make([]atomic.Uint64, 1<<(bits-5)), mask: 1<<bits - 1}
}

func (r *repeats) add(h uint64) {
	i := h & r.mask
	w := &r.slots[i>>5]
	seen := uint64(1) << (2 * (i & 31))
	if old := w.Or(seen); old&seen != 0 && old&(seen<<1) == 0 {
		w.Or(seen << 1)
	}
}

func (r *repeats) maybe(h uint64) bool {
	i := h & r.mask
	return r.slots[i>>5].Load()&(2<<(2*(i&31))) != 0
}

// findRepeats sets e.repeated: for each document, the positions of its
// shingles that may occur elsewhere too (a superset of those that do).
func (e *engine) findRepeats(ctx context.Context) error {
	n := 0
	for i := range e.prep {
		n += len(e.prep[i].shingles)
	}
	rep := newRepeats(n)
	err := e.forEach(ctx, len(e.prep), func(_, d int) {
		for _, h := range e.prep[d].shingles {
			if h != 0 {
				rep.add(h)
			}
		}
	})
	if err != nil {
		return err
	}
	e.repeated = make([][]int32, len(e.prep))
	return e.forEach(ctx, len(e.prep), func(_, d int) {
		var pos []int32
		for i, h := range e.prep[d].shingles {
			if h != 0 && rep.maybe(h) {
				pos = append(pos, int32(i))
			}
		}
		e.repeated[d] = pos
	})
}

// shingleLinks finds every shingle that occurs more than once in the corpus
// and links each later occurrence to the earliest witness's first one.
func (e *engine) shingleLinks(ctx context.Context) ([]link, error) {
	parts := partition.Spread(partitions, func(emit func(int, occurrence)) {
		for d, ps := range e.repeated {
			sh := e.prep[d].shingles
			for _, pos := range ps {
				o := e.at(sh[pos], d, int(pos))
				emit(byHash(o), o)
			}
		}
	})
	out := make([][]link, partitions)
	err := e.forEach(ctx, partitions, func(w, p int) {
		occ := parts[p]
		var links []link
		e.linkToEarliest(&e.scratch[w], occ, func(od, op, cd, cp int32) {
			links = append(links, newLink(od, cd, op, cp))
		})
		out[p] = links
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(out...), nil
}
