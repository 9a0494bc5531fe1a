// Package provenance decides where reused wording came from and what kind of
// reuse it is. The origin of a passage is its earliest witness: articles are
// ordered by date, undated articles after dated ones, and ties (equal or
// missing dates) broken by id, so the choice is deterministic and a match
// says whether a date decided it.
package provenance

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
)

// Compare orders two articles as witnesses: negative when a is the earlier
// witness. Dated articles come before undated ones and by date; articles with
// equal or missing dates are ordered by id.
func Compare(a, b *reprint.Document) int {
	ad, bd := a.Dated(), b.Dated()
	switch {
	case ad && bd:
		if x := a.Date.Compare(b.Date); x != 0 {
			return x
		}
	case ad:
		return -1
	case bd:
		return 1
	}
	return cmp.Compare(a.ID, b.ID)
}

// Ranks returns each document's position in witness order (0 is the
// earliest witness). Ids are unique, so ranks are too.
func Ranks(docs []reprint.Document) []int {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return Compare(&docs[a], &docs[b]) })
	ranks := make([]int, len(docs))
	for r, i := range order {
		ranks[i] = r
	}
	return ranks
}

// DatedBefore reports whether a date decides that a is earlier than b: both
// are dated and a's date is strictly earlier.
func DatedBefore(a, b *reprint.Document) bool {
	return a.Dated() && b.Dated() && a.Date.Before(b.Date)
}

// Group numbers the passages of matches: matches whose origin spans
// overlap in one document are copies of one passage. Groups are numbered in
// witness order of their origin (ranks, as from Ranks), then by position,
// and matches are sorted by group, then copy document and position. It
// returns where each match came from: ms[k] was at index order[k] before.
func Group(ranks []int, ms []reprint.Match) (order []int) {
	order = make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := &ms[a], &ms[b]
		return cmp.Or(
			cmp.Compare(ranks[x.Origin.Doc], ranks[y.Origin.Doc]),
			cmp.Compare(x.Origin.Span.Start, y.Origin.Span.Start),
			cmp.Compare(x.Origin.Span.End, y.Origin.Span.End),
			cmp.Compare(ranks[x.Copy.Doc], ranks[y.Copy.Doc]),
			cmp.Compare(x.Copy.Span.Start, y.Copy.Span.Start))
	})
	g, end := -1, 0
	for k, i := range order {
		m := &ms[i]
		if k == 0 || m.Origin.Doc != ms[order[k-1]].Origin.Doc || m.Origin.Span.Start >= end {
			g++
			end = m.Origin.Span.End
		}
		end = max(end, m.Origin.Span.End)
		m.Group = g
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := &ms[a], &ms[b]
		return cmp.Or(cmp.Compare(x.Group, y.Group),
			cmp.Compare(ranks[x.Copy.Doc], ranks[y.Copy.Doc]),
			cmp.Compare(x.Copy.Span.Start, y.Copy.Span.Start))
	})
	sorted := make([]reprint.Match, len(ms))
	for k, i := range order {
		sorted[k] = ms[i]
	}
	copy(ms, sorted)
	return order
}

// Options tune classification.
type Options struct {
	// ShortWords is the longest passage, in words, that can be boilerplate:
	// site furniture is a line or two ("Sign up for our newsletter", a
	// copyright notice), while a republished paragraph is wire copy however
	// often one outlet carries it.
	ShortWords int
	// SourceMin is how many articles of one source must carry a short
	// passage for it to be that source's boilerplate.
	SourceMin int
	// ManyMin is how many articles of any sources must carry a short passage
	// for it to be boilerplate anyway; it is raised to a quarter of the
	// corpus when that is larger.
	ManyMin int
	// QuoteShare is the share of a passage's bytes that must lie inside
	// quotation marks, in the origin or the copy, for it to be a quote.
	QuoteShare float64
	// PhraseWords is the fewest words of a passage across articles that
	// need not be whole sentences on both sides: a shorter scrap of a
	// sentence, not quoted and not furniture, is a stock phrase
	// (reprint.Phrase). 0 makes no phrases.
	PhraseWords int
	// CorpusSize, when positive, is the number of articles the quarter rule
	// of ManyMin counts against instead of the documents passed to Classify:
	// an index check classifies a few articles drawn from a larger corpus.
	CorpusSize int
}

// Defaults returns the options reprint uses.
func Defaults() Options {
	return Options{ShortWords: 30, SourceMin: 3, ManyMin: 20, QuoteShare: 0.6, PhraseWords: 16}
}

