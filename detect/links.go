package detect

import (
	"cmp"
	"context"
	"slices"
)

// link is one seed of a candidate pair: the shingle starting at token o of
// document origin equals the one starting at token c of document copy. The
// origin is the earlier witness (or, inside one document, the earlier place).
type link struct {
	origin, copy int32
	o, c         int32
}

// partitions splits hash-keyed work by the top bits of the hash, so that
// each part can be sorted on its own core while the result stays the same
// whatever the number of cores.
const partitions = 256

type occurrence struct {
	hash     uint64
	doc, pos int32
}

// byWitness orders occurrences of one hash by witness order then position.
func (e *engine) byWitness(a, b occurrence) int {
	if x := cmp.Compare(a.hash, b.hash); x != 0 {
		return x
	}
	if x := cmp.Compare(e.ranks[a.doc], e.ranks[b.doc]); x != 0 {
		return x
	}
	return cmp.Compare(a.pos, b.pos)
}

// partition spreads occurrences over partitions by hash, in two passes so
// that one allocation holds them all.
func partition(total int, each func(emit func(occurrence))) [][]occurrence {
	var counts [partitions]int
	each(func(o occurrence) { counts[o.hash>>56]++ })
	all := make([]occurrence, total)
	parts := make([][]occurrence, partitions)
	off := 0
	for p, n := range counts {
		parts[p] = all[off : off : off+n]
		off += n
	}
	each(func(o occurrence) {
		p := o.hash >> 56
		parts[p] = append(parts[p], o)
	})
	return parts
}

// shingleLinks finds every shingle that occurs more than once in the corpus
// and links each later occurrence to the earliest witness's first one.
func (e *engine) shingleLinks(ctx context.Context) ([]link, error) {
	total := 0
	for i := range e.prep {
		total += len(e.prep[i].shingles)
	}
	parts := partition(total, func(emit func(occurrence)) {
		for d := range e.prep {
			for pos, h := range e.prep[d].shingles {
				emit(occurrence{hash: h, doc: int32(d), pos: int32(pos)})
			}
		}
	})
	out := make([][]link, partitions)
	err := e.forEach(ctx, partitions, func(_, p int) {
		occ := parts[p]
		slices.SortFunc(occ, e.byWitness)
		var links []link
		for i := 0; i < len(occ); {
			j := i + 1
			for j < len(occ) && occ[j].hash == occ[i].hash {
				j++
			}
			first := occ[i]
			for _, o := range occ[i+1 : j] {
				links = append(links, link{origin: first.doc, copy: o.doc, o: first.pos, c: o.pos})
			}
			i = j
		}
		out[p] = links
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(out...), nil
}
