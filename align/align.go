// Package align turns shared shingles between two token sequences into
// maximal reused passages: it chains seeds that lie close together on both
// sides, bridges small edits (a changed word, a dropped clause), extends the
// ends word by word past the last whole shingle, and splits where the texts
// diverge.
package align

import (
	"cmp"
	"slices"
)

// Seed is one shared shingle: the token position where it starts in the
// origin (O) and in the copy (C).
type Seed struct {
	O, C int32
}

// Range is a half-open range [Start, End) of token positions.
type Range struct {
	Start, End int
}

// Len is the number of tokens in the range.
func (r Range) Len() int { return r.End - r.Start }

func (r Range) overlap(s Range) int {
	return max(0, min(r.End, s.End)-max(r.Start, s.Start))
}

// Text is one side of an alignment: its word hashes and, optionally, where
// its paragraphs and sentences start. Extension past the seeds never
// crosses a paragraph break; seeds themselves may, but a passage never ends
// with a scrap of a paragraph (fewer than minScrap words) on either side,
// nor with a scrap of a sentence that both sides end at the same place.
type Text struct {
	Words []uint64
	// Breaks[i] is true when word i starts a paragraph; nil when the text is
	// one paragraph.
	Breaks []bool
	// Stops[i] is true when a sentence ends just before word i; nil when
	// that is not known.
	Stops []bool
}

// within reports whether words i..j-1 exist and lie in the paragraph of
// word k, that is, no paragraph starts between them and k.
func (t Text) within(i, j, k int) bool {
	if i < 0 || j > len(t.Words) || k < 0 || k >= len(t.Words) {
		return false
	}
	if t.Breaks == nil {
		return true
	}
	lo, hi := min(i, k), max(j-1, k)
	for x := lo + 1; x <= hi; x++ {
		if t.Breaks[x] {
			return false
		}
	}
	return true
}

// Passage is one aligned reused passage.
type Passage struct {
	O, C  Range
	Seeds int // seeds chained into it
}

// Options tune the aligner. The zero value is not useful: use Defaults.
type Options struct {
	Shingle  int // words per shingle the seeds were made from
	MaxGap   int // most unmatched words bridged inside one passage
	MinWords int // shortest passage kept, in words on the shorter side
	// Lookahead is how many words must match again after a single-word
	// edit for an end to be extended past it.
	Lookahead int
}

// Defaults returns the options reprint uses for shingles of n words.
func Defaults(n int) Options {
	return Options{Shingle: n, MaxGap: 8, MinWords: 8, Lookahead: 3}
}

// maxStarts bounds the chains that may start at one origin position: a
// phrase the copy repeats thousands of times ("ha ha ha …") would otherwise
// start a chain, and an extension across the whole text, per repetition.
const maxStarts = 64

// maxOpen bounds the chains kept open at once, so that highly repetitive
// text (tables, "ha ha ha") cannot make chaining quadratic.
const maxOpen = 64

type chain struct {
	first, last Seed
	seeds       int
}

// Passages aligns the seeds shared by origin o and copy c into passages,
// ordered by position in the copy. When same is true, o and c are one
// document and only passages whose origin lies wholly before the copy are
// returned. seeds may be in any order; Passages sorts it in place.
func Passages(o, c Text, seeds []Seed, same bool, opt Options) []Passage {
	if len(seeds) == 0 {
		return nil
	}
	slices.SortFunc(seeds, func(a, b Seed) int {
		if x := cmp.Compare(a.C, b.C); x != 0 {
			return x
		}
		return cmp.Compare(a.O, b.O)
	})
	reach := int32(min(opt.Shingle+opt.MaxGap, 1<<20))
	var open, done []chain
	starts := map[int32]int{}
	for _, s := range seeds {
		if same && s.O >= s.C {
			continue
		}
		// Close chains that can no longer be continued.
		k := 0
		for _, ch := range open {
			if s.C-ch.last.C > reach {
				done = append(done, ch)
			} else {
				open[k] = ch
				k++
			}
		}
		open = open[:k]
		best, bestShift := -1, int32(0)
		for i, ch := range open {
			dc, do := s.C-ch.last.C, s.O-ch.last.O
			if dc <= 0 || do <= 0 || do > reach {
				continue
			}
			shift := dc - do
			if shift < 0 {
				shift = -shift
			}
			if best < 0 || shift <= bestShift {
				best, bestShift = i, shift
			}
		}
		if best >= 0 {
			open[best].last = s
			open[best].seeds++
			continue
		}
		if starts[s.O] == maxStarts {
			continue
		}
		starts[s.O]++
		if len(open) == maxOpen {
			done = append(done, open[0])
			open = slices.Delete(open, 0, 1)
		}
		open = append(open, chain{first: s, last: s, seeds: 1})
	}
	done = append(done, open...)

	n := opt.Shingle
	ps := make([]Passage, 0, len(done))
	for _, ch := range done {
		p := Passage{
			O:     Range{int(ch.first.O), int(ch.last.O) + n},
			C:     Range{int(ch.first.C), int(ch.last.C) + n},
			Seeds: ch.seeds,
		}
		p = extend(o, c, p, same, opt.Lookahead)
		ps = append(ps, p)
	}
	ps = merge(ps, opt.MaxGap)
	out := ps[:0]
	for _, p := range ps {
		p = trimScraps(o, c, p)
		if min(p.O.Len(), p.C.Len()) < opt.MinWords {
			continue
		}
		if same && p.O.End > p.C.Start {
			// Periodic text aligns with itself shifted by its period: keep
			// at most one period on each side, within what was aligned.
			n := min(p.C.Start-p.O.Start, p.O.Len(), p.C.Len())
			p.O.End, p.C.End = p.O.Start+n, p.C.Start+n
			if n < opt.MinWords {
				continue
			}
		}
		out = append(out, p)
	}
	return dropShadowed(out)
}

