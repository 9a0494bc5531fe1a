package detect

import (
	"context"
	"math"
	"math/bits"
	"slices"

	"github.com/reprint-tool/reprint/internal/partition"
	"github.com/reprint-tool/reprint/internal/runs"
)

// Background is what a whole corpus says about content words: how many of
// its articles use each one. Sentence alignment weighs a word that two
// articles share by how few other articles use it. Articles on one story
// share its names and its vocabulary ("summit", "Helsinki", "indictment"),
// and a wire service's stories share their templates ("Shr", "Avg shrs",
// "lead manager"); such words say that two articles are about the same
// thing, not that one reworded the other. A word that no other article uses
// says more.
//
// A run over a whole corpus (Run without Options.Background) counts the
// background itself; a run over part of a corpus (an index check) is given
// the corpus's, so that it weighs words as a run over the whole corpus
// would. Over just two articles there is no other article to learn from,
// and every word weighs the same.
type Background interface {
	// Articles is the number of articles in the corpus.
	Articles() int
	// Users is the number of the corpus's articles that use a word with
	// content stem s (Stems gives an article's). It counts at least the
	// articles of the run that use it.
	Users(s uint32) int
	// Carriers is the number of the corpus's articles that each use
	// `least` or more of the content stems given, each of them a stem that
	// at most wideUsers articles use: how widely a passage's telling words
	// go together. It is called from several goroutines at once. A
	// Background that does not know which articles use a word says 0.
	Carriers(stems []uint32, least int) int
}

// Stems returns the distinct content stems of an article's words,
// ascending, given its text and, for each word as the tokenizer gives it
// (shingle.Tokens), its normalised hash and byte offsets: the words a
// Background counts. Quoted words count too (an article uses the words it
// quotes).
func Stems(text string, words []uint64, starts, ends []int32) []uint32 {
	return slices.Clip(appendStems(nil, text, words, starts, ends))
}

// appendStems appends an article's distinct content stems (Stems) to dst.
func appendStems(dst []uint32, text string, words []uint64, starts, ends []int32) []uint32 {
	return appendContent(dst, codesOf(nil, text, words, starts, ends))
}

// codesOf appends the code of each word (stem) to dst.
func codesOf(dst []uint32, text string, words []uint64, starts, ends []int32) []uint32 {
	for k, h := range words {
		dst = append(dst, stem(text[starts[k]:ends[k]], h))
	}
	return dst
}

// appendContent appends the distinct content codes of codes to dst,
// ascending.
func appendContent(dst, codes []uint32) []uint32 {
	at := len(dst)
	for _, c := range codes {
		if content(c) {
			dst = append(dst, c)
		}
	}
	slices.Sort(dst[at:])
	return append(dst[:at], slices.Compact(dst[at:])...)
}

// weight is the background weight of a content word that users articles
// of a corpus of n use, in a pair of articles of which in use it:
// 1 + ln((m+1)/(u+1)), with m the articles outside the pair and u those
// of them that use it. A word used by no other article weighs 1 + ln(m+1);
// one used by every other article, 1; with no other article, every word
// weighs 1.
func weight(users, n, in int) float64 {
	m := max(0, n-2)
	u := min(max(0, users-in), m)
	return 1 + math.Log(float64(m+1)/float64(u+1))
}

// corpusUsers is the Background of a run over a whole corpus: each
// partition (by the stems' top bits) holds its stems, ascending, and how
// many articles use each.
type corpusUsers struct {
	articles int
	shift    uint // a stem's partition is s >> shift
	stems    [][]uint32
	users    [][]int32
	// holders[p][holderOff[p][i]:holderOff[p][i+1]] are the articles that
	// use stems[p][i], when at most wideUsers do (empty otherwise).
	holderOff [][]int32
	holders   [][]int32
}

func (c *corpusUsers) Articles() int { return c.articles }

// find returns stem s's partition and its place there, and whether the
// corpus uses it.
func (c *corpusUsers) find(s uint32) (p uint32, i int, ok bool) {
	p = s >> c.shift
	i, ok = slices.BinarySearch(c.stems[p], s)
	return p, i, ok
}

func (c *corpusUsers) Carriers(stems []uint32, least int) int {
	var all []int32
	for _, s := range stems {
		if p, i, ok := c.find(s); ok {
			all = append(all, c.holders[p][c.holderOff[p][i]:c.holderOff[p][i+1]]...)
		}
	}
	slices.Sort(all)
	return runs.AtLeast(all, least)
}

