package index

import (
	"cmp"
	"slices"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/provenance"
)

// detect runs detection over the new articles and the indexed ones the
// check chose, and keeps what involves a new article.
func (c *checker) detect() (*reprint.Result, error) {
	docs, refs, res, err := c.runDetect()
	if err != nil {
		return nil, err
	}
	added, err := c.addCarriers(docs, refs, c.involving(refs, res.Matches))
	if err != nil {
		return nil, err
	}
	if added {
		if err := c.closure(); err != nil {
			return nil, err
		}
		if docs, refs, res, err = c.runDetect(); err != nil {
			return nil, err
		}
	}
	kept, err := c.classify(docs, refs, res.Matches)
	if err != nil {
		return nil, err
	}

	// The answer's articles: the new ones in input order, then the indexed
	// ones that appear, in witness order.
	var shown []int
	used := map[int]bool{}
	for _, m := range kept {
		for _, d := range []int{m.Origin.Doc, m.Copy.Doc} {
			if !refs[d].isNew() && !used[d] {
				used[d] = true
				shown = append(shown, d)
			}
		}
	}
	slices.SortFunc(shown, func(a, b int) int { return c.compare(refs[a], refs[b]) })
	at := map[int]int{}
	out := &reprint.Result{Params: res.Params}
	for i := range c.news {
		at[i] = i
		out.Documents = append(out.Documents, c.news[i])
	}
	for _, d := range shown {
		at[d] = len(out.Documents)
		out.Documents = append(out.Documents, docs[d])
	}
	for _, m := range kept {
		m.Origin.Doc, m.Copy.Doc = at[m.Origin.Doc], at[m.Copy.Doc]
		out.Matches = append(out.Matches, m)
	}
	out.Stats = make([]reprint.DocStats, len(out.Documents))
	for i := range out.Documents {
		sub := i
		if i >= len(c.news) {
			sub = shown[i-len(c.news)]
		}
		out.Stats[i] = c.stats(refs[sub], i, out.Matches)
	}
	return out, nil
}

