package detect

import (
	"cmp"
	"context"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/align"
	"github.com/reprint-tool/reprint/internal/partition"
	"github.com/reprint-tool/reprint/provenance"
)

// minPairSeeds is the fewest seeds a document pair needs to be aligned at
// all: a single shared shingle is a common phrase, not reuse, unless a
// single shingle is as long as the shortest passage reported.
func (e *engine) minPairSeeds() int {
	return min(2, e.opt.MinWords-e.opt.Shingle+1)
}

// candidate is an aligned passage before its kind and group are known.
type candidate struct {
	origin, copy int32
	p            align.Passage
	sentences    bool // found or joined by sentence alignment
	summary      bool // and its copy condenses its origin
}

// align turns the links (from shingles and from LSH) into verified matches.
// Links are spread over partitions by copy document, so that each copy
// document's candidates from all origins meet in one place to be reconciled.
func (e *engine) align(ctx context.Context, linkSets ...[]link) ([]reprint.Match, error) {
	total := 0
	for _, links := range linkSets {
		total += len(links)
	}
	blocks := max(1, min(total, 64*e.workers))
	parts := partition.Blocks(partitions, blocks, e.workers, func(b int, emit func(int, link)) {
		// Block b is [lo, hi) of the link sets laid end to end.
		lo, hi := b*total/blocks, (b+1)*total/blocks
		for _, links := range linkSets {
			for _, l := range links[min(lo, len(links)):min(hi, len(links))] {
				emit(int(l.copy()%partitions), l)
			}
			lo, hi = max(0, lo-len(links)), max(0, hi-len(links))
		}
	})
	out := make([][]reprint.Match, partitions)
	err := e.forEach(ctx, partitions, func(w, p int) {
		out[p] = e.alignPart(ctx, &e.scratch[w], parts[p])
	})
	if err != nil {
		return nil, err
	}
	if e.opt.Explain {
		e.reworded = map[[2]int]bool{}
		for w := range e.scratch {
			for _, k := range e.scratch[w].reworded {
				e.reworded[k] = true
			}
		}
	}
	return slices.Concat(out...), nil
}

func (e *engine) alignPart(ctx context.Context, sc *scratch, links []link) []reprint.Match {
	sc.link = slices.Grow(sc.link[:0], len(links))
	links = slices.Compact(radixSort(links, sc.link[:len(links)]))
	opt := align.Defaults(e.opt.Shingle)
	opt.MaxGap, opt.MinWords = e.opt.MaxGap, e.opt.MinWords
	var out []reprint.Match
	var cands []candidate
	seeds := []align.Seed{}
	for i := 0; i < len(links) && ctx.Err() == nil; {
		copyDoc := links[i].copy()
		cands = cands[:0]
		// All origins of this copy document.
		for i < len(links) && links[i].copy() == copyDoc {
			origin, pair := links[i].origin(), links[i].pair
			seeds = seeds[:0]
			rare := false // linked by rare words (rareLinks)
			for i < len(links) && links[i].pair == pair {
				if links[i].pos == rewordOnly {
					rare = true
				} else {
					seeds = append(seeds, align.Seed{O: links[i].o(), C: links[i].c()})
				}
				i++
			}
			var ps []align.Passage
			if len(seeds) >= e.minPairSeeds() {
				ps = align.Passages(e.prep[origin].text, e.prep[copyDoc].text, seeds, origin == copyDoc, opt)
			} else if !rare {
				continue
			}
			var frags []rewording // repetition inside one article is wording, not rewording
			var told func(align.Passage) bool
			var so, sd *sentences
			if origin != copyDoc {
				so, sd = e.sentencesOf(origin), e.sentencesOf(copyDoc)
				frags = sentencePassages(&sc.sent, so, sd, ps, e.opt.MinWords)
				// Widely told, for a passage that overlaps no shingle passage.
				told = func(f align.Passage) bool {
					return !slices.ContainsFunc(ps, func(p align.Passage) bool { return overlaps(p.O, f.O) && overlaps(p.C, f.C) }) &&
						e.widespread(&sc.sent, so, sd, f)
				}
			}
			cands = withFragments(&sc.sent, so, sd, origin, copyDoc, ps, frags, told, cands)
		}
		out = append(out, e.reconcile(sc, cands)...)
	}
	return out
}