// Passage is what Carried counts a passage's carriers by: the word
// shingles of the origin's passage.
type Passage struct {
	// Shingles are the distinct shingles lying wholly inside the passage.
	Shingles []uint64
	// Left and Right are the shingles beyond each end of the passage, in
	// order outwards, each reaching one word further: an article holding
	// the passage and the first a of Left and the first b of Right holds a
	// words more of the origin's text before it and b after it (as far as
	// shingles tell). They run for Need words, or to the article's end.
	Left, Right []uint64
	// Need is how many words more make the passage longer than a short
	// passage can be.
	Need int
}

// Carriage says how widely a passage is carried: by how many articles (its
// origin among them), and by how many at most of one source.
type Carriage struct {
	Articles   int
	SameSource int
	// Longer is set when an article besides the origin carries the passage
	// with Need words more of the origin's text around it, on either side
	// or both: the passage is then a piece of longer reused text, such as a
	// fragment of a wire story, not site furniture.
	Longer bool
}

// Carried counts the carriers of a passage: the articles that hold every
// one of its distinct word shingles, anywhere in their text (so an edited
// copy of a passage, which lacks some, does not carry it, and neither does
// an article that shares only a common phrase of it). holders(h) returns
// the articles holding shingle h, each once, in any order (Carried may
// sort it); source returns an article's source (outlet), compared case-
// and space-blind, "" for none.
//
// Carriers are counted from shingles, not from the matches a run happens
// to align, so that a report over a corpus and a check against an index of
// it (which aligns only the few articles it needs) count alike.
func Carried[K cmp.Ordered](p Passage, origin K, holders func(h uint64) []K, source func(K) string) Carriage {
	var c Carriage
	if len(p.Shingles) == 0 {
		return c
	}
	lists := make([][]K, len(p.Shingles))
	for i, h := range p.Shingles {
		lists[i] = sortedSet(holders(h))
	}
	// Intersect from the shortest list: most shingles of a short passage
	// are rarer than its commonest.
	slices.SortFunc(lists, func(a, b []K) int { return cmp.Compare(len(a), len(b)) })
	carriers := slices.Clone(lists[0])
	for _, l := range lists[1:] {
		carriers = intersectSorted(carriers, l)
	}
	c.Articles = len(carriers)
	perSource := map[string]int{}
	for _, k := range carriers {
		if s := strings.ToLower(strings.TrimSpace(source(k))); s != "" {
			perSource[s]++
			c.SameSource = max(c.SameSource, perSource[s])
		}
	}
	if p.Need > 0 {
		// How far each carrier's copy runs on past each end, word by word.
		others := slices.DeleteFunc(carriers, func(k K) bool { return k == origin })
		run := make(map[K]int, len(others))
		for _, side := range [][]uint64{p.Left, p.Right} {
			cur := others
			for i, h := range side {
				next := intersectSorted(slices.Clone(cur), sortedSet(holders(h)))
				for _, k := range cur {
					if _, ok := slices.BinarySearch(next, k); !ok {
						run[k] += i
					}
				}
				if cur = next; len(cur) == 0 {
					break
				}
			}
			for _, k := range cur {
				run[k] += len(side)
			}
		}
		for _, n := range run {
			if n >= p.Need {
				c.Longer = true
			}
		}
	}
	return c
}

// sortedSet returns a sorted without repeats: a itself when it already
// is, otherwise a sorted copy.
func sortedSet[K cmp.Ordered](a []K) []K {
	ok := true
	for i := 1; i < len(a) && ok; i++ {
		ok = a[i-1] < a[i]
	}
	if ok {
		return a
	}
	return slices.Compact(slices.Sorted(slices.Values(a)))
}

// intersectSorted keeps in a (sorted, distinct) the values also in b
// (sorted, distinct), in place.
func intersectSorted[K cmp.Ordered](a, b []K) []K {
	out := a[:0]
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			out = append(out, x)
		}
	}
	return out
}