func (c *corpusUsers) Users(s uint32) int {
	if p, i, ok := c.find(s); ok {
		return int(c.users[p][i])
	}
	return 0
}

// stemGroups works out every run article's word codes (kept for its
// sentences, sentencesOf) and groups its distinct content stems by stem:
// partitions, by the stem's top bits (all in one for a small run), of
// stem<<32 | article, sorted, so that the articles using a stem are one
// run, ascending. shift is the partitions' shift: stem s is in partition
// s >> shift.
func (e *engine) stemGroups(ctx context.Context) (shift uint, parts [][]uint64, err error) {
	// Each article's distinct stems, end to end in one array per block of
	// articles.
	stems := make([][]uint32, len(e.docs))
	err = e.forEach(ctx, e.blocks(), func(_, b int) {
		from, to := e.blockDocs(b)
		var all []uint32
		ends := make([]int, 0, to-from)
		for d := from; d < to; d++ {
			p := &e.prep[d]
			p.codes = codesOf(make([]uint32, 0, len(p.starts)), e.docs[d].Text, p.text.Words, p.starts, p.ends)
			all = appendContent(all, p.codes)
			ends = append(ends, len(all))
		}
		at := 0
		for k, end := range ends {
			stems[from+k] = all[at:end:end]
			at = end
		}
	})
	if err != nil {
		return 0, nil, err
	}
	n := 1
	if len(e.docs) > 64 {
		n = partitions
	}
	shift = uint(32 - bits.Len(uint(n-1))) // 32 puts every stem in partition 0
	parts = partition.Blocks(n, e.blocks(), e.workers, func(b int, emit func(int, uint64)) {
		from, to := e.blockDocs(b)
		for d := from; d < to; d++ {
			for _, s := range stems[d] {
				emit(int(s>>shift), uint64(s)<<32|uint64(d))
			}
		}
	})
	err = e.forEach(ctx, n, func(_, p int) { slices.Sort(parts[p]) })
	return shift, parts, err
}

// eachGroup calls fn with each stem of a partition of stem groups
// (stemGroups) and its run of stem<<32 | article values.
func eachGroup(part []uint64, fn func(s uint32, g []uint64)) {
	runs.Each(part, func(x uint64) uint32 { return uint32(x >> 32) }, func(g []uint64) { fn(uint32(g[0]>>32), g) })
}

// background returns the run's background: the one it was given, or
// else the users of each stem of the run's articles, counted from the
// stem groups. Over two articles or fewer every word weighs the same, and
// nothing is counted.
func (e *engine) background(ctx context.Context, shift uint, groups [][]uint64) (Background, error) {
	if e.opt.Background != nil {
		return e.opt.Background, nil
	}
	if len(e.docs) <= 2 {
		return &UserCounts{N: len(e.docs)}, nil
	}
	n := len(groups)
	c := &corpusUsers{articles: len(e.docs), shift: shift, stems: make([][]uint32, n), users: make([][]int32, n),
		holderOff: make([][]int32, n), holders: make([][]int32, n)}
	err := e.forEach(ctx, len(groups), func(_, p int) {
		var stems []uint32
		var users []int32
		off := []int32{0}
		var holders []int32
		eachGroup(groups[p], func(s uint32, g []uint64) {
			stems, users = append(stems, s), append(users, int32(len(g)))
			if len(g) <= wideUsers {
				for _, x := range g {
					holders = append(holders, int32(uint32(x)))
				}
			}
			off = append(off, int32(len(holders)))
		})
		c.stems[p], c.users[p], c.holderOff[p], c.holders[p] = stems, users, off, holders
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// UserCounts is a Background held in a map: the users of each stem that a
// run's articles use. The zero N and a nil Of stand for a corpus of no more
// articles than the run's pair: every word weighs the same. It knows no
// article's words, so its Carriers are 0 (no passage's words are taken as
// widely told).
type UserCounts struct {
	N  int              // articles in the corpus
	Of map[uint32]int32 // users of each stem of the run's articles
}

func (u *UserCounts) Articles() int                  { return u.N }
func (u *UserCounts) Users(s uint32) int             { return int(u.Of[s]) }
func (u *UserCounts) Carriers(_ []uint32, _ int) int { return 0 }