// reconcile chooses among one copy document's candidate passages. The
// origin of wording is its earliest witness: candidates are taken in witness
// order of their origins (and, between equals, longer first), and each keeps
// only the copied words that no earlier one has claimed. What is left of a
// candidate, if at least MinWords long, is verified and reported; so a story
// that an update extends is attributed piece by piece, the old part to the
// first version and the new part to the update.
//
// Exact wording comes first: the shingle passages of all origins claim
// their words before any sentence passage does, so a rewording never takes
// words that another article shares word for word. A sentence passage then
// claims what is left inside it, and joins the pieces of its origin's wording
// there (its own and the shingle passages') into one match where no other
// origin's words come between them.
func (e *engine) reconcile(sc *scratch, cands []candidate) []reprint.Match {
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.sentences != b.sentences {
			if b.sentences {
				return -1
			}
			return 1
		}
		return cmp.Or(
			cmp.Compare(e.ranks[a.origin], e.ranks[b.origin]),
			cmp.Compare(b.p.C.Len(), a.p.C.Len()),
			cmp.Compare(a.p.C.Start, b.p.C.Start),
			cmp.Compare(a.p.O.Start, b.p.O.Start))
	})
	var claimed []align.Range // sorted by start, disjoint
	var kept []verified
	for _, c := range cands {
		var got []align.Range
		for _, seg := range unclaimed(c.p.C, claimed) {
			part, ok := e.narrow(c, seg)
			if !ok {
				continue
			}
			m, ok := e.verify(sc, part)
			if !ok {
				continue
			}
			got = append(got, seg)
			kept = append(kept, verified{part, m})
		}
		if len(got) > 0 {
			claimed = union(append(claimed, got...))
		}
		if c.sentences {
			kept = e.join(sc, kept, c)
		}
	}
	kept = e.coalesce(sc, kept)
	out := make([]reprint.Match, len(kept))
	for i, v := range kept {
		out[i] = v.m
		if v.c.sentences && e.opt.Explain {
			sc.reworded = append(sc.reworded, [2]int{v.m.Copy.Doc, v.m.Copy.Span.Start})
		}
	}
	return out
}

// verified is a candidate (as narrowed) that passed verification, and its
// match.
type verified struct {
	c candidate
	m reprint.Match
}

// join makes sentence passage f one match with the pieces of its origin's
// wording it holds (its own and the shingle passages'), between the words
// that other origins claimed inside it: each stretch of f that no other
// origin claims, and that holds pieces of f's origin, becomes one match (the
// stretch on the copy side, f's origin side narrowed to it and stretched over
// the pieces' origin sides) when that verifies, in place of the pieces.
func (e *engine) join(sc *scratch, kept []verified, f candidate) []verified {
	var others []align.Range
	for _, v := range kept {
		if v.c.origin != f.origin && overlaps(v.c.p.C, f.p.C) {
			others = append(others, v.c.p.C)
		}
	}
	drop := make([]bool, len(kept))
	var joined []verified
	for _, seg := range unclaimed(f.p.C, union(others)) {
		var at []int
		for i, v := range kept {
			if v.c.origin == f.origin && v.c.p.C.Start >= seg.Start && v.c.p.C.End <= seg.End {
				at = append(at, i)
			}
		}
		if len(at) == 0 {
			continue
		}
		run, ok := e.narrow(f, seg)
		if !ok {
			continue
		}
		for _, i := range at {
			o := kept[i].c.p.O
			run.p.O = align.Range{Start: min(run.p.O.Start, o.Start), End: max(run.p.O.End, o.End)}
		}
		if len(at) == 1 && kept[at[0]].c.p.O == run.p.O && kept[at[0]].c.p.C == run.p.C {
			continue
		}
		// A joined passage is a rewording, and verifies as one (verify
		// asks that already of a passage its shingles do not verify).
		m, ok := e.verify(sc, run)
		if !ok || m.Containment >= e.opt.MinContainment && !e.sentenceVerifies(&sc.sent, run) {
			continue
		}
		for _, i := range at {
			drop[i] = true
		}
		joined = append(joined, verified{run, m})
	}
	if len(joined) == 0 {
		return kept
	}
	out := kept[:0]
	for i, v := range kept {
		if !drop[i] {
			out = append(out, v)
		}
	}
	return append(out, joined...)
}

// joinGap is the most words between two matches of one origin in one copy
// that coalesce joins, on either side.
const joinGap = 50

