package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/report"
)

const reportSynopsis = `Usage: reprint report [flags] PATH...

Finds wording reused between the articles in PATH (files, folders, JSONL,
or - for standard input) and prints a provenance report: every reused
passage, aligned to byte offsets in both articles, its kind (syndicated,
quote, boilerplate, internal) and the article it came from (the earliest
dated witness; undated ties go to the smallest id and say dated=false).

Exit status: 0 success; 1 reuse across articles found with --fail-on-reuse;
2 usage or input error; 3 any other failure.
`

// detectFlags are the detection flags shared by every command that detects.
type detectFlags struct {
	opt detect.Options
}

func (d *detectFlags) register(fs interface {
	IntVar(*int, string, int, string)
	Float64Var(*float64, string, float64, string)
	Uint64Var(*uint64, string, uint64, string)
}) {
	d.opt = detect.Defaults()
	fs.Float64Var(&d.opt.Threshold, "threshold", d.opt.Threshold, "Jaccard `similarity` at which paragraphs become LSH candidates (sets bands and rows)")
	fs.IntVar(&d.opt.Shingle, "shingle", d.opt.Shingle, "`words` per shingle")
	fs.IntVar(&d.opt.Permutations, "permutations", d.opt.Permutations, "MinHash signature `length`")
	fs.Uint64Var(&d.opt.Seed, "seed", d.opt.Seed, "MinHash `seed`")
	fs.IntVar(&d.opt.MinWords, "min-words", d.opt.MinWords, "shortest passage reported, in `words`")
	fs.IntVar(&d.opt.MaxGap, "max-gap", d.opt.MaxGap, "most unmatched `words` bridged inside one passage")
	fs.IntVar(&d.opt.Workers, "workers", 0, "goroutines to use (`n`; 0 means one per core)")
}

func runReport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report", reportSynopsis)
	var df detectFlags
	df.register(fs)
	format := fs.String("format", "table", "output `format`: table, json, csv, markdown or html")
	out := fs.String("out", "", "write the report to `file` instead of standard output")
	skipBad := fs.Bool("skip-bad", false, "warn about bad documents and go on instead of failing")
	failOnReuse := fs.Bool("fail-on-reuse", false, "exit with status 1 when any reuse across articles is found")
	quiet := fs.Bool("quiet", false, "print no warnings or summary on standard error")
	timings := fs.Bool("timings", false, "print the wall time of each stage on standard error")
	paths, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("report: no PATH given (see \"reprint help report\")")
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return usagef("report: %v", err)
	}
	if err := df.opt.Validate(); err != nil {
		return usagef("report: %v", err)
	}

	clock := &stageClock{w: e.stderr, on: *timings, last: time.Now()}
	c, err := corpus.Read(ctx, paths, corpus.Options{SkipBad: *skipBad, Stdin: e.stdin})
	if err != nil {
		return err
	}
	clock.lap("read")
	if *timings {
		df.opt.Timings = clock.report
	}
	res, err := detect.Run(ctx, c.Documents, df.opt)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	res.Skipped, res.Warnings = c.Skipped, c.Warnings
	if !*quiet {
		for _, w := range c.Warnings {
			fmt.Fprintf(e.stderr, "reprint: warning: %s\n", w)
		}
		for _, s := range c.Skipped {
			fmt.Fprintf(e.stderr, "reprint: skipped %s\n", report.SkipLine(s))
		}
	}
	if err := writeOutput(e, *out, func(w writer) error { return report.Write(w, f, res) }); err != nil {
		return err
	}
	clock.lap("write " + string(f))
	// The table ends with this summary already; other formats and files get
	// it on standard error, so a person running the command sees it.
	if !*quiet && (f != report.Table || (*out != "" && *out != "-")) {
		fmt.Fprintf(e.stderr, "reprint: %s\n", report.Summary(res))
	}
	if *failOnReuse && crossReuse(res) {
		return errReuseFound
	}
	return nil
}

// stageClock prints how long each stage of a run took, when on.
type stageClock struct {
	w    io.Writer
	on   bool
	last time.Time
}

// lap reports the time since the previous stage ended.
func (c *stageClock) lap(stage string) { c.report(stage, time.Since(c.last)) }

// report prints a stage's duration d (measured by whoever ran it) and
// starts the next stage now.
func (c *stageClock) report(stage string, d time.Duration) {
	if c.on {
		fmt.Fprintf(c.w, "reprint: %8.3fs  %s\n", d.Seconds(), stage)
	}
	c.last = time.Now()
}

// crossReuse reports whether any match joins two different articles.
func crossReuse(r *reprint.Result) bool {
	for _, m := range r.Matches {
		if m.Origin.Doc != m.Copy.Doc {
			return true
		}
	}
	return false
}
