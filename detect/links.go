package detect

import (
	"context"
	"math/bits"
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

// linkToEarliest calls link, for each hash occurring more than once in
// occ, with the earliest witness's occurrence (document and position) and
// each later one.
func (e *engine) linkToEarliest(sc *scratch, occ []occurrence, link func(od, op, cd, cp int32)) {
	sc.groupEarliest(occ, func(i, first int32) {
		if i != first {
			od, op := e.place(occ[first])
			cd, cp := e.place(occ[i])
			link(od, op, cd, cp)
		}
	})
}

// groupEarliest calls each(i, first) for every occurrence i in occ whose
// hash occurs more than once there, with first the index of that hash's
// earliest occurrence (the smallest where; i == first for the earliest
// itself), in the order of occ. It groups with an open-addressing table
// that one partition's hashes keep small enough to stay in cache, which
// beats sorting them.
func (sc *scratch) groupEarliest(occ []occurrence, each func(i, first int32)) {
	n := len(occ)
	if n < 2 {
		return
	}
	size := 1 << bits.Len(uint(2*n-1)) // at least twice as many slots as items
	mask := uint64(size - 1)
	sc.slots = resize(sc.slots, size)
	clear(sc.slots)
	// group[i] is the first occurrence of i's hash; for that one, first and
	// count describe the hash.
	sc.group = resize(sc.group, n)
	sc.first = resize(sc.first, n)
	sc.count = resize(sc.count, n)
	slots, group, first, count := sc.slots, sc.group, sc.first, sc.count
	repeated := false
	for i, o := range occ {
		for s := o.hash & mask; ; s = (s + 1) & mask {
			g := slots[s] - 1
			if g < 0 {
				slots[s] = int32(i) + 1
				group[i], first[i], count[i] = int32(i), int32(i), 1
				break
			}
			if occ[g].hash == o.hash {
				group[i] = g
				count[g]++
				if o.where < occ[first[g]].where {
					first[g] = int32(i)
				}
				repeated = true
				break
			}
		}
	}
	if !repeated {
		return
	}
	for i := range occ {
		if g := group[i]; count[g] > 1 {
			each(int32(i), first[g])
		}
	}
}

// resize returns a with length n, reallocated only when too small.
func resize[T any](a []T, n int) []T {
	if cap(a) < n {
		return make([]T, n)
	}
	return a[:n]
}

// byHash partitions occurrences by the top bits of their hash.
func byHash(o occurrence) int { return int(o.hash >> 56) }

// blocks is how many runs of documents spreading work is cut into.
func (e *engine) blocks() int { return min(len(e.prep), 64*e.workers) }

// blockDocs returns the documents of block b of e.blocks().
func (e *engine) blockDocs(b int) (from, to int) {
	n := e.blocks()
	return b * len(e.prep) / n, (b + 1) * len(e.prep) / n
}

// findRepeats finds every shingle that occurs more than once in the corpus.
// It sets e.repeated (for each document, the positions of its shingles that
// occur elsewhere too, or again in it) and returns the shingle links: each
// later occurrence linked to the earliest witness's first one.
//
// Every shingle occurrence is spread into partitions by the top bits of its
// hash; each partition then finds its repeated hashes with a table small
// enough for the cache. Most shingles of most corpora occur once.
func (e *engine) findRepeats(ctx context.Context) ([]link, error) {
	parts := partition.Blocks(partitions, e.blocks(), e.workers, func(b int, emit func(int, occurrence)) {
		from, to := e.blockDocs(b)
		for d := from; d < to; d++ {
			for pos, h := range e.prep[d].shingles {
				if h != 0 {
					o := e.at(h, d, pos)
					emit(byHash(o), o)
				}
			}
		}
	})
	// Mark the repeated shingles in one bit per corpus shingle, documents
	// end to end; a few hundred kilobytes that the cache holds while the
	// partitions set their bits in any order.
	start := make([]int, len(e.prep)+1)
	for d := range e.prep {
		start[d+1] = start[d] + len(e.prep[d].shingles)
	}
	marks := make([]atomic.Uint64, (start[len(e.prep)]+63)/64)
	links := make([][]link, partitions)
	e.reps = make([][]occurrence, partitions)
	err := e.forEach(ctx, partitions, func(w, p int) {
		occ := parts[p]
		var ls []link
		var reps []occurrence
		e.scratch[w].groupEarliest(occ, func(i, first int32) {
			reps = append(reps, occ[i])
			cd, cp := e.place(occ[i])
			k := start[cd] + int(cp)
			marks[k/64].Or(1 << (k % 64))
			if i != first {
				od, op := e.place(occ[first])
				ls = append(ls, newLink(od, cd, op, cp))
			}
		})
		links[p], e.reps[p] = ls, reps
	})
	if err != nil {
		return nil, err
	}
	e.repeated = make([][]int32, len(e.prep))
	err = e.forEach(ctx, len(e.prep), func(_, d int) {
		var pos []int32
		for k := start[d]; k < start[d+1]; {
			word := marks[k/64].Load() >> (k % 64)
			if word == 0 {
				k += 64 - k%64
				continue
			}
			k += bits.TrailingZeros64(word)
			if k >= start[d+1] {
				break
			}
			pos = append(pos, int32(k-start[d]))
			k++
		}
		e.repeated[d] = pos
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(links...), nil
}
