// Package detect finds reused wording in a set of articles: it prepares each
// article (paragraphs, tokens, shingles, MinHash signatures, content words),
// gathers candidate article pairs from three sources — shared word
// shingles, each linked to its earliest witness, paragraph MinHash LSH
// buckets, and rare words that two articles share — verifies every
// candidate exactly, aligns the shared passages to byte offsets (word by
// word, and sentence by sentence for reworded text), and groups the copies
// of one passage under its origin.
//
// Cost stays near-linear in the corpus when one passage repeats in thousands
// of articles: every shingle occurrence and every bucket member is linked to
// one origin only, never to every other member.
package detect

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/minhash"
	"github.com/reprint-tool/reprint/provenance"
)

// Options tune detection. Start from Defaults.
type Options struct {
	Shingle      int     // words per shingle
	Permutations int     // MinHash signature length
	Seed         uint64  // MinHash seed
	Threshold    float64 // Jaccard threshold for paragraph LSH and its verification
	MinWords     int     // shortest passage reported, in words
	MaxGap       int     // most unmatched words bridged inside one passage
	// MinContainment is the least share of the shorter passage's shingles
	// that the two sides of an aligned passage must share exactly.
	MinContainment float64
	Workers        int // goroutines; 0 means GOMAXPROCS
	Provenance     provenance.Options
	// Timings, when set, is called after each stage with its name and
	// wall time, for people tuning a run.
	Timings func(stage string, d time.Duration)
	// Progress, when set, is called as work gets done, for progress bars:
	// done of total items of the named stage are finished (a stage may make
	// more than one pass, each starting again from zero). It is called from
	// several goroutines at once, so it must be safe for that, and quick.
	Progress func(stage string, done, total int)
	// Explain asks for each match's Explanation (Match.Explain), computed
	// after matching from what the run prepared; without it a run does no
	// part of that work.
	Explain bool
	// Background, when set, is the corpus that the run's articles are part
	// of, as an index check runs over a few of an index's articles; when
	// nil, the run's articles are the corpus and Run counts it.
	Background Background
}

// Stage names, as Progress reports them.
const (
	StagePrepare  = "prepare"
	StageSign     = "MinHash"
	StageLinks    = "shingle links"
	StageLSH      = "LSH links"
	StageAlign    = "align"
	StageClassify = "classify"
)

// Defaults returns the options reprint uses for news.
func Defaults() Options {
	return Options{
		Shingle:        5,
		Permutations:   64,
		Seed:           1,
		Threshold:      0.5,
		MinWords:       8,
		MaxGap:         8,
		MinContainment: 0.3,
		Provenance:     provenance.Defaults(),
	}
}

// Validate reports the first option that cannot work.
func (o Options) Validate() error {
	switch {
	case o.Shingle < 1 || o.Shingle > 64:
		return fmt.Errorf("shingle size %d: must be between 1 and 64", o.Shingle)
	case o.Permutations < 1 || o.Permutations > 1024:
		return fmt.Errorf("permutations %d: must be between 1 and 1024", o.Permutations)
	case !(o.Threshold > 0 && o.Threshold < 1):
		return fmt.Errorf("threshold %g: must be between 0 and 1", o.Threshold)
	case o.MinWords < o.Shingle || o.MinWords > 1<<20:
		return fmt.Errorf("min words %d: must be at least the shingle size %d", o.MinWords, o.Shingle)
	case o.MaxGap < 0 || o.MaxGap > 1000:
		return fmt.Errorf("max gap %d: must be between 0 and 1000", o.MaxGap)
	case o.Workers < 0:
		return fmt.Errorf("workers %d: must not be negative", o.Workers)
	case o.MinContainment < 0 || o.MinContainment > 1:
		return fmt.Errorf("min containment %g: must be between 0 and 1", o.MinContainment)
	}
	return nil
}

// probePoints are the similarities at which a result records the chance
// that LSH makes two paragraphs a candidate pair.
var probePoints = [...]float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}

