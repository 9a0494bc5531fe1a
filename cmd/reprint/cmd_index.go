package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/index"
)

const indexSynopsis = `Usage:
  reprint index add    --index PATH [flags] INPUT...   add articles, creating the index if missing
  reprint index stats  --index PATH [--verify]         describe the index
  reprint index remove --index PATH ID...              remove articles and their postings

An index is one file holding, for every article added, its metadata and
compressed text, its shingle postings and its paragraphs' LSH buckets, made
with the detection parameters the index was created with. "reprint check"
reads it to find, in milliseconds, the wording a new article shares with the
indexed ones. INPUT is what "reprint report" reads: files, folders, JSONL,
or - for standard input.

"index add" commits articles in batches (--batch), one transaction each: a
run that is killed or interrupted leaves every batch it committed, and
nothing of the one in progress. Re-adding an id that is present is reported
and skipped, or replaced with --replace. Detection flags given to an existing
index must match the ones it was built with.

One writer at a time: a second one waits for --lock-timeout and then fails.
Readers ("check", "index stats") run between a writer's batches.

Exit status: 0 success; 2 usage or input error (bad flags, an unreadable
input, a file that is not a reprint index or is damaged, flags that
conflict with the index); 3 any other failure (an index locked by another
writer for longer than --lock-timeout, a disk that is full or read-only,
an interrupted run).
`

// indexFlags are the flags shared by the commands that open an index.
type indexFlags struct {
	path        string
	lockTimeout time.Duration
	df          detectFlags
}

// need returns a usage error of cmd (whose help topic is help) when no
// --index was given or, when what names them, no arguments were.
func (f *indexFlags) need(cmd, help, what string, args []string) error {
	if f.path == "" {
		return usagef("%s: no --index given (see \"reprint help %s\")", cmd, help)
	}
	if what != "" && len(args) == 0 {
		return usagef("%s: no %s given (see \"reprint help %s\")", cmd, what, help)
	}
	return nil
}

func (f *indexFlags) register(fs *flag.FlagSet, detection bool) {
	fs.StringVar(&f.path, "index", "", "the index `file`")
	fs.DurationVar(&f.lockTimeout, "lock-timeout", 5*time.Second, "how long to wait for another process's lock on the index (`duration`, 0 waits for ever)")
	if detection {
		f.df.register(fs)
	}
}

// paramsFlags names the flags that set index parameters, with the stored
// value of each as the flag would print it.
func paramsFlags(p index.Params) map[string]string {
	return map[string]string{
		"shingle":      strconv.Itoa(p.Shingle),
		"permutations": strconv.Itoa(p.Permutations),
		"seed":         strconv.FormatUint(p.Seed, 10),
		"threshold":    strconv.FormatFloat(p.Threshold, 'g', -1, 64),
		"min-words":    strconv.Itoa(p.MinWords),
		"max-gap":      strconv.Itoa(p.MaxGap),
	}
}

// conflicts checks the detection flags given on the command line against
// an index's parameters: a flag given with another value than the index
// was built with is a usage error naming both.
func conflicts(fs *flag.FlagSet, stored index.Params) error {
	want := paramsFlags(stored)
	var err error
	fs.Visit(func(f *flag.Flag) {
		if v, ok := want[f.Name]; ok && err == nil {
			asked := f.Value.String()
			if asked != v {
				if a, e1 := strconv.ParseFloat(asked, 64); e1 == nil {
					if s, e2 := strconv.ParseFloat(v, 64); e2 == nil && a == s {
						return
					}
				}
				err = &index.ParamsConflict{Name: f.Name, Stored: v, Asked: asked}
			}
		}
	})
	return err
}

// indexError sorts an error from the index package into the CLI's exit
// statuses: a file that is not a usable index, or no index at all, is bad
// input (2); a lock held too long, or a failed write, is a failure (3).
func indexError(cmd string, err error) error {
	var fe *index.FormatError
	var pc *index.ParamsConflict
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pc):
		return usagef("%s: %v", cmd, err)
	case errors.As(err, &fe), errors.Is(err, fs.ErrNotExist):
		return &inputError{fmt.Errorf("%s: %w", cmd, err)}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: interrupted", cmd)
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

func runIndex(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usagef("index: want a subcommand: add, stats or remove (see \"reprint help index\")")
	}
	switch args[0] {
	case "add":
		return runIndexAdd(ctx, e, args[1:])
	case "stats":
		return runIndexStats(ctx, e, args[1:])
	case "remove", "rm":
		return runIndexRemove(ctx, e, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, indexSynopsis)
		return errHelp
	}
	return usagef("index: unknown subcommand %q: want add, stats or remove (see \"reprint help index\")", args[0])
}

