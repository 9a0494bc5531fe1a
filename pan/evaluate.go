package pan

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
)

// Result is the outcome of evaluating reprint on a corpus.
type Result struct {
	Overall    Scores           // cases and detections of all pairs pooled
	Categories []CategoryScores // one per category that lists a pair, by name
	Pairs      int
	Wall       time.Duration // reading, detection and scoring
	// PairsPerSecond is Pairs over Wall.
	PairsPerSecond float64
	// NoReuseDetections counts the detections in pairs of NoPlagiarism,
	// which are all false positives.
	NoReuseDetections int
}

// CategoryScores are the measures of one category's pairs, pooled.
type CategoryScores struct {
	Name   string
	Scores Scores
}

// epoch dates the source document of every pair; the suspicious document
// is dated a second later, so provenance makes the source the origin.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Evaluate runs reprint's detection, with opt, on every pair of c and scores
// the detections against the truth, overall and per category.
//
// Each pair is one detect.Run over two documents, the source dated before
// the suspicious document, on one goroutine; pairs run on opt.Workers
// goroutines (GOMAXPROCS when 0). The detections of a pair are its matches
// of a kind that is reuse (reprint.Kind.Reuse) whose origin is in the
// source and whose copy is in the suspicious document, with this_* the
// suspicious side and source_* the source side, in characters, sorted.
// out, when not nil, receives every pair's detections in pairs order from
// the calling goroutine; an error from it stops the run.
func Evaluate(ctx context.Context, c *Corpus, opt detect.Options, out func(p Pair, dets []Annotation) error) (*Result, error) {
	start := time.Now()
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("pan: %w", err)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	opt.Workers = 1
	pairs := c.Pairs()
	n := len(pairs)

	docs := make(map[string]*document)
	for _, p := range pairs {
		for _, name := range [...]string{p.Src, p.Susp} {
			if docs[name] == nil {
				docs[name] = &document{name: name}
			}
		}
	}

	ctx, cancel := context.WithCancelCause(ctx)
	var wg sync.WaitGroup
	defer func() { // workers stop at their next pair
		cancel(nil)
		wg.Wait()
	}()
	slots := make([]slot, n)
	for i := range slots {
		slots[i].done = make(chan struct{})
	}
	var next atomic.Int64
	for range min(workers, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				s := &slots[i]
				s.dets, s.truth, s.err = evaluatePair(ctx, c, pairs[i], docs, opt)
				if s.err != nil {
					cancel(s.err)
					return
				}
				close(s.done)
			}
		})
	}

	res := &Result{Pairs: n}
	var all, allDets []Annotation
	byCat := make(map[string]*[2][]Annotation)
	catPairs := make(map[string]int)
	for i, p := range pairs {
		select {
		case <-slots[i].done:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		s := &slots[i]
		if out != nil {
			if err := out(p, s.dets); err != nil {
				return nil, err
			}
		}
		all = append(all, s.truth...)
		allDets = append(allDets, s.dets...)
		if p.Category != "" {
			cd := byCat[p.Category]
			if cd == nil {
				cd = new([2][]Annotation)
				byCat[p.Category] = cd
			}
			cd[0] = append(cd[0], s.truth...)
			cd[1] = append(cd[1], s.dets...)
			catPairs[p.Category]++
		}
		if p.Category == NoPlagiarism {
			res.NoReuseDetections += len(s.dets)
		}
	}
	res.Overall = Score(all, allDets)
	res.Overall.Pairs = n
	for name, cd := range byCat {
		s := Score(cd[0], cd[1])
		s.Pairs = catPairs[name]
		res.Categories = append(res.Categories, CategoryScores{Name: name, Scores: s})
	}
	slices.SortFunc(res.Categories, func(a, b CategoryScores) int { return cmp.Compare(a.Name, b.Name) })
	res.Wall = time.Since(start)
	if s := res.Wall.Seconds(); s > 0 {
		res.PairsPerSecond = float64(n) / s
	}
	return res, nil
}

// slot holds one pair's outcome; done is closed once it is filled.
type slot struct {
	done  chan struct{}
	dets  []Annotation
	truth []Annotation
	err   error
}

// document is one text of the corpus, read once however many pairs use it.
type document struct {
	name string
	once sync.Once
	text string
	off  *Offsets
	err  error
}

func (d *document) load(c *Corpus) error {
	d.once.Do(func() {
		d.text, d.err = c.Text(d.name)
		if d.err == nil {
			d.off = NewOffsets(d.text)
		}
	})
	return d.err
}

// evaluatePair runs detection on one pair and reads its truth.
func evaluatePair(ctx context.Context, c *Corpus, p Pair, docs map[string]*document, opt detect.Options) (dets, truth []Annotation, err error) {
	src, susp := docs[p.Src], docs[p.Susp]
	if err := src.load(c); err != nil {
		return nil, nil, err
	}
	if err := susp.load(c); err != nil {
		return nil, nil, err
	}
	res, err := detect.Run(ctx, []reprint.Document{
		{ID: p.Src, Date: epoch, Text: src.text},
		{ID: p.Susp, Date: epoch.Add(time.Second), Text: susp.text},
	}, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("pan: %s: %w", p.XMLName(), err)
	}
	for _, m := range res.Matches {
		if m.Origin.Doc != 0 || m.Copy.Doc != 1 || !m.Kind.Reuse() {
			continue
		}
		ss, se := susp.off.Char(m.Copy.Span.Start), susp.off.Char(m.Copy.Span.End)
		rs, re := src.off.Char(m.Origin.Span.Start), src.off.Char(m.Origin.Span.End)
		dets = append(dets, Annotation{
			Susp: p.Susp, SuspOffset: ss, SuspLength: se - ss,
			Src: p.Src, SrcOffset: rs, SrcLength: re - rs,
		})
	}
	slices.SortFunc(dets, func(a, b Annotation) int {
		return cmp.Or(cmp.Compare(a.SuspOffset, b.SuspOffset), cmp.Compare(a.SuspLength, b.SuspLength),
			cmp.Compare(a.SrcOffset, b.SrcOffset), cmp.Compare(a.SrcLength, b.SrcLength))
	})
	dets = slices.Compact(dets)
	truth, err = c.Truth(p)
	return dets, truth, err
}