// Run finds the reused wording in docs. It reads docs but does not change
// them; the result refers to documents by their index in docs.
func Run(ctx context.Context, docs []reprint.Document, opt Options) (*reprint.Result, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	e, err := newEngine(docs, opt)
	if err != nil {
		return nil, err
	}
	lsh := e.lsh

	lap := e.stopwatch()
	e.stage = StagePrepare
	if err := e.prepare(ctx); err != nil {
		return nil, err
	}
	lap("prepare (paragraphs, words, shingles)")
	shift, groups, err := e.stemGroups(ctx)
	if err != nil {
		return nil, err
	}
	if e.bg, err = e.background(ctx, shift, groups); err != nil {
		return nil, err
	}
	rare, err := e.rareLinks(ctx, groups)
	if err != nil {
		return nil, err
	}
	lap(fmt.Sprintf("background and rare-word links (%d)", len(rare)))
	e.stage = StageLinks
	links, err := e.findRepeats(ctx)
	if err != nil {
		return nil, err
	}
	lap(fmt.Sprintf("shingle links (%d)", len(links)))
	e.stage = StageSign
	if err := e.sign(ctx); err != nil {
		return nil, err
	}
	lap("MinHash signatures and LSH keys")
	e.stage = StageLSH
	more, err := e.paragraphLinks(ctx)
	if err != nil {
		return nil, err
	}
	lap(fmt.Sprintf("LSH paragraph links (%d)", len(more)))
	e.stage = StageAlign
	matches, err := e.align(ctx, links, more, rare)
	if err != nil {
		return nil, err
	}
	lap(fmt.Sprintf("align and verify (%d matches)", len(matches)))
	// Alignment is over: its sentences go, and the word codes of the
	// articles it did not compare.
	e.sents = nil
	for i := range e.prep {
		e.prep[i].codes = nil
	}
	provenance.Group(e.ranks, matches)
	// Quotations matter only for the articles that share wording.
	e.stage = StageClassify
	involved := make([]bool, len(docs))
	for _, m := range matches {
		involved[m.Origin.Doc], involved[m.Copy.Doc] = true, true
	}
	quotes := make([][]reprint.Span, len(docs))
	err = e.forEach(ctx, len(docs), func(_, i int) {
		if involved[i] {
			quotes[i] = provenance.Quotes(docs[i].Text, e.prep[i].paras)
		}
	})
	if err != nil {
		return nil, err
	}
	carriage, err := e.carriage(ctx, matches)
	if err != nil {
		return nil, err
	}
	paras := make([][]reprint.Span, len(docs))
	for i := range docs {
		paras[i] = e.prep[i].paras
	}
	provenance.Classify(docs, paras, quotes, matches, opt.Provenance, carriage)
	lap("group and classify")
	if opt.Explain {
		if err := e.explain(ctx, matches); err != nil {
			return nil, err
		}
		lap("explain")
	}

	res := &reprint.Result{
		Documents: docs,
		Matches:   matches,
		Stats:     e.stats(matches),
		Params: reprint.Params{
			Shingle:      opt.Shingle,
			Permutations: opt.Permutations,
			Seed:         opt.Seed,
			Threshold:    opt.Threshold,
			Bands:        lsh.Bands,
			Rows:         lsh.Rows,
			MinWords:     opt.MinWords,
		},
	}
	for _, s := range probePoints {
		res.Params.Probability = append(res.Params.Probability,
			reprint.SimilarityProbability{Jaccard: s, Probability: lsh.Probability(s)})
	}
	return res, nil
}

// newEngine sets up a run over docs with valid options.
func newEngine(docs []reprint.Document, opt Options) (*engine, error) {
	lsh, err := minhash.NewLSH(opt.Threshold, opt.Permutations)
	if err != nil {
		return nil, err
	}
	// More goroutines than cores buys nothing but per-worker scratch.
	e := &engine{docs: docs, opt: opt, lsh: lsh, workers: min(opt.Workers, 4*runtime.NumCPU())}
	if e.workers <= 0 {
		e.workers = runtime.GOMAXPROCS(0)
	}
	e.scratch = make([]scratch, e.workers)
	e.bg = &UserCounts{} // every word weighs the same until Run learns the corpus's background
	e.sents = make([]sentences, len(docs))
	e.ranks = provenance.Ranks(docs)
	e.byRank = make([]int, len(docs))
	for d, r := range e.ranks {
		e.byRank[r] = d
	}
	return e, nil
}

// engine holds one run's working state.
type engine struct {
	docs    []reprint.Document
	opt     Options
	lsh     minhash.LSH
	workers int
	// repeated holds, per document, the positions of the shingles that
	// occur more than once in the corpus, ascending.
	repeated [][]int32
	// reps holds, per hash partition, every occurrence of those shingles,
	// for counting a passage's carriers (carriers.go).
	reps    [][]occurrence
	ranks   []int     // witness rank of each document
	byRank  []int     // document of each rank
	scratch []scratch // one per worker
	prep    []prepared
	stage   string // the stage running, for Progress
	// sents holds each document's sentences, built on first use by
	// sentence alignment.
	sents []sentences
	// reworded holds the matches sentence alignment made, by copy document
	// and copy span start, when explanations are asked for.
	reworded map[[2]int]bool
	// bg is the corpus's background (Options.Background, or counted).
	bg Background
}

// stopwatch returns a function that reports the time since its last call
// to opt.Timings, if set.
func (e *engine) stopwatch() func(stage string) {
	last := time.Now()
	return func(stage string) {
		if e.opt.Timings == nil {
			return
		}
		now := time.Now()
		e.opt.Timings(stage, now.Sub(last))
		last = now
	}
}

// forEach calls fn(worker, i) for every i in [0, n) on e.workers goroutines.
// Callers write results into slots indexed by i, which keeps output
// independent of scheduling. Progress, if asked for, is reported as items
// finish.
func (e *engine) forEach(ctx context.Context, n int, fn func(worker, i int)) error {
	workers := min(e.workers, n)
	var next, done atomic.Int64
	if progress := e.opt.Progress; progress != nil {
		stage, inner := e.stage, fn
		progress(stage, 0, n)
		fn = func(w, i int) {
			inner(w, i)
			progress(stage, int(done.Add(1)), n)
		}
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	return nil
}
