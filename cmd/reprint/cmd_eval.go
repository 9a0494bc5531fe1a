package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/reprint-tool/reprint/pan"
)

const evalSynopsis = `Usage: reprint eval pan [flags] CORPUS

Measures reprint's passage alignment on a PAN text-alignment corpus: for
every pair it runs the same detection, with the same defaults, as "reprint
report", with the source document as origin, and scores the detections
with the PAN measures (precision, recall, granularity, PlagDet; Potthast
et al., COLING 2010), overall and per obfuscation category.

CORPUS is a PAN corpus root (src/, susp/, pairs and NN-*/ folders of truth
XML) or a .tar.gz of one. With -half, only every other pair is evaluated:
settings can be chosen on one half and checked on the other.

Exit status: 0 success; 2 usage or input error; 3 any other failure.
`

func runEval(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "eval", evalSynopsis)
	var df detectFlags
	df.register(fs)
	out := fs.String("out", "", "write one PAN detection XML per pair into `dir`")
	half := fs.String("half", "", "evaluate only the `odd` or even-numbered pairs of the pairs file (1st, 3rd, ... or 2nd, 4th, ...)")
	paths, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 || paths[0] != "pan" {
		return usagef("eval: want \"reprint eval pan CORPUS\" (the only benchmark so far)")
	}
	if paths = paths[1:]; len(paths) != 1 {
		return usagef("eval pan: want exactly one CORPUS (see \"reprint help eval\")")
	}
	if err := df.opt.Validate(); err != nil {
		return usagef("eval pan: %v", err)
	}
	if *half != "" && *half != "odd" && *half != "even" {
		return usagef("eval pan: -half %q: want odd or even", *half)
	}
	c, err := pan.Open(paths[0])
	if err != nil {
		return &inputError{err}
	}
	if *half != "" {
		c = c.Half(*half == "odd")
	}
	var write func(p pan.Pair, dets []pan.Annotation) error
	var files *detectionFiles
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("eval pan: %w", err)
		}
		files = writeDetections(e, *out)
		write = files.write
	}
	res, err := pan.Evaluate(ctx, c, df.opt, write)
	if files != nil {
		if werr := files.wait(); err == nil {
			err = werr
		}
	}
	if err != nil {
		return fmt.Errorf("eval pan: %w", err)
	}
	return writeOutput(e, "", func(w writer) error { return printEval(w, res) })
}

// printEval writes the scores as an aligned table. Recall and PlagDet are
// undefined for a category without cases (the official measures call them
// 0), so the table says n/a there.
func printEval(w writer, r *pan.Result) error {
	fmt.Fprintf(w, "%-28s %6s %6s %10s %9s %7s %11s %7s\n",
		"category", "pairs", "cases", "detections", "precision", "recall", "granularity", "PlagDet")
	row := func(name string, s pan.Scores) {
		rec, pd := fmt.Sprintf("%.3f", s.Recall), fmt.Sprintf("%.3f", s.PlagDet)
		if s.Cases == 0 {
			rec, pd = "n/a", "n/a"
		}
		fmt.Fprintf(w, "%-28s %6d %6d %10d %9.3f %7s %11.3f %7s\n",
			name, s.Pairs, s.Cases, s.Detections, s.Precision, rec, s.Granularity, pd)
	}
	for _, c := range r.Categories {
		row(c.Name, c.Scores)
	}
	row("overall", r.Overall)
	_, err := fmt.Fprintf(w, "\n%d pairs in %.2f s (%.0f pairs/s); %d detections in no-reuse pairs\n",
		r.Pairs, r.Wall.Seconds(), r.PairsPerSecond, r.NoReuseDetections)
	return err
}

// detectionFiles writes one detection XML per pair, each atomically, on a
// few goroutines while evaluation goes on: a file's cost is mostly system
// calls (a temporary file, a rename), which one goroutine would make one
// after another.
type detectionFiles struct {
	jobs chan detectionFile
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error // the first write's error
}

type detectionFile struct {
	p    pan.Pair
	dets []pan.Annotation
}

// fileWriters is how many goroutines write detection files.
const fileWriters = 4

func writeDetections(e env, dir string) *detectionFiles {
	f := &detectionFiles{jobs: make(chan detectionFile, 64)}
	for range fileWriters {
		f.wg.Go(func() {
			for j := range f.jobs {
				if f.failed() != nil {
					continue // drain: the run is stopping
				}
				name := filepath.Join(dir, j.p.XMLName())
				f.fail(writeOutput(e, name, func(w writer) error { return pan.WriteDetections(w, j.p, j.dets) }))
			}
		})
	}
	return f
}

// fail keeps err if it is the first write's error.
func (f *detectionFiles) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

// failed returns the first write's error.
func (f *detectionFiles) failed() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// write queues one pair's file; it returns an earlier write's error, which
// stops the evaluation.
func (f *detectionFiles) write(p pan.Pair, dets []pan.Annotation) error {
	if err := f.failed(); err != nil {
		return err
	}
	f.jobs <- detectionFile{p, dets}
	return nil
}

// wait writes the files still queued and returns the first write's error.
func (f *detectionFiles) wait() error {
	close(f.jobs)
	f.wg.Wait()
	return f.failed()
}