func runIndexAdd(ctx context.Context, e env, args []string) error {
	const cmd = "index add"
	fs := newFlags(e, cmd, indexSynopsis)
	var f indexFlags
	f.register(fs, true)
	replace := fs.Bool("replace", false, "replace articles whose id is already in the index, instead of skipping them")
	batch := fs.Int("batch", index.DefaultBatchArticles, "commit every `n` articles (or every 32 MB of text, whichever comes first)")
	skipBad := fs.Bool("skip-bad", false, "warn about bad documents and go on instead of failing")
	quiet := fs.Bool("quiet", false, "print no progress, warnings or summary on standard error")
	var pf progressFlag
	pf.register(fs)
	paths, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if err := f.need(cmd, "index", "INPUT", paths); err != nil {
		return err
	}
	if *batch < 1 {
		return usagef("%s: --batch %d: must be at least 1", cmd, *batch)
	}
	if err := f.df.opt.Validate(); err != nil {
		return usagef("%s: %v", cmd, err)
	}
	params, err := index.ParamsOf(f.df.opt)
	if err != nil {
		return usagef("%s: %v", cmd, err)
	}
	prog := newProgress(e, pf, *quiet, cmd)
	defer prog.stop()
	e.stderr = prog // above the bars while they are drawn
	c, err := prog.read(ctx, paths, corpus.Options{SkipBad: *skipBad, Stdin: e.stdin})
	if err != nil {
		return err
	}
	printRead(e, c, *quiet)
	b, err := index.OpenBolt(f.path, index.BoltOptions{Create: &params, LockTimeout: f.lockTimeout})
	if err != nil {
		return indexError(cmd, err)
	}
	defer b.Close()
	if err := conflicts(fs, b.Params()); err != nil {
		return indexError(cmd, err)
	}
	start := time.Now()
	prepared, committed := prog.count("prepare", len(c.Documents)), prog.count("commit", len(c.Documents))
	res, err := index.Add(ctx, b, c.Documents, index.AddOptions{
		Replace: *replace, BatchArticles: *batch, Workers: f.df.opt.Workers,
		Prepared: func(done, _ int) { prepared.set(done) },
		Progress: func(p index.AddProgress) {
			committed.set(p.Added + p.Replaced + p.Skipped)
			if !*quiet {
				fmt.Fprintf(e.stderr, "reprint: %s: batch %d committed: %d of %d articles done (%d added, %d replaced, %d skipped)\n",
					cmd, p.Batch, p.Added+p.Replaced+p.Skipped, p.Total, p.Added, p.Replaced, p.Skipped)
			}
		},
	})
	prog.stop()
	if !*quiet {
		const show = 10
		for i, id := range res.Skipped {
			if i == show {
				fmt.Fprintf(e.stderr, "reprint: %s: ... and %d more already in the index\n", cmd, len(res.Skipped)-show)
				break
			}
			fmt.Fprintf(e.stderr, "reprint: %s: skipped %q: already in the index (--replace replaces it)\n", cmd, id)
		}
	}
	if err != nil {
		err = indexError(cmd, err)
		if res.Batches > 0 {
			err = fmt.Errorf("%w; the %d batches committed before it (%d articles) are in the index", err, res.Batches, res.Added+res.Replaced+len(res.Skipped))
		}
		return err
	}
	if !*quiet {
		var st index.Stats
		if err := b.View(ctx, func(r index.Reader) error { st, err = r.Stats(); return err }); err != nil {
			return indexError(cmd, err)
		}
		fmt.Fprintf(e.stderr, "reprint: %s: %d added, %d replaced, %d skipped in %d batches (%.2f s); %s now holds %d articles\n",
			cmd, res.Added, res.Replaced, len(res.Skipped), res.Batches, time.Since(start).Seconds(), f.path, st.Articles)
	}
	return nil
}

// printRead prints what reading the input warned about and skipped.
func printRead(e env, c *corpus.Corpus, quiet bool) {
	if quiet {
		return
	}
	for _, w := range c.Warnings {
		fmt.Fprintf(e.stderr, "reprint: warning: %s\n", w)
	}
	for _, s := range c.Skipped {
		fmt.Fprintf(e.stderr, "reprint: skipped %s: %s\n", s.Path, s.Reason)
	}
}