// coalesce joins the matches of one origin in one copy document that lie
// near each other on both sides into one match: one passage reused with an
// edit (a sentence inserted, dropped or rewritten, two sentences swapped)
// is one reuse, not two. Repetition inside one article is left as it is.
func (e *engine) coalesce(sc *scratch, kept []verified) []verified {
	if len(kept) < 2 {
		return kept
	}
	slices.SortFunc(kept, func(a, b verified) int {
		return cmp.Or(cmp.Compare(a.c.origin, b.c.origin), cmp.Compare(a.c.p.C.Start, b.c.p.C.Start),
			cmp.Compare(a.c.p.O.Start, b.c.p.O.Start))
	})
	// Joining writes to a list of its own, so that kept stays what the
	// checks for other origins' matches read.
	out := make([]verified, 0, len(kept))
	for _, v := range kept {
		if k := len(out) - 1; k >= 0 {
			if j, ok := e.joined(sc, out[k], v, kept); ok {
				out[k] = j
				continue
			}
		}
		out = append(out, v)
	}
	return out
}

// joined returns a and b, matches of one origin that follow each other in
// the copy, as one match, and whether they join: they are at most joinGap
// words apart on both sides (in either order in the origin, which they
// must not both take words from); no other origin's match lies between
// them (all holds the copy document's matches); the two together are
// longer than a passage that can be boilerplate (a short passage's kind
// depends on the articles that carry it, so short passages stay as the
// shingles find them); where both sides leave more than MaxGap words out
// between the two, those words agree as a rewording's do (contentAgrees);
// and the joined passage verifies.
func (e *engine) joined(sc *scratch, a, b verified, all []verified) (verified, bool) {
	lo, hi := a.c.p.O, b.c.p.O
	if hi.Start < lo.Start {
		lo, hi = hi, lo
	}
	gapO, gapC := align.Range{Start: lo.End, End: hi.Start}, align.Range{Start: a.c.p.C.End, End: b.c.p.C.Start}
	if a.c.origin != b.c.origin || a.c.origin == a.c.copy || gapC.Len() > joinGap || gapO.Len() > joinGap ||
		gapO.Len() < 0 || b.c.p.C.End-a.c.p.C.Start <= e.opt.Provenance.ShortWords {
		return verified{}, false
	}
	c := a.c
	c.p.C = align.Range{Start: a.c.p.C.Start, End: max(a.c.p.C.End, b.c.p.C.End)}
	c.p.O = align.Range{Start: lo.Start, End: max(lo.End, hi.End)}
	c.p.Seeds += b.c.p.Seeds
	c.summary = a.c.summary || b.c.summary
	for _, v := range all {
		if v.c.origin != c.origin && overlaps(v.c.p.C, c.p.C) {
			return verified{}, false
		}
	}
	if min(gapO.Len(), gapC.Len()) > e.opt.MaxGap && !e.contentAgrees(&sc.sent, c.origin, gapO, c.copy, gapC) {
		return verified{}, false
	}
	// The joined passage verifies as wording, or else as a rewording.
	c.sentences = true
	m, ok := e.verify(sc, c)
	if !ok {
		return verified{}, false
	}
	c.sentences = a.c.sentences || b.c.sentences || m.Containment < e.opt.MinContainment
	return verified{c, m}, true
}

// unclaimed returns the parts of r that no range in claimed covers.
func unclaimed(r align.Range, claimed []align.Range) []align.Range {
	var out []align.Range
	at := r.Start
	for _, c := range claimed {
		if c.End <= at {
			continue
		}
		if c.Start >= r.End {
			break
		}
		if c.Start > at {
			out = append(out, align.Range{Start: at, End: c.Start})
		}
		at = max(at, c.End)
	}
	if at < r.End {
		out = append(out, align.Range{Start: at, End: r.End})
	}
	return out
}