// stats summarises document i of the answer (article x) over the matches
// of the answer, as detect does over its own.
func (c *checker) stats(x ref, i int, ms []reprint.Match) reprint.DocStats {
	a := c.art(x)
	st := reprint.DocStats{Paragraphs: len(a.paraTok) - 1, Words: len(a.starts)}
	var spans []reprint.Span
	for _, m := range ms {
		if m.Copy.Doc != i {
			continue
		}
		spans = append(spans, m.Copy.Span)
		if m.Origin.Doc != i && !slices.Contains(st.DrawsFrom, m.Origin.Doc) {
			st.DrawsFrom = append(st.DrawsFrom, m.Origin.Doc)
		}
	}
	slices.Sort(st.DrawsFrom)
	slices.SortFunc(spans, func(a, b reprint.Span) int { return cmp.Compare(a.Start, b.Start) })
	var merged []reprint.Span
	for _, s := range spans {
		if k := len(merged) - 1; k >= 0 && s.Start <= merged[k].End {
			merged[k].End = max(merged[k].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	k := 0
	for _, r := range merged {
		st.ReusedBytes += r.End - r.Start
		for k < len(a.starts) && int(a.starts[k]) < r.Start {
			k++
		}
		for k < len(a.starts) && int(a.ends[k]) <= r.End {
			st.ReusedWords++
			k++
		}
	}
	return st
}

// runDetect runs detect.Run over the new articles and the included ones.
func (c *checker) runDetect() ([]reprint.Document, []ref, *reprint.Result, error) {
	var nums []DocNum
	for n := range c.included {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	if err := c.load(nums); err != nil {
		return nil, nil, nil, err
	}
	docs := slices.Clone(c.news)
	refs := make([]ref, 0, len(c.news)+len(nums))
	for i := range c.news {
		refs = append(refs, newRef(i))
	}
	for _, n := range nums {
		docs = append(docs, *c.arts[ref(n)].doc)
		refs = append(refs, ref(n))
	}
	res, err := detect.Run(c.ctx, docs, c.opt)
	if err != nil {
		return nil, nil, nil, err
	}
	return docs, refs, res, nil
}

// involving returns the matches that involve a new article.
func (c *checker) involving(refs []ref, ms []reprint.Match) []reprint.Match {
	var out []reprint.Match
	for _, m := range ms {
		if refs[m.Origin.Doc].isNew() || refs[m.Copy.Doc].isNew() {
			out = append(out, m)
		}
	}
	return out
}

// carrierCap is how many carriers of one short passage join the run to be
// aligned for real; more are counted from the postings alone.
const carrierCap = 256

// passage is a short passage of an indexed origin that a new article
// copies: whether it is boilerplate depends on its other carriers.
type passage struct {
	origin ref
	span   reprint.Span
	words  int
	runs   []run // carriers found in the postings
}

// addCarriers brings into the run the carriers of every short passage a
// new article copies from an indexed origin o (up to carrierCap each), so
// that detect aligns them for real, together with the origins ranked
// before o of the words around the passage in each carrier: those claim a
// carrier's words before o does, and so decide whether (and how much of)
// the passage is in the carrier's copy. It reports whether it added any
// article.
func (c *checker) addCarriers(docs []reprint.Document, refs []ref, kept []reprint.Match) (bool, error) {
	added := false
	c.passages = nil
	seen := map[[3]int64]bool{}
	for _, m := range kept {
		o := refs[m.Origin.Doc]
		if o.isNew() || m.Origin.Doc == m.Copy.Doc || m.Words > c.opt.Provenance.ShortWords {
			continue
		}
		k := [3]int64{int64(o), int64(m.Origin.Span.Start), int64(m.Origin.Span.End)}
		if seen[k] {
			continue
		}
		seen[k] = true
		runs, places, err := c.carriers(o, m.Origin.Span)
		if err != nil {
			return false, err
		}
		c.passages = append(c.passages, passage{origin: o, span: m.Origin.Span, words: m.Words, runs: runs})
		// The carriers most likely to be copies of the passage first: those
		// with all its seeds, then the longest.
		var ds []DocNum
		best := map[DocNum]run{}
		for _, r := range runs {
			if r.doc.isNew() {
				continue
			}
			n := r.doc.num()
			if b, ok := best[n]; !ok {
				ds = append(ds, n)
				best[n] = r
			} else if r.core && !b.core || r.core == b.core && r.words > b.words {
				best[n] = r
			}
		}
		if err := c.loadMeta(ds); err != nil {
			return false, err
		}
		slices.SortFunc(ds, func(a, b DocNum) int {
			ra, rb := best[a], best[b]
			if ra.core != rb.core {
				if ra.core {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(rb.words, ra.words), c.compare(ref(a), ref(b)))
		})
		for _, f := range ds[:min(len(ds), carrierCap)] {
			if c.included[f] {
				continue
			}
			c.included[f] = true
			added = true
			if err := c.regionOrigins(f, o, places); err != nil {
				return false, err
			}
		}
	}
	return added, nil
}

// regionOrigins adds the origins ranked before o of the words of carrier
// f around the shingles it shares with o (the set places).
func (c *checker) regionOrigins(f DocNum, o ref, places map[uint64]bool) error {
	if err := c.load([]DocNum{f}); err != nil {
		return err
	}
	a := c.art(ref(f))
	lo, hi := -1, -1
	for j, h := range a.sh {
		if places[h] {
			if lo < 0 {
				lo = j
			}
			hi = j
		}
	}
	if lo < 0 {
		return nil
	}
	reach := c.p.MaxGap + 2*c.p.Shingle
	window := a.sh[max(0, lo-reach):min(len(a.sh), hi+reach+1)]
	if err := c.fetch(window); err != nil {
		return err
	}
	for _, h := range window {
		if h == 0 {
			continue
		}
		if e := c.earliest(h); e != none && !e.isNew() && e != ref(f) && c.compare(e, o) < 0 {
			c.included[e.num()] = true
		}
	}
	return nil
}

// classify groups and classifies the matches that involve a new article
// again, as detect would over the whole corpus: the group of a short
// passage of an indexed origin also holds the run's matches of its
// carriers (and, past carrierCap, stand-ins for the carriers counted from
// the postings), which are dropped afterwards.
func (c *checker) classify(docs []reprint.Document, refs []ref, ms []reprint.Match) ([]reprint.Match, error) {
	kept := c.involving(refs, ms)
	all := slices.Clone(docs)
	at := map[ref]int{}
	for i, x := range refs {
		at[x] = i
	}
	// The run's other matches from the origins of short passages: its
	// carriers', and any other article's in the run.
	origins := map[ref]bool{}
	for _, p := range c.passages {
		origins[p.origin] = true
	}
	aligned := map[[2]ref]bool{}
	var extra []reprint.Match
	for _, m := range ms {
		o, f := refs[m.Origin.Doc], refs[m.Copy.Doc]
		if o.isNew() || f.isNew() || !origins[o] {
			continue
		}
		extra = append(extra, m)
		aligned[[2]ref{o, f}] = true
	}
	// Carriers past the cap that hold all the passage's seeds count as
	// members of the passage (but not as longer copies of it).
	for _, p := range c.passages {
		for _, r := range p.runs {
			if !r.core || r.doc.isNew() || aligned[[2]ref{p.origin, r.doc}] || c.included[r.doc.num()] {
				continue
			}
			d, ok := at[r.doc]
			if !ok {
				if err := c.loadMeta([]DocNum{r.doc.num()}); err != nil {
					return nil, err
				}
				d = len(all)
				at[r.doc] = d
				all = append(all, *c.witness(r.doc))
			}
			extra = append(extra, reprint.Match{
				Words:  min(r.words, p.words),
				Origin: reprint.Endpoint{Doc: at[p.origin], Span: r.span},
				Copy:   reprint.Endpoint{Doc: d},
			})
		}
	}
	ms = append(slices.Clone(kept), extra...)
	order := provenance.Group(provenance.Ranks(all), ms)
	// Quotes only for the articles of the matches classified (Classify
	// reads no others).
	quotes := make([][]reprint.Span, len(all))
	for _, m := range ms {
		for _, d := range []int{m.Origin.Doc, m.Copy.Doc} {
			if d < len(docs) && quotes[d] == nil {
				quotes[d] = provenance.Quotes(docs[d].Text, c.art(refs[d]).paras)
			}
		}
	}
	provenance.Classify(all, quotes, ms, c.opt.Provenance)
	var out []reprint.Match
	g, last := -1, -1
	for i, m := range ms {
		if order[i] >= len(kept) {
			continue
		}
		if m.Group != last {
			g++
			last = m.Group
		}
		m.Group = g
		out = append(out, m)
	}
	return out, nil
}

// run is a stretch of an origin's words that another article carries.
type run struct {
	doc   ref
	span  reprint.Span // in the origin
	words int
	// core is set when the run holds every counted shingle inside the
	// passage itself: the carrier has the seeds the new article's copy has.
	core bool
}

// carriers finds the articles, besides the origin o, that carry a run of
// o's shingles overlapping span (bytes of o), counting only shingles whose
// earliest witness is o (their copies link to o), chained as the aligner
// chains seeds (at most MaxGap words apart), with at least as many seeds
// as detect aligns a pair with. Runs are looked for up to ShortWords+1
// words beyond the span on either side: far enough to see a carrier's
// passage grow past the boilerplate length. It also returns the shingles
// it counted.
func (c *checker) carriers(o ref, span reprint.Span) ([]run, map[uint64]bool, error) {
	a := c.art(o)
	n := c.p.Shingle
	w0, _ := slices.BinarySearch(a.ends, int32(span.Start+1))
	w1, _ := slices.BinarySearch(a.starts, int32(span.End))
	reach := c.opt.Provenance.ShortWords + 1
	lo, hi := max(0, w0-reach-n), min(len(a.sh), w1+reach)
	if lo >= hi {
		return nil, nil, nil
	}
	if err := c.fetch(a.sh[lo:hi]); err != nil {
		return nil, nil, err
	}
	first := map[uint64]bool{}
	for j := range lo {
		first[a.sh[j]] = true // occurs before the window: not o's first place
	}
	counted := map[uint64]bool{}
	firstAt := map[int]bool{}
	places := map[ref][]int{}
	extra := map[ref]int{}
	var order []ref
	for j := lo; j < hi; j++ {
		h := a.sh[j]
		if h == 0 || first[h] {
			continue
		}
		first[h] = true
		if c.earliest(h) != o {
			continue
		}
		counted[h] = true
		firstAt[j] = true
		add := func(x ref, times int) {
			if x == o {
				return
			}
			if places[x] == nil {
				order = append(order, x)
			}
			places[x] = append(places[x], j)
			if times > 1 {
				extra[x]++ // a repeated shingle is a seed per place
			}
		}
		for _, cr := range c.carry[h] {
			add(newRef(cr.news), cr.count)
		}
		for _, p := range c.post[h] {
			times := 1
			if p.Repeated {
				times = 2
			}
			add(ref(p.Doc), times)
		}
	}
	var core []int // counted places inside the passage
	for j := max(lo, w0); j <= w1-n && j < hi; j++ {
		if firstAt[j] {
			core = append(core, j)
		}
	}
	slices.Sort(order)
	var out []run
	for _, x := range order {
		ps := places[x]
		for i := 0; i < len(ps); {
			k := i + 1
			for k < len(ps) && ps[k]-ps[k-1] <= c.p.MaxGap+n {
				k++
			}
			first, last := ps[i], ps[k-1]
			if k-i+extra[x] >= c.minSeeds() {
				in := 0
				for _, j := range core {
					if _, ok := slices.BinarySearch(ps[i:k], j); ok {
						in++
					}
				}
				out = append(out, run{doc: x, words: last - first + n, core: len(core) > 0 && in == len(core),
					span: reprint.Span{Start: int(a.starts[first]), End: int(a.ends[last+n-1])}})
			}
			i = k
		}
	}
	lsh, err := c.bucketCarriers(o, w0, w1)
	if err != nil {
		return nil, nil, err
	}
	for _, x := range lsh {
		out = append(out, run{doc: x, span: span, words: w1 - w0, core: true})
	}
	return out, counted, nil
}

// bucketCarriers returns the articles whose paragraphs detect links to a
// paragraph of o overlapping words [w0, w1) through an LSH bucket: o's
// paragraph is the bucket's earliest signed member, and theirs are signed
// and similar enough to verify. Such a pair gets a seed for every shingle
// the two paragraphs share, whoever their earliest witness is.
func (c *checker) bucketCarriers(o ref, w0, w1 int) ([]ref, error) {
	a := c.art(o)
	var out []ref
	for _, pk := range a.features(c) {
		s, e := int(a.paraTok[pk.Para]), int(a.paraTok[pk.Para+1])
		if e <= w0 || s >= w1 {
			continue
		}
		all, _ := a.paraShingles(pk.Para, c.p.Shingle)
		if err := c.fetch(all); err != nil {
			return nil, err
		}
		if !c.signedPara(o, pk.Para) {
			continue
		}
		if err := c.fetchBuckets(pk.Keys); err != nil {
			return nil, err
		}
		op := paraRef{o, pk.Para}
		for _, k := range pk.Keys {
			m1, err := c.bucketOrigin(k)
			if err != nil {
				return nil, err
			}
			if m1 != op {
				continue
			}
			for _, m := range c.newKeys[k] {
				if m.doc != o && c.verifies(op, m) && !slices.Contains(out, m.doc) {
					out = append(out, m.doc)
				}
			}
			for _, p := range c.buck[k] {
				m := paraRef{ref(p.Doc), p.Para}
				if m.doc == o || slices.Contains(out, m.doc) {
					continue
				}
				ok, err := c.signedIndexed(p.Doc, p.Para)
				if err != nil {
					return nil, err
				}
				if ok && c.verifies(op, m) {
					out = append(out, m.doc)
				}
			}
		}
	}
	return out, nil
}
