package detect

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/minhash"
)

// StageExplain is the stage Progress reports while explanations are
// computed (only with Options.Explain).
const StageExplain = "explain"

// explaining is one match's explanation while it is put together.
type explaining struct {
	x            reprint.Explanation
	origin, copy int32
	c0, c1       int // the copy passage's shingle places, [c0, c1)
	// collided holds, per entry of x.Paragraphs, the bucket keys of its
	// collided bands (equal on both sides).
	collided [][]uint64
}

// explain fills in Match.Explain for every match. It works after the fact,
// from the run's prepared articles, so the matching itself is untouched
// and a run that does not ask for explanations pays nothing: it measures
// each match's passages and their paragraphs again, signs them with the
// run's hasher and bands them with the run's LSH, and looks up what the
// run's shingle links and LSH buckets made of them (the earliest witness of
// each shingle, the earliest signed member of each bucket).
func (e *engine) explain(ctx context.Context, ms []reprint.Match) error {
	hasher := minhash.NewHasher(e.opt.Permutations, e.opt.Seed)
	e.stage = StageExplain
	xs := make([]explaining, len(ms))
	err := e.forEach(ctx, len(ms), func(_, i int) { xs[i] = e.measure(hasher, &ms[i]) })
	if err != nil {
		return err
	}
	seeds, err := e.shingleSeeds(ctx, xs)
	if err != nil {
		return err
	}
	first := e.bucketOrigins(xs)
	for i := range xs {
		x := &xs[i]
		x.x.PairShingleSeeds = seeds.pair(x.origin, x.copy)
		x.x.ShingleSeeds = seeds.within(x.origin, x.copy, x.c0, x.c1)
		if x.x.ShingleSeeds > 0 {
			x.x.Routes = append(x.x.Routes, reprint.ShingleRoute)
		}
		lsh := false
		for k := range x.x.Paragraphs {
			pp := &x.x.Paragraphs[k]
			if !pp.OriginSigned || !pp.CopySigned || pp.Jaccard < e.opt.Threshold {
				continue
			}
			at := uint64(e.ranks[x.origin])<<32 | uint64(pp.Origin)
			for _, key := range x.collided[k] {
				if first[key] == at {
					pp.Linked = true
					break
				}
			}
			lsh = lsh || pp.Linked
		}
		if lsh {
			x.x.Routes = append(x.x.Routes, reprint.LSHRoute)
		}
		ms[i].Explain = &x.x
	}
	return nil
}

// wordRange returns the words [a, b) of an article that a byte span of a
// match covers: byteSpan widens a passage's words only by punctuation, so
// they are the words starting inside the span.
func (d *prepared) wordRange(s reprint.Span) (a, b int) {
	a, _ = slices.BinarySearch(d.starts, int32(s.Start))
	b, _ = slices.BinarySearch(d.starts, int32(s.End))
	return a, b
}

// shinglePlaces returns the places [a, b) of the shingles lying wholly
// inside words [w0, w1), as verify measures a passage.
func (d *prepared) shinglePlaces(w0, w1, n int) (a, b int) {
	b = min(max(w0, w1-n+1), len(d.shingles))
	return min(w0, b), b
}

// paraOverlapping returns the paragraphs that hold any of words [w0, w1).
func (d *prepared) paraOverlapping(w0, w1 int) []int {
	var out []int
	for p := range d.paras {
		if int(d.paraTok[p]) < w1 && int(d.paraTok[p+1]) > w0 {
			out = append(out, p)
		}
	}
	return out
}

// signedParas returns the paragraphs of the article that the run signed
// for LSH, ascending.
func (e *engine) signedParas(d *prepared) []int {
	var out []int
	for k := 0; k < len(d.keys); k += e.lsh.Bands + 1 {
		out = append(out, int(d.keys[k]))
	}
	return out
}

// paraSketch is one paragraph as LSH sees it.
type paraSketch struct {
	para   int
	set    []uint64 // distinct shingles, ascending
	sig    []uint64
	keys   []uint64 // one per band; none for a paragraph without shingles
	signed bool
}

func (e *engine) sketch(hasher *minhash.Hasher, d *prepared, p int, signed []int) paraSketch {
	all := d.paraShingles(p, e.opt.Shingle)
	s := paraSketch{para: p, set: nonZeroSet(slices.Clone(all)), sig: hasher.Signature(all)}
	s.keys = e.lsh.AppendKeys(nil, s.sig)
	_, s.signed = slices.BinarySearch(signed, p)
	return s
}

