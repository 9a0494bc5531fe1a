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

// occurrence is one place a hash occurs. where packs the document's
// witness rank above the position, so that sorting by (hash, where) puts
// each hash's earliest witness first without looking anything up.
type occurrence struct {
	hash  uint64
	where uint64
}

func (e *engine) at(doc, pos int) occurrence {
	return occurrence{where: uint64(e.ranks[doc])<<32 | uint64(uint32(pos))}
}

// place unpacks an occurrence into its document and position.
func (e *engine) place(o occurrence) (doc, pos int32) {
	return int32(e.byRank[o.where>>32]), int32(uint32(o.where))
}

func byWitness(a, b occurrence) int {
	if x := cmp.Compare(a.hash, b.hash); x != 0 {
		return x
	}
	return cmp.Compare(a.where, b.where)
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
		for _, h := range e.prep[i].shingles {
			if h != 0 {
				total++
			}
		}
	}
	parts := partition(total, func(emit func(occurrence)) {
		for d := range e.prep {
			for pos, h := range e.prep[d].shingles {
				if h == 0 {
					continue
				}
				o := e.at(d, pos)
				o.hash = h
				emit(o)
			}
		}
	})
	out := make([][]link, partitions)
	err := e.forEach(ctx, partitions, func(_, p int) {
		occ := parts[p]
		slices.SortFunc(occ, byWitness)
		var links []link
		for i := 0; i < len(occ); {
			j := i + 1
			for j < len(occ) && occ[j].hash == occ[i].hash {
				j++
			}
			od, op := e.place(occ[i])
			for _, o := range occ[i+1 : j] {
				cd, cp := e.place(o)
				links = append(links, link{origin: od, copy: cd, o: op, c: cp})
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