func runIndexStats(ctx context.Context, e env, args []string) error {
	const cmd = "index stats"
	fs := newFlags(e, cmd, indexSynopsis)
	var f indexFlags
	f.register(fs, false)
	verify := fs.Bool("verify", false, "read the whole index and check its integrity (bbolt's page checks and every article's postings)")
	format := fs.String("format", "text", "output `format`: text or json")
	rest, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if err := f.need(cmd, "index", "", nil); err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("%s: unexpected argument %q", cmd, rest[0])
	}
	if *format != "text" && *format != "json" {
		return usagef("%s: unknown format %q (valid formats: text, json)", cmd, *format)
	}
	b, err := index.OpenBolt(f.path, index.BoltOptions{ReadOnly: true, LockTimeout: f.lockTimeout})
	if err != nil {
		return indexError(cmd, err)
	}
	defer b.Close()
	var st index.Stats
	err = b.View(ctx, func(r index.Reader) error {
		var err error
		st, err = r.Stats()
		return err
	})
	if err != nil {
		return indexError(cmd, err)
	}
	if *verify {
		if err := b.Verify(ctx); err != nil {
			return indexError(cmd, err)
		}
	}
	return writeOutput(e, "", func(w writer) error {
		if *format == "json" {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(statsJSON(f.path, st, *verify))
		}
		return printStats(w, f.path, st, *verify)
	})
}

type indexStatsJSON struct {
	Index            string       `json:"index"`
	Format           int          `json:"format"`
	Articles         int          `json:"articles"`
	Paragraphs       int          `json:"paragraphs"`
	TextBytes        int64        `json:"text_bytes"`
	SizeBytes        int64        `json:"size_bytes"`
	BytesPerParagrah float64      `json:"bytes_per_paragraph"`
	ShinglePostings  int64        `json:"shingle_postings"`
	BucketPostings   int64        `json:"bucket_postings"`
	StemPostings     int64        `json:"stem_postings"`
	Params           index.Params `json:"params"`
	Verified         bool         `json:"verified"`
}

func statsJSON(path string, st index.Stats, verified bool) indexStatsJSON {
	return indexStatsJSON{
		Index: path, Format: st.Format, Articles: st.Articles, Paragraphs: st.Paragraphs,
		TextBytes: st.TextBytes, SizeBytes: st.Size, BytesPerParagrah: perParagraph(st),
		ShinglePostings: st.Shingles, BucketPostings: st.Buckets, StemPostings: st.Stems, Params: st.Params, Verified: verified,
	}
}

func perParagraph(st index.Stats) float64 {
	if st.Paragraphs == 0 {
		return 0
	}
	return float64(int64(float64(st.Size)/float64(st.Paragraphs)*10+0.5)) / 10
}

func printStats(w writer, path string, st index.Stats, verified bool) error {
	p := st.Params
	rows := [][2]string{
		{"index", path},
		{"format", fmt.Sprintf("version %d", st.Format)},
		{"articles", groupDigits(int64(st.Articles))},
		{"paragraphs", groupDigits(int64(st.Paragraphs))},
		{"text", megabytes(st.TextBytes) + " (uncompressed)"},
		{"size on disk", fmt.Sprintf("%s, %.0f bytes per paragraph", megabytes(st.Size), perParagraph(st))},
		{"postings", fmt.Sprintf("%s shingle, %s LSH bucket, %s content word", groupDigits(st.Shingles), groupDigits(st.Buckets), groupDigits(st.Stems))},
		{"parameters", fmt.Sprintf("--shingle %d --permutations %d --seed %d --threshold %g (%d bands of %d rows) --min-words %d --max-gap %d",
			p.Shingle, p.Permutations, p.Seed, p.Threshold, p.Bands, p.Rows, p.MinWords, p.MaxGap)},
	}
	if verified {
		rows = append(rows, [2]string{"verified", "ok: pages, records and every article's postings"})
	}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "%-13s %s\n", r[0], r[1]); err != nil {
			return err
		}
	}
	return nil
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// groupDigits writes n with thousands separators: 19,043.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func runIndexRemove(ctx context.Context, e env, args []string) error {
	const cmd = "index remove"
	fs := newFlags(e, cmd, indexSynopsis)
	var f indexFlags
	f.register(fs, false)
	quiet := fs.Bool("quiet", false, "print no summary on standard error")
	ids, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if err := f.need(cmd, "index", "ID", ids); err != nil {
		return err
	}
	b, err := index.OpenBolt(f.path, index.BoltOptions{LockTimeout: f.lockTimeout})
	if err != nil {
		return indexError(cmd, err)
	}
	defer b.Close()
	var removed []string
	err = b.Update(ctx, func(w index.Writer) error {
		var err error
		removed, err = w.Remove(ids)
		return err
	})
	if err != nil {
		return indexError(cmd, err)
	}
	if !*quiet {
		gone := map[string]bool{}
		for _, id := range removed {
			gone[id] = true
		}
		for _, id := range ids {
			if !gone[id] {
				fmt.Fprintf(e.stderr, "reprint: %s: %q is not in the index\n", cmd, id)
			}
		}
		fmt.Fprintf(e.stderr, "reprint: %s: removed %d of %d articles\n", cmd, len(removed), len(ids))
	}
	return nil
}