// measure explains one match as far as its own articles tell: the
// passages' and paragraphs' shingle sets, signatures and band keys.
func (e *engine) measure(hasher *minhash.Hasher, m *reprint.Match) explaining {
	n := e.opt.Shingle
	x := explaining{origin: int32(m.Origin.Doc), copy: int32(m.Copy.Doc)}
	od, cd := &e.prep[m.Origin.Doc], &e.prep[m.Copy.Doc]
	ow0, ow1 := od.wordRange(m.Origin.Span)
	cw0, cw1 := cd.wordRange(m.Copy.Span)
	o0, o1 := od.shinglePlaces(ow0, ow1, n)
	x.c0, x.c1 = cd.shinglePlaces(cw0, cw1, n)
	os := nonZeroSet(slices.Clone(od.shingles[o0:o1]))
	cs := nonZeroSet(slices.Clone(cd.shingles[x.c0:x.c1]))
	shared := intersection(os, cs)
	x.x.SharedShingles, x.x.OriginShingles, x.x.CopyShingles = shared, len(os), len(cs)
	x.x.Jaccard, x.x.OriginInCopy, x.x.CopyInOrigin = ratios(shared, len(os), len(cs))
	x.x.EstimatedJaccard = minhash.Similarity(hasher.Signature(os), hasher.Signature(cs))

	oSigned, cSigned := e.signedParas(od), e.signedParas(cd)
	var cps []paraSketch
	for _, p := range cd.paraOverlapping(cw0, cw1) {
		cps = append(cps, e.sketch(hasher, cd, p, cSigned))
	}
	for _, p := range od.paraOverlapping(ow0, ow1) {
		op := e.sketch(hasher, od, p, oSigned)
		for _, cp := range cps {
			if m.Origin.Doc == m.Copy.Doc && op.para == cp.para {
				continue // a paragraph is not compared with itself
			}
			shared := intersection(op.set, cp.set)
			if shared == 0 {
				continue
			}
			pp := reprint.ParagraphPair{
				Origin: op.para, Copy: cp.para, SharedShingles: shared,
				EstimatedJaccard: minhash.Similarity(op.sig, cp.sig),
				OriginSigned:     op.signed, CopySigned: cp.signed,
			}
			pp.Jaccard, _, _ = ratios(shared, len(op.set), len(cp.set))
			var keys []uint64
			if len(op.keys) == len(cp.keys) {
				for b, k := range op.keys {
					if k == cp.keys[b] {
						pp.Bands = append(pp.Bands, b)
						keys = append(keys, k)
					}
				}
			}
			x.x.Paragraphs = append(x.x.Paragraphs, pp)
			x.collided = append(x.collided, keys)
		}
	}
	return x
}

// intersection returns the number of values two ascending sets share.
func intersection(a, b []uint64) int {
	n := 0
	for i, k := 0, 0; i < len(a) && k < len(b); {
		switch {
		case a[i] < b[k]:
			i++
		case a[i] > b[k]:
			k++
		default:
			n++
			i++
			k++
		}
	}
	return n
}

// ratios returns |A∩B|/|A∪B|, |A∩B|/|A| and |A∩B|/|B| (0 for an empty
// set), computed as scratch.overlap computes them.
func ratios(shared, a, b int) (jaccard, aInB, bInA float64) {
	if a == 0 || b == 0 {
		return 0, 0, 0
	}
	return float64(shared) / float64(a+b-shared), float64(shared) / float64(a), float64(shared) / float64(b)
}

// seedCounts are the run's shingle seeds of the copy articles of the
// matches, by origin article: for each copy article, the places of its
// shingles that the run links to an origin, and that origin.
type seedCounts struct {
	places map[int32][]int32 // copy article → its linked places, ascending
	origin map[int32][]int32 // copy article → the origin of each place
}

func (s seedCounts) pair(origin, copy int32) int {
	n := 0
	for _, o := range s.origin[copy] {
		if o == origin {
			n++
		}
	}
	return n
}

func (s seedCounts) within(origin, copy int32, c0, c1 int) int {
	ps, os := s.places[copy], s.origin[copy]
	n := 0
	for k, _ := slices.BinarySearch(ps, int32(c0)); k < len(ps) && int(ps[k]) < c1; k++ {
		if os[k] == origin {
			n++
		}
	}
	return n
}

// shingleSeeds replays the run's shingle links for the copy articles of
// the matches: each occurrence of a shingle is linked to the first place
// of its earliest witness (linkToEarliest), so it finds the earliest
// occurrence of every shingle those articles may share, over the places of
// every article that may recur (e.repeated, as shingleLinks reads them).
func (e *engine) shingleSeeds(ctx context.Context, xs []explaining) (seedCounts, error) {
	s := seedCounts{places: map[int32][]int32{}, origin: map[int32][]int32{}}
	first := map[uint64]uint64{} // shingle → earliest occurrence, as occurrence.where
	for _, x := range xs {
		if _, ok := s.places[x.copy]; ok {
			continue
		}
		s.places[x.copy] = nil
		sh := e.prep[x.copy].shingles
		for _, p := range e.repeated[x.copy] {
			first[sh[p]] = math.MaxUint64
		}
	}
	for d, ps := range e.repeated {
		if err := ctx.Err(); err != nil {
			return s, fmt.Errorf("detect: %w", err)
		}
		sh := e.prep[d].shingles
		for _, p := range ps {
			if w, ok := first[sh[p]]; ok {
				first[sh[p]] = min(w, e.at(sh[p], d, int(p)).where)
			}
		}
	}
	for c := range s.places {
		sh := e.prep[c].shingles
		var places, origins []int32
		for _, p := range e.repeated[c] {
			od, op := e.place(occurrence{where: first[sh[p]]})
			if od == c && op == p {
				continue // the earliest occurrence itself
			}
			places = append(places, p)
			origins = append(origins, od)
		}
		s.places[c], s.origin[c] = places, origins
	}
	return s, nil
}

// bucketOrigins returns, for every bucket key some paragraph pair of the
// matches collided in, the bucket's earliest signed member as
// occurrence.where packs it (witness rank, paragraph): the member that
// paragraphLinks links all the others to.
func (e *engine) bucketOrigins(xs []explaining) map[uint64]uint64 {
	first := map[uint64]uint64{}
	for _, x := range xs {
		for _, keys := range x.collided {
			for _, k := range keys {
				first[k] = math.MaxUint64
			}
		}
	}
	if len(first) == 0 {
		return first
	}
	b := e.lsh.Bands
	for d := range e.prep {
		keys := e.prep[d].keys
		for k := 0; k < len(keys); k += b + 1 {
			for _, key := range keys[k+1 : k+1+b] {
				if w, ok := first[key]; ok {
					first[key] = min(w, e.at(key, d, int(keys[k])).where)
				}
			}
		}
	}
	return first
}