// union sorts rs and merges the ranges that overlap or touch, in place,
// returning the sorted, disjoint result.
func union(rs []align.Range) []align.Range {
	slices.SortFunc(rs, func(a, b align.Range) int { return cmp.Compare(a.Start, b.Start) })
	out := rs[:0]
	for _, r := range rs {
		if k := len(out) - 1; k >= 0 && r.Start <= out[k].End {
			out[k].End = max(out[k].End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// narrow cuts candidate c down to the copy words seg, moving the origin side
// by the same number of words (aligned passages run close to a diagonal), and
// reports whether both sides still hold MinWords.
func (e *engine) narrow(c candidate, seg align.Range) (candidate, bool) {
	if seg == c.p.C {
		return c, seg.Len() >= e.opt.MinWords
	}
	o := c.p.O
	o.Start = min(o.End, o.Start+(seg.Start-c.p.C.Start))
	o.End = max(o.Start, o.End-(c.p.C.End-seg.End))
	c.p.O, c.p.C = o, seg
	return c, seg.Len() >= e.opt.MinWords && o.Len() >= e.opt.MinWords
}

// verify measures a candidate passage exactly over its shingle sets and
// turns it into a match with byte offsets, or rejects it.
func (e *engine) verify(sc *scratch, c candidate) (reprint.Match, bool) {
	n := e.opt.Shingle
	od, cd := &e.prep[c.origin], &e.prep[c.copy]
	j, cont := sc.overlap(od.shingles[c.p.O.Start:c.p.O.End-n+1], cd.shingles[c.p.C.Start:c.p.C.End-n+1])
	if cont < e.opt.MinContainment && !(c.sentences && e.sentenceVerifies(&sc.sent, c)) {
		return reprint.Match{}, false
	}
	m := reprint.Match{
		Jaccard:     j,
		Containment: cont,
		Words:       c.p.C.Len(),
		Origin:      reprint.Endpoint{Doc: int(c.origin), Span: byteSpan(e.docs[c.origin].Text, od, c.p.O)},
		Copy:        reprint.Endpoint{Doc: int(c.copy), Span: byteSpan(e.docs[c.copy].Text, cd, c.p.C)},
	}
	if c.origin != c.copy {
		m.Dated = provenance.DatedBefore(&e.docs[c.origin], &e.docs[c.copy])
	}
	return m, true
}

// byteSpan turns a range of words into bytes of text, taking in the
// punctuation that belongs to its first and last words: an opening quote or
// bracket right before the first word (after white space or the start), and
// closing punctuation right after the last one (up to white space or the
// end), such as the full stop that ends the sentence.
func byteSpan(text string, d *prepared, r align.Range) reprint.Span {
	start, end := int(d.starts[r.Start]), int(d.ends[r.End-1])
	s := start
	for s > 0 {
		c, size := utf8.DecodeLastRuneInString(text[:s])
		if !unicode.IsPunct(c) {
			break
		}
		s -= size
	}
	if c, _ := utf8.DecodeLastRuneInString(text[:s]); s == 0 || unicode.IsSpace(c) {
		start = s
	}
	e := end
	for e < len(text) {
		c, size := utf8.DecodeRuneInString(text[e:])
		if !unicode.IsPunct(c) {
			break
		}
		e += size
	}
	if c, _ := utf8.DecodeRuneInString(text[e:]); e == len(text) || unicode.IsSpace(c) {
		end = e
	}
	return reprint.Span{Start: start, End: end}
}

// stats summarises each document's part in the matches.
func (e *engine) stats(ms []reprint.Match) []reprint.DocStats {
	st := make([]reprint.DocStats, len(e.docs))
	spans := make([][]align.Range, len(e.docs)) // copied byte ranges per doc
	from := make([]map[int]bool, len(e.docs))
	for i := range st {
		st[i].Paragraphs = len(e.prep[i].paras)
		st[i].Words = len(e.prep[i].starts)
	}
	for _, m := range ms {
		d := m.Copy.Doc
		spans[d] = append(spans[d], align.Range{Start: m.Copy.Span.Start, End: m.Copy.Span.End})
		if m.Origin.Doc != d {
			if from[d] == nil {
				from[d] = map[int]bool{}
			}
			from[d][m.Origin.Doc] = true
		}
	}
	for d := range st {
		// The union of the copied byte ranges, and the words inside it.
		pd := &e.prep[d]
		k := 0
		for _, r := range union(spans[d]) {
			st[d].ReusedBytes += r.End - r.Start
			for k < len(pd.starts) && int(pd.starts[k]) < r.Start {
				k++
			}
			for k < len(pd.starts) && int(pd.ends[k]) <= r.End {
				st[d].ReusedWords++
				k++
			}
		}
		for o := range from[d] {
			st[d].DrawsFrom = append(st[d].DrawsFrom, o)
		}
		slices.Sort(st[d].DrawsFrom)
	}
	return st
}
