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
	out := &reprint.Result{Params: res.Params, Index: &reprint.IndexCheck{Checked: len(c.news), Indexed: c.indexed}}
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
	arts := make([]*art, len(refs))
	for i, x := range refs {
		arts[i] = c.art(x)
	}
	if err := c.weigh(arts...); err != nil { // one read of the index for all
		return nil, nil, nil, err
	}
	res, err := detect.Run(c.ctx, docs, c.opt)
	if err == nil {
		err = c.bg.err // reading the articles that use a word, during the run
	}
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

// classify groups and classifies the matches that involve a new article
// as detect does over the whole corpus. Kinds need one thing the run does
// not hold: how widely a short passage is carried (provenance.Carried),
// which the postings of its shingles tell, for the indexed articles and
// the new ones alike.
func (c *checker) classify(docs []reprint.Document, refs []ref, ms []reprint.Match) ([]reprint.Match, error) {
	kept := c.involving(refs, ms)
	provenance.Group(provenance.Ranks(docs), kept)
	// The short passages Classify may ask about, and one read of the
	// postings of all their shingles.
	short := c.opt.Provenance.ShortWords
	passes := make([]provenance.Passage, len(kept))
	var hs []uint64
	for i, m := range kept {
		if m.Origin.Doc == m.Copy.Doc || m.Words > short {
			continue
		}
		a := c.art(refs[m.Origin.Doc])
		passes[i] = detect.PassageOf(a.starts, a.sh, m.Origin.Span, c.p.Shingle, short)
		hs = append(hs, passes[i].Shingles...)
		hs = append(hs, passes[i].Left...)
		hs = append(hs, passes[i].Right...)
	}
	if err := c.fetch(hs); err != nil {
		return nil, err
	}
	// Sources are asked of carriers only, which all hold a passage's
	// rarest shingle: their meta is enough.
	var metas []DocNum
	for _, p := range passes {
		if len(p.Shingles) == 0 {
			continue
		}
		rarest := slices.MinFunc(p.Shingles, func(a, b uint64) int { return cmp.Compare(len(c.post[a]), len(c.post[b])) })
		for _, q := range c.post[rarest] {
			metas = append(metas, q.Doc)
		}
	}
	if err := c.loadMeta(metas); err != nil {
		return nil, err
	}
	holders := func(h uint64) []ref {
		var out []ref
		for _, p := range c.post[h] {
			out = append(out, ref(p.Doc))
		}
		for _, cr := range c.carry[h] {
			out = append(out, newRef(cr.news))
		}
		return out
	}
	carriage := make([]provenance.Carriage, len(kept))
	for i, m := range kept {
		if len(passes[i].Shingles) > 0 {
			carriage[i] = provenance.Carried(passes[i], refs[m.Origin.Doc], holders, func(x ref) string { return c.witness(x).Source })
		}
	}
	// Paragraphs and quotes only for the articles of the matches classified
	// (Classify reads no others).
	paras, quotes := make([][]reprint.Span, len(docs)), make([][]reprint.Span, len(docs))
	for _, m := range kept {
		for _, d := range []int{m.Origin.Doc, m.Copy.Doc} {
			if paras[d] == nil {
				paras[d] = c.art(refs[d]).paras
				quotes[d] = provenance.Quotes(docs[d].Text, paras[d])
			}
		}
	}
	provenance.Classify(docs, paras, quotes, kept, c.opt.Provenance, func(i int) provenance.Carriage { return carriage[i] })
	return kept, nil
}
