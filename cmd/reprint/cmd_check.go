package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/report"
)

const checkSynopsis = `Usage: reprint check --index PATH [flags] INPUT...

Checks new articles (INPUT: files, folders, JSONL, or - for standard input)
against an index made with "reprint index add", and reports the wording each
shares with the indexed articles and with the other new ones, in any
"reprint report" format and with the same JSON schema: offsets into both
articles, kinds, and the origin (the earliest witness, which may be the new
article). The answer is what "reprint report" over the indexed corpus plus
the new articles would say about the matches involving a new article. An
indexed article with the id of a new one is taken as replaced by it.

With --add the checked articles are added to the index afterwards, in the
same transaction (an id already present is skipped, or replaced with
--replace). Without it the index is only read, and a check runs while
another process adds to the index, waiting at most for the batch being
committed.

Detection parameters are the index's; a detection flag that differs from
them is an error.

Exit status: 0 success; 1 reuse across articles found with --fail-on-reuse;
2 usage or input error (including a missing or damaged index, or flags that
conflict with it); 3 any other failure (an index locked for longer than
--lock-timeout, an output or index that could not be written).
`

func runCheck(ctx context.Context, e env, args []string) error {
	const cmd = "check"
	fs := newFlags(e, cmd, checkSynopsis)
	var f indexFlags
	f.register(fs, true)
	add := fs.Bool("add", false, "add the checked articles to the index afterwards, in the same transaction")
	replace := fs.Bool("replace", false, "with --add, replace indexed articles with the same id instead of skipping them")
	var of outputFlags
	of.register(fs)
	var pf progressFlag
	pf.register(fs)
	paths, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if err := f.need(cmd, "check", "INPUT", paths); err != nil {
		return err
	}
	if *replace && !*add {
		return usagef("%s: --replace needs --add", cmd)
	}
	form, err := of.parseFormat(cmd)
	if err != nil {
		return err
	}
	if err := f.df.opt.Validate(); err != nil {
		return usagef("%s: %v", cmd, err)
	}
	prog := newProgress(e, pf, of.quiet, cmd)
	defer prog.stop()
	e.stderr = prog // above the bars while they are drawn
	c, err := prog.read(ctx, paths, corpus.Options{SkipBad: of.skipBad, Stdin: e.stdin})
	if err != nil {
		return err
	}
	b, err := index.OpenBolt(f.path, index.BoltOptions{ReadOnly: !*add, LockTimeout: f.lockTimeout})
	if err != nil {
		return indexError(cmd, err)
	}
	defer b.Close()
	if err := conflicts(fs, b.Params()); err != nil {
		return indexError(cmd, err)
	}

	// The report is rendered inside the transaction, before --add commits,
	// and written out only after: an output that cannot be rendered leaves
	// the index as it was.
	var res *reprint.Result
	var rendered bytes.Buffer
	var added, replaced int
	var skipped []string
	check := func(r index.Reader) error {
		var err error
		if res, err = index.Check(ctx, r, b.Params(), c.Documents, index.CheckOptions{Workers: f.df.opt.Workers, Explain: of.explain}); err != nil {
			return err
		}
		res.Skipped, res.Warnings = c.Skipped, c.Warnings
		return report.Write(&rendered, form, res)
	}
	if *add {
		err = b.Update(ctx, func(w index.Writer) error {
			if err := check(w); err != nil {
				return err
			}
			p, err := index.NewPreparer(b.Params())
			if err != nil {
				return err
			}
			entries := make([]index.Entry, len(c.Documents))
			for i, d := range c.Documents {
				entries[i] = p.Entry(d)
			}
			added, replaced, skipped, err = index.PutEntries(w, entries, *replace)
			return err
		})
	} else {
		err = b.View(ctx, check)
	}
	prog.stop()
	if err != nil {
		return indexError(cmd, err)
	}

	of.warn(e, c)
	if err := writeOutput(e, of.out, func(w writer) error { _, err := w.Write(rendered.Bytes()); return err }); err != nil {
		if *add {
			return fmt.Errorf("%w (the articles were added to the index)", err)
		}
		return err
	}
	of.summarize(e, form, res)
	if *add && !of.quiet {
		fmt.Fprintf(e.stderr, "reprint: %s: %d added to %s, %d replaced, %d skipped as already there\n",
			cmd, added, f.path, replaced, len(skipped))
	}
	return of.exit(res)
}
