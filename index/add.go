package index

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/reprint-tool/reprint"
)

// Default batch limits: a batch is committed when it holds this many
// articles or this many bytes of text, whichever comes first. Each batch
// rewrites the posting blocks it touches (see bolt_format.go), so larger
// batches add faster; smaller ones lose less work to a crash.
const (
	DefaultBatchArticles = 4096
	DefaultBatchBytes    = 32 << 20
)

// AddOptions tune Add.
type AddOptions struct {
	// Replace replaces an indexed article whose id is met again; without
	// it the new one is skipped and reported.
	Replace bool
	// BatchArticles and BatchBytes bound a batch; 0 means the default.
	BatchArticles int
	BatchBytes    int64
	// Workers computes features on this many goroutines; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called after each batch is committed.
	Progress func(AddProgress)
	// Prepared, when set, is called as the features of each article are
	// computed (a batch ahead of the commits): done of the total articles
	// given to Add. It is called from several goroutines at once (never
	// after Add returns), so it must be safe for that, and quick.
	Prepared func(done, total int)
}

// AddProgress reports the batches committed so far.
type AddProgress struct {
	Batch           int // batches committed
	Added, Replaced int // articles committed, in all batches
	Skipped         int // articles skipped as already present
	Total           int // articles given to Add
}

// AddResult says what Add did.
type AddResult struct {
	Added, Replaced int
	Skipped         []string // ids already present, not replaced
	Batches         int
}

// Add adds docs to s in batches, one transaction each, in input order.
// When it fails or ctx ends, the batches committed before stay committed
// and the one in progress is rolled back whole.
func Add(ctx context.Context, s Store, docs []reprint.Document, opt AddOptions) (AddResult, error) {
	var res AddResult
	maxN, maxB := opt.BatchArticles, opt.BatchBytes
	if maxN <= 0 {
		maxN = DefaultBatchArticles
	}
	if maxB <= 0 {
		maxB = DefaultBatchBytes
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	preps := make([]*Preparer, workers)
	for i := range preps {
		p, err := NewPreparer(s.Params())
		if err != nil {
			return res, err
		}
		preps[i] = p
	}

	// Batches are cut in input order; the features of the next batch are
	// computed while the current one is committed.
	type batch struct{ entries []Entry }
	var cuts [][]reprint.Document
	for i := 0; i < len(docs); {
		j, size := i, int64(0)
		for j < len(docs) && j-i < maxN && (j == i || size+int64(len(docs[j].Text)) <= maxB) {
			size += int64(len(docs[j].Text))
			j++
		}
		cuts = append(cuts, docs[i:j])
		i = j
	}
	ready := make(chan batch, 1)
	stop := make(chan struct{})
	var preparing sync.WaitGroup
	defer preparing.Wait() // so that Prepared is not called after Add returns
	defer close(stop)
	var prepared atomic.Int64
	preparing.Go(func() {
		defer close(ready)
		for _, cut := range cuts {
			entries := make([]Entry, len(cut))
			forEach(workers, len(cut), func(w, i int) {
				entries[i] = preps[w].Entry(cut[i])
				if opt.Prepared != nil {
					opt.Prepared(int(prepared.Add(1)), len(docs))
				}
			})
			select {
			case ready <- batch{entries}:
			case <-stop:
				return
			}
		}
	})
	for b := range ready {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var added, replaced int
		var skipped []string
		err := s.Update(ctx, func(w Writer) error {
			var err error
			added, replaced, skipped, err = PutEntries(w, b.entries, opt.Replace)
			return err
		})
		if err != nil {
			return res, err
		}
		res.Batches++
		res.Added += added
		res.Replaced += replaced
		res.Skipped = append(res.Skipped, skipped...)
		if opt.Progress != nil {
			opt.Progress(AddProgress{Batch: res.Batches, Added: res.Added, Replaced: res.Replaced, Skipped: len(res.Skipped), Total: len(docs)})
		}
	}
	return res, ctx.Err()
}

// PutEntries puts entries into w: an article whose id is present is
// replaced when replace is set and skipped otherwise. It returns how many
// were added (new ids) and replaced, and the ids skipped.
func PutEntries(w Writer, entries []Entry, replace bool) (added, replaced int, skipped []string, err error) {
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.Doc.ID
	}
	_, present, err := w.Lookup(ids)
	if err != nil {
		return 0, 0, nil, err
	}
	keep := entries[:0:0]
	var again []string
	for i, e := range entries {
		switch {
		case !present[i]:
			keep = append(keep, e)
		case replace:
			again = append(again, e.Doc.ID)
			keep = append(keep, e)
		default:
			skipped = append(skipped, e.Doc.ID)
		}
	}
	if len(again) > 0 {
		if _, err := w.Remove(again); err != nil {
			return 0, 0, nil, err
		}
	}
	if err := w.Put(keep); err != nil {
		return 0, 0, nil, err
	}
	return len(keep) - len(again), len(again), skipped, nil
}

// forEach calls fn(worker, i) for every i in [0, n) on up to workers
// goroutines.
func forEach(workers, n int, fn func(w, i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for w := range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
}