// extend grows both ends of p while the words agree, stepping over single
// word edits (a substitution, an insertion or a deletion) when at least
// look words agree again after them, and never across a paragraph break.
func extend(o, c Text, p Passage, same bool, look int) Passage {
	ow, cw := o.Words, c.Words
	// Forward.
	for {
		for p.O.End < len(ow) && p.C.End < len(cw) && ow[p.O.End] == cw[p.C.End] &&
			o.within(p.O.End, p.O.End+1, p.O.End-1) && c.within(p.C.End, p.C.End+1, p.C.End-1) &&
			(!same || p.O.End < p.C.Start) {
			p.O.End++
			p.C.End++
		}
		// Try a substitution, a word only in the copy, a word only in the origin.
		stepped := false
		for _, d := range [3][2]int{{1, 1}, {0, 1}, {1, 0}} {
			i, j := p.O.End+d[0], p.C.End+d[1]
			if agree(ow, cw, i, j, look) && o.within(p.O.End, i+look, p.O.End-1) && c.within(p.C.End, j+look, p.C.End-1) &&
				(!same || i+look <= p.C.Start) {
				p.O.End, p.C.End = i+look, j+look
				stepped = true
				break
			}
		}
		if !stepped {
			break
		}
	}
	// Backward.
	for {
		for p.O.Start > 0 && p.C.Start > 0 && ow[p.O.Start-1] == cw[p.C.Start-1] &&
			o.within(p.O.Start-1, p.O.Start, p.O.Start) && c.within(p.C.Start-1, p.C.Start, p.C.Start) &&
			(!same || p.C.Start-1 >= p.O.End) {
			p.O.Start--
			p.C.Start--
		}
		stepped := false
		for _, d := range [3][2]int{{1, 1}, {0, 1}, {1, 0}} {
			i, j := p.O.Start-d[0]-look, p.C.Start-d[1]-look
			if agree(ow, cw, i, j, look) && o.within(i, p.O.Start, p.O.Start) && c.within(j, p.C.Start, p.C.Start) &&
				(!same || j >= p.O.End) {
				p.O.Start, p.C.Start = i, j
				stepped = true
				break
			}
		}
		if !stepped {
			break
		}
	}
	return p
}

// minScrap is the fewest words of a paragraph that a passage may begin or
// end with when both texts break the paragraph at the same place: fewer are
// a coincidence carried in by a seed that straddles the break ("…of Syria
// and Iraq. ¶ The"), not reuse. Where only one text breaks (a copy broken
// into short lines), the other runs on and the words are reuse.
const minScrap = 3

// trimScraps cuts off a passage's first or last paragraph while it is a
// scrap of fewer than minScrap words on both sides, and likewise its first
// or last sentence when, on one side at least, that sentence goes on past
// the passage: two texts that go on alike for a word or two past the end of
// a sentence they share ("…of Syria and Iraq. The") share that sentence, not
// the next (a short sentence they share whole, "Trump said.", stays).
func trimScraps(o, c Text, p Passage) Passage {
	for p.O.Len() > 0 && p.C.Len() > 0 {
		if k := scrapTail(o.Breaks, c.Breaks, p); k > 0 {
			p.O.End, p.C.End = p.O.End-k, p.C.End-k
			continue
		}
		if k := scrapHead(o.Breaks, c.Breaks, p); k > 0 {
			p.O.Start, p.C.Start = p.O.Start+k, p.C.Start+k
			continue
		}
		if k := scrapTail(o.Stops, c.Stops, p); k > 0 && (o.runsOn(p.O.End) || c.runsOn(p.C.End)) {
			p.O.End, p.C.End = p.O.End-k, p.C.End-k
			continue
		}
		if k := scrapHead(o.Stops, c.Stops, p); k > 0 && (o.runsOn(p.O.Start) || c.runsOn(p.C.Start)) {
			p.O.Start, p.C.Start = p.O.Start+k, p.C.Start+k
			continue
		}
		break
	}
	return p
}

