package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
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
quote, boilerplate, internal, phrase) and the article it came from (the earliest
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
	var of outputFlags
	of.register(fs)
	var pf progressFlag
	pf.register(fs)
	timings := fs.Bool("timings", false, "print the wall time of each stage on standard error")
	paths, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("report: no PATH given (see \"reprint help report\")")
	}
	f, err := of.parseFormat("report")
	if err != nil {
		return err
	}
	if err := df.opt.Validate(); err != nil {
		return usagef("report: %v", err)
	}

	prog := newProgress(e, pf, of.quiet, "report")
	defer prog.stop()
	e.stderr = prog // above the bars while they are drawn
	clock := &stageClock{w: e.stderr, on: *timings, last: time.Now()}
	c, err := prog.read(ctx, paths, corpus.Options{SkipBad: of.skipBad, Stdin: e.stdin})
	if err != nil {
		return err
	}
	clock.lap("read")
	if *timings {
		df.opt.Timings = clock.report
	}
	df.opt.Progress = prog.stages()
	df.opt.Explain = of.explain
	res, err := detect.Run(ctx, c.Documents, df.opt)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	prog.stop()
	res.Skipped, res.Warnings = c.Skipped, c.Warnings
	of.warn(e, c)
	if err := writeOutput(e, of.out, func(w writer) error { return report.Write(w, f, res) }); err != nil {
		return err
	}
	clock.lap("write " + string(f))
	of.summarize(e, f, res)
	return of.exit(res)
}

// outputFlags are the flags of the commands that read articles and write a
// report: report and check.
type outputFlags struct {
	format, out                          string
	skipBad, failOnReuse, quiet, explain bool
}

func (o *outputFlags) register(fs *flag.FlagSet) {
	var names []string
	for _, f := range report.Formats() {
		names = append(names, string(f))
	}
	last := len(names) - 1
	list := strings.Join(names[:last], ", ") + " or " + names[last]
	fs.StringVar(&o.format, "format", string(report.Table), "output `format`: "+list)
	fs.StringVar(&o.out, "out", "", "write the report to `file` instead of standard output")
	fs.BoolVar(&o.skipBad, "skip-bad", false, "warn about bad documents and go on instead of failing")
	fs.BoolVar(&o.failOnReuse, "fail-on-reuse", false, "exit with status 1 when reuse across articles is found (syndicated or quoted wording; stock phrases and boilerplate do not count)")
	fs.BoolVar(&o.quiet, "quiet", false, "print no progress, warnings or summary on standard error")
	fs.BoolVar(&o.explain, "explain", false, "say for each match how it was found: shared shingles, exact and MinHash Jaccard, containment both ways, LSH bands collided")
}

// parseFormat returns the --format asked for, or a usage error of cmd.
func (o *outputFlags) parseFormat(cmd string) (report.Format, error) {
	f, err := report.ParseFormat(o.format)
	if err != nil {
		return "", usagef("%s: %v", cmd, err)
	}
	return f, nil
}

// warn prints what reading the articles skipped or warned about, unless
// --quiet.
func (o *outputFlags) warn(e env, c *corpus.Corpus) {
	if o.quiet {
		return
	}
	for _, w := range c.Warnings {
		fmt.Fprintf(e.stderr, "reprint: warning: %s\n", w)
	}
	for _, s := range c.Skipped {
		fmt.Fprintf(e.stderr, "reprint: skipped %s\n", report.SkipLine(s))
	}
}

// summarize prints the one-line summary on standard error, unless --quiet.
// The table ends with it already; other formats and files get it here, so
// a person running the command sees it.
func (o *outputFlags) summarize(e env, f report.Format, res *reprint.Result) {
	if !o.quiet && (f != report.Table || (o.out != "" && o.out != "-")) {
		fmt.Fprintf(e.stderr, "reprint: %s\n", report.Summary(res))
	}
}

// exit returns errReuseFound with --fail-on-reuse when res finds reuse
// across two articles.
func (o *outputFlags) exit(res *reprint.Result) error {
	if o.failOnReuse && crossReuse(res) {
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

// crossReuse reports whether any match of a kind that is reuse (not a stock
// phrase or furniture) joins two different articles.
func crossReuse(r *reprint.Result) bool {
	for _, m := range r.Matches {
		if m.Origin.Doc != m.Copy.Doc && m.Kind.Reuse() {
			return true
		}
	}
	return false
}