// Classify sets the Kind of every match, testing in this order: internal
// (origin and copy in one article), quote (mostly inside quotation marks on
// either side), boilerplate (a passage of at most ShortWords words, not
// most of the copy article, carried by SourceMin articles of one source or
// by very many articles, and by none as part of longer text), phrase (fewer
// than PhraseWords words, a scrap of a sentence on either side), syndicated
// (everything else). paras and quotes hold each document's paragraphs and
// quoted spans (see Quotes; Quotes(text, paras) for the same paras), sorted
// and disjoint; only those of the matches' documents are read. carriage
// says how widely match i's origin passage is carried (see Carried), and is
// asked only about the short passages across articles that are not quotes.
func Classify(docs []reprint.Document, paras, quotes [][]reprint.Span, matches []reprint.Match, opt Options, carriage func(i int) Carriage) {
	size := len(docs)
	if opt.CorpusSize > 0 {
		size = opt.CorpusSize
	}
	manyMin := max(opt.ManyMin, (size+3)/4)
	for i := range matches {
		m := &matches[i]
		switch {
		case m.Origin.Doc == m.Copy.Doc:
			m.Kind = reprint.Internal
		case quoted(quotes[m.Copy.Doc], m.Copy.Span, opt.QuoteShare) || quoted(quotes[m.Origin.Doc], m.Origin.Span, opt.QuoteShare):
			m.Kind = reprint.Quote
		case m.Words <= opt.ShortWords && !wholeArticle(docs, m) && furniture(carriage(i), opt.SourceMin, manyMin):
			m.Kind = reprint.Boilerplate
		case phrase(docs, paras, m, opt.PhraseWords):
			m.Kind = reprint.Phrase
		default:
			m.Kind = reprint.Syndicated
		}
	}
}

// furniture reports whether a passage carried as c is site furniture.
func furniture(c Carriage, sourceMin, manyMin int) bool {
	return !c.Longer && (c.SameSource >= sourceMin || c.Articles >= manyMin)
}

// wholeArticle reports whether the match covers most of the copy article:
// a republished story is not furniture, however often it recurs.
func wholeArticle(docs []reprint.Document, m *reprint.Match) bool {
	return 2*m.Copy.Span.Len() > len(strings.TrimSpace(docs[m.Copy.Doc].Text))
}

// A straight quotation mark opens a quotation, closes one, or is no
// quotation mark at all.
const (
	noMark = iota
	opening
	closing
)

// straightMark tells what a straight double quotation mark is from the
// runes just before and after it in its paragraph (utf8.RuneError where
// there is none): touching the word before, a closing mark (so inches and
// seconds, as in 12", close nothing unless a quotation is open); touching
// only the next word, or after an opening bracket or a dash, an opening
// one; touching neither, a stray.
func straightMark(prev, next rune) int {
	before := prev != utf8.RuneError && !unicode.IsSpace(prev) && !strings.ContainsRune("([{—–", prev)
	after := next != utf8.RuneError && !unicode.IsSpace(next)
	switch {
	case before:
		return closing
	case after:
		return opening
	}
	return noMark
}

// quoted reports whether at least share of span's bytes lie in quotes.
func quoted(quotes []reprint.Span, span reprint.Span, share float64) bool {
	if span.Len() == 0 {
		return false
	}
	in := 0
	for _, q := range quotes {
		if q.Start >= span.End {
			break
		}
		in += max(0, min(q.End, span.End)-max(q.Start, span.Start))
	}
	return float64(in) >= share*float64(span.Len())
}

// Quotes returns the spans of text that lie inside double quotation marks
// (straight, curly, low-9 and guillemets), paragraph by paragraph. News
// style repeats the opening mark on each paragraph of a long quotation
// without closing the previous one, so an unclosed quotation ends with its
// paragraph. Single quotes are not used: they double as apostrophes.
//
// A straight mark says which way it faces by what touches it (straightMark):
// one between spaces is a stray, and a closing one with nothing open, as
// inches are (a 12" pipe), closes nothing. Taken as quotation marks, such
// marks would pair with each other across sentences and make their text a
// quotation.
func Quotes(text string, paras []reprint.Span) []reprint.Span {
	var out []reprint.Span
	for _, p := range paras {
		open := -1
		for at := p.Start; at < p.End; at++ {
			// Every mark starts with '"' or one of two UTF-8 lead bytes;
			// other bytes need no decoding.
			c := text[at]
			if c != '"' && c != 0xC2 && c != 0xE2 {
				continue
			}
			r, size := utf8.DecodeRuneInString(text[at:p.End])
			mark := noMark
			switch r {
			case '“', '„', '«':
				if open < 0 {
					mark = opening
				}
			case '”', '»':
				mark = closing
			case '"':
				// A straight opening mark opens anew even inside a
				// quotation: the mark that opened it was a stray.
				prev, _ := utf8.DecodeLastRuneInString(text[p.Start:at])
				next, _ := utf8.DecodeRuneInString(text[at+1 : p.End])
				mark = straightMark(prev, next)
			}
			switch {
			case mark == opening:
				open = at
			case mark == closing && open >= 0:
				out = append(out, reprint.Span{Start: open, End: at + size})
				open = -1
			}
			at += size - 1
		}
		if open >= 0 {
			out = append(out, reprint.Span{Start: open, End: p.End})
		}
	}
	return out
}