// scrapTail returns how many words p ends with after the last start (of a
// paragraph or sentence, as os and cs mark them on each side) inside it,
// when they are a scrap: fewer than minScrap, as many on both sides, and
// not all of p; 0 otherwise. scrapHead does the same for the words p
// begins with before the first start.
func scrapTail(os, cs []bool, p Passage) int {
	if k := tail(os, p.O); k > 0 && k < minScrap && k == tail(cs, p.C) && k < p.C.Len() {
		return k
	}
	return 0
}

func scrapHead(os, cs []bool, p Passage) int {
	if k := head(os, p.O); k > 0 && k < minScrap && k == head(cs, p.C) && k < p.C.Len() {
		return k
	}
	return 0
}

// runsOn reports whether words i-1 and i lie in one sentence of one
// paragraph.
func (t Text) runsOn(i int) bool {
	return i > 0 && i < len(t.Words) && (t.Breaks == nil || !t.Breaks[i]) && (t.Stops == nil || !t.Stops[i])
}

// tail returns how many words of r follow the last start (of a paragraph
// or sentence, as starts marks them) inside it (0 when none lies inside).
func tail(starts []bool, r Range) int {
	if starts == nil {
		return 0
	}
	for x := r.End - 1; x > r.Start; x-- {
		if starts[x] {
			return r.End - x
		}
	}
	return 0
}

// head returns how many words of r precede the first start inside it (0
// when none lies inside).
func head(starts []bool, r Range) int {
	if starts == nil {
		return 0
	}
	for x := r.Start + 1; x < r.End; x++ {
		if starts[x] {
			return x - r.Start
		}
	}
	return 0
}

// agree reports whether o[i:i+n] and c[j:j+n] exist and are equal.
func agree(o, c []uint64, i, j, n int) bool {
	if i < 0 || j < 0 || i+n > len(o) || j+n > len(c) {
		return false
	}
	for k := range n {
		if o[i+k] != c[j+k] {
			return false
		}
	}
	return true
}

// merge joins passages that overlap or touch on both sides and lie on about
// the same diagonal, which happens when two chains split by a long gap were
// extended towards each other. maxShift is how far the diagonals may differ.
// A passage the copy repeats back to back is not merged with itself: its
// repetitions map the same origin words to different places.
func merge(ps []Passage, maxShift int) []Passage {
	slices.SortFunc(ps, func(a, b Passage) int {
		if x := cmp.Compare(a.C.Start, b.C.Start); x != 0 {
			return x
		}
		return cmp.Compare(a.O.Start, b.O.Start)
	})
	out := ps[:0]
	for _, p := range ps {
		if len(out) > 0 {
			q := &out[len(out)-1]
			shift := (p.C.Start - p.O.Start) - (q.C.Start - q.O.Start)
			if p.C.Start <= q.C.End && p.O.Start <= q.O.End && p.O.End >= q.O.Start &&
				p.O.Start >= q.O.Start && shift <= maxShift && -shift <= maxShift {
				q.C.End = max(q.C.End, p.C.End)
				q.O.Start = min(q.O.Start, p.O.Start)
				q.O.End = max(q.O.End, p.O.End)
				q.Seeds += p.Seeds
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// dropShadowed removes passages whose copy side lies mostly inside a
// stronger passage's copy side: the same copied words aligned to a second,
// weaker place in the origin (a phrase the origin repeats).
func dropShadowed(ps []Passage) []Passage {
	if len(ps) < 2 {
		return ps
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(ps[b].Seeds, ps[a].Seeds)
	})
	keep := make([]bool, len(ps))
	var kept []Range
	for _, i := range order {
		p := ps[i]
		shadowed := false
		for _, r := range kept {
			if 2*p.C.overlap(r) > p.C.Len() {
				shadowed = true
				break
			}
		}
		if !shadowed {
			keep[i] = true
			kept = append(kept, p.C)
		}
	}
	out := ps[:0]
	for i, p := range ps {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}
