package detect

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

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
	// The passages' words and shingle places, [w0, w1) and [s0, s1).
	ow0, ow1, os0, os1 int
	cw0, cw1, cs0, cs1 int
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
	e.stage = StageExplain
	n := e.opt.Shingle
	xs := make([]explaining, len(ms))
	sk := newSketches()
	for i := range ms {
		m, x := &ms[i], &xs[i]
		x.origin, x.copy = int32(m.Origin.Doc), int32(m.Copy.Doc)
		od, cd := &e.prep[x.origin], &e.prep[x.copy]
		x.ow0, x.ow1 = od.wordRange(m.Origin.Span)
		x.cw0, x.cw1 = cd.wordRange(m.Copy.Span)
		x.os0, x.os1 = od.shinglePlaces(x.ow0, x.ow1, n)
		x.cs0, x.cs1 = cd.shinglePlaces(x.cw0, x.cw1, n)
		sk.passage(x.origin, x.os0, x.os1)
		sk.passage(x.copy, x.cs0, x.cs1)
		for _, d := range [][3]int{{int(x.origin), x.ow0, x.ow1}, {int(x.copy), x.cw0, x.cw1}} {
			p0, p1 := e.prep[d[0]].paraOverlapping(d[1], d[2])
			for p := p0; p < p1; p++ {
				sk.para(int32(d[0]), int32(p))
			}
		}
	}
	if err := e.sketch(ctx, sk); err != nil {
		return err
	}
	err := e.forEach(ctx, len(ms), func(_, i int) { e.measure(sk, &xs[i]) })
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
		x.x.ShingleSeeds = seeds.within(x.origin, x.copy, x.cs0, x.cs1)
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
		if e.reworded[[2]int{ms[i].Copy.Doc, ms[i].Copy.Span.Start}] {
			x.x.Routes = append(x.x.Routes, reprint.SentenceRoute)
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

// paraOverlapping returns the paragraphs [p0, p1) that hold any of words
// [w0, w1).
func (d *prepared) paraOverlapping(w0, w1 int) (p0, p1 int) {
	// Paragraph p holds words [paraTok[p], paraTok[p+1]).
	p0 = sort.Search(len(d.paras), func(p int) bool { return int(d.paraTok[p+1]) > w0 })
	p1 = sort.Search(len(d.paras), func(p int) bool { return int(d.paraTok[p]) >= w1 })
	return p0, max(p0, p1)
}

// sketch is a shingle set as MinHash sees it.
type sketch struct {
	set  []uint64 // distinct shingles, ascending
	sig  []uint64
	keys []uint64 // paragraphs only: one per band, none without shingles
	// signed is set for a paragraph the run signed for LSH.
	signed bool
}

// passageRef names the shingle places [s0, s1) of an article.
type passageRef struct{ doc, s0, s1 int32 }

// sketches are the paragraphs and passages of the matches, each sketched
// once however many matches it takes part in (a wire paragraph may have
// hundreds of copies).
type sketches struct {
	paras      map[paraRef]int // index into paraSk
	paraList   []paraRef
	paraSk     []sketch
	passages   map[passageRef]int // index into passageSk
	passageSk  []sketch
	passageRef []passageRef
}

func newSketches() *sketches {
	return &sketches{paras: map[paraRef]int{}, passages: map[passageRef]int{}}
}

// para and passage ask for a paragraph's or a passage's sketch.
func (s *sketches) para(doc, p int32) {
	r := paraRef{doc, p}
	if _, ok := s.paras[r]; !ok {
		s.paras[r] = len(s.paraList)
		s.paraList = append(s.paraList, r)
	}
}

func (s *sketches) passage(doc int32, s0, s1 int) {
	r := passageRef{doc, int32(s0), int32(s1)}
	if _, ok := s.passages[r]; !ok {
		s.passages[r] = len(s.passageRef)
		s.passageRef = append(s.passageRef, r)
	}
}

// sketch sketches everything s asks for: paragraphs as sign signs them
// (every place of the paragraph, so that the keys are the run's) and
// passages as verify measures them (distinct shingles, no zero).
func (e *engine) sketch(ctx context.Context, s *sketches) error {
	hasher := minhash.NewHasher(e.opt.Permutations, e.opt.Seed)
	signed := map[int32][]int{}
	for _, r := range s.paraList {
		if _, ok := signed[r.doc]; !ok {
			signed[r.doc] = e.signedParas(&e.prep[r.doc])
		}
	}
	s.paraSk = make([]sketch, len(s.paraList))
	s.passageSk = make([]sketch, len(s.passageRef))
	np := len(s.paraList)
	return e.forEach(ctx, np+len(s.passageRef), func(_, i int) {
		if i < np {
			r := s.paraList[i]
			all := e.prep[r.doc].paraShingles(int(r.para), e.opt.Shingle)
			k := sketch{set: nonZeroSet(slices.Clone(all)), sig: hasher.Signature(all)}
			k.keys = e.lsh.AppendKeys(nil, k.sig)
			_, k.signed = slices.BinarySearch(signed[r.doc], int(r.para))
			s.paraSk[i] = k
			return
		}
		r := s.passageRef[i-np]
		set := nonZeroSet(slices.Clone(e.prep[r.doc].shingles[r.s0:r.s1]))
		s.passageSk[i-np] = sketch{set: set, sig: hasher.Signature(set)}
	})
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

// measure explains one match as far as its own articles tell: the
// passages' and paragraphs' shingle sets, signatures and band keys.
func (e *engine) measure(sk *sketches, x *explaining) {
	from := &sk.passageSk[sk.passages[passageRef{x.origin, int32(x.os0), int32(x.os1)}]]
	to := &sk.passageSk[sk.passages[passageRef{x.copy, int32(x.cs0), int32(x.cs1)}]]
	shared := intersection(from.set, to.set)
	x.x.SharedShingles, x.x.OriginShingles, x.x.CopyShingles = shared, len(from.set), len(to.set)
	x.x.Jaccard, x.x.OriginInCopy, x.x.CopyInOrigin = ratios(shared, len(from.set), len(to.set))
	x.x.EstimatedJaccard = minhash.Similarity(from.sig, to.sig)

	op0, op1 := e.prep[x.origin].paraOverlapping(x.ow0, x.ow1)
	cp0, cp1 := e.prep[x.copy].paraOverlapping(x.cw0, x.cw1)
	for op := op0; op < op1; op++ {
		o := &sk.paraSk[sk.paras[paraRef{x.origin, int32(op)}]]
		for cp := cp0; cp < cp1; cp++ {
			if x.origin == x.copy && op == cp {
				continue // a paragraph is not compared with itself
			}
			c := &sk.paraSk[sk.paras[paraRef{x.copy, int32(cp)}]]
			shared := intersection(o.set, c.set)
			if shared == 0 {
				continue
			}
			pp := reprint.ParagraphPair{
				Origin: op, Copy: cp, SharedShingles: shared,
				EstimatedJaccard: minhash.Similarity(o.sig, c.sig),
				OriginSigned:     o.signed, CopySigned: c.signed,
			}
			pp.Jaccard, _, _ = ratios(shared, len(o.set), len(c.set))
			var keys []uint64
			if len(o.keys) == len(c.keys) {
				for b, k := range o.keys {
					if k == c.keys[b] {
						pp.Bands = append(pp.Bands, b)
						keys = append(keys, k)
					}
				}
			}
			x.x.Paragraphs = append(x.x.Paragraphs, pp)
			x.collided = append(x.collided, keys)
		}
	}
}

// intersection returns the number of values two ascending sets share.
func intersection[T uint32 | uint64](a, b []T) int {
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
// every article that recurs (e.repeated, as findRepeats sets it).
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
