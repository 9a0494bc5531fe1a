package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/reprint-tool/reprint/corpus"
)

// isTerminal reports whether w is a terminal, where progress bars can be
// drawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressFlag is the --progress flag: when to draw progress bars.
type progressFlag string

const (
	progressAuto   progressFlag = "auto" // when standard error is a terminal
	progressAlways progressFlag = "always"
	progressNever  progressFlag = "never"
)

func (f *progressFlag) register(fs *flag.FlagSet) {
	*f = progressAuto
	fs.Var(f, "progress", "`when` to draw progress bars on standard error: auto (when it is a terminal), always or never; --quiet means never")
}

func (f *progressFlag) String() string { return string(*f) }

func (f *progressFlag) Set(s string) error {
	switch v := progressFlag(s); v {
	case progressAuto, progressAlways, progressNever:
		*f = v
		return nil
	}
	return fmt.Errorf("want auto, always or never")
}

// progress draws bars on standard error while a command runs: a line for
// the command with its elapsed time, a bar for reading the input and one
// for each pass of each stage after. A bar is removed once complete, and
// stop removes them all, so that nothing of them is left when the command
// writes its output.
//
// Progress is also standard error for the command while it runs: what is
// written to it goes above the bars, not through them.
//
// When off, its hooks are nil and it writes straight to standard error.
type progress struct {
	stderr io.Writer
	bars   *mpb.Progress // nil when off

	// mu guards what follows and orders writes with stop. It is never
	// taken by a decorator: mpb draws them while holding up Write.
	mu      sync.Mutex
	stopped bool
	open    []*mpb.Bar     // every bar made: stop aborts those not complete
	passes  map[string]int // passes begun, per detection stage

	current sync.Map // detection stage → *counter of its pass

	readMu   sync.Mutex // guards lastRead, for the read bar's decorator
	lastRead corpus.ReadProgress
}

// nameWidth is the width of the name column of the bars.
const nameWidth = 27

// newProgress returns the progress of command cmd, drawn when mode says so
// and quiet is not set.
func newProgress(e env, mode progressFlag, quiet bool, cmd string) *progress {
	p := &progress{stderr: e.stderr, passes: map[string]int{}}
	if quiet || mode == progressNever || (mode == progressAuto && !e.stderrTerminal) {
		return p
	}
	p.bars = mpb.New(mpb.WithOutput(e.stderr), mpb.WithAutoRefresh())
	p.add(0, mpb.NopStyle(), cmd, decor.Spinner(nil, decor.WC{W: 2, C: decor.DindentRight}), decor.Elapsed(decor.ET_STYLE_GO))
	return p
}

// add makes a bar of total named name (total 0: not known), when progress
// is on and not stopped; nil otherwise.
func (p *progress) add(total int64, style mpb.BarFillerBuilder, name string, after ...decor.Decorator) *mpb.Bar {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bars == nil || p.stopped {
		return nil
	}
	b := p.bars.New(total, style,
		mpb.BarRemoveOnComplete(),
		mpb.PrependDecorators(decor.Name(name, decor.WC{W: nameWidth, C: decor.DindentRight})),
		mpb.AppendDecorators(after...))
	p.open = append(p.open, b)
	return b
}

// Write writes b to standard error, above the bars while they are drawn.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bars != nil && !p.stopped {
		if n, err := p.bars.Write(b); err == nil {
			return n, nil
		}
		// The bars failed to draw and stopped: write past them.
	}
	return p.stderr.Write(b)
}

// stop removes the bars and waits until they are gone from the terminal.
// Later calls do nothing, as do the hooks.
func (p *progress) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bars == nil || p.stopped {
		return
	}
	p.stopped = true
	for _, b := range p.open {
		b.Abort(true) // a no-op for a completed bar
	}
	p.bars.Wait()
}

// read runs corpus.Read with a bar that follows the reading.
func (p *progress) read(ctx context.Context, paths []string, opt corpus.Options) (*corpus.Corpus, error) {
	bar := p.add(0, mpb.BarStyle(), "read", decor.Any(p.describeRead))
	if bar == nil {
		return corpus.Read(ctx, paths, opt)
	}
	opt.Progress = func(rp corpus.ReadProgress) {
		p.readMu.Lock()
		p.lastRead = rp
		p.readMu.Unlock()
		bar.SetTotal(rp.Size, false)
		bar.SetCurrent(rp.Done)
	}
	c, err := corpus.Read(ctx, paths, opt)
	if err != nil {
		bar.Abort(true)
		return nil, err
	}
	p.readMu.Lock()
	p.lastRead.Documents = len(c.Documents)
	p.readMu.Unlock()
	bar.SetTotal(-1, true) // complete, at the last file's count
	return c, nil
}

// describeRead is the read bar's text: how much of the file being read is
// read, and the articles so far.
func (p *progress) describeRead(decor.Statistics) string {
	p.readMu.Lock()
	rp := p.lastRead
	p.readMu.Unlock()
	if rp.Path == "" { // nothing large enough read to tell
		if rp.Documents == 0 {
			return ""
		}
		return fmt.Sprintf("%d articles", rp.Documents)
	}
	return fmt.Sprintf("% .1f / % .1f  %d articles", decor.SizeB1024(rp.Done), decor.SizeB1024(rp.Size), rp.Documents)
}

// stages returns a hook for detect.Options.Progress that draws a bar for
// each pass of each stage, named after the stage; nil when off.
func (p *progress) stages() func(stage string, done, total int) {
	if p.bars == nil {
		return nil
	}
	return func(stage string, done, total int) {
		if done == 0 { // a pass begins: detect starts every one from zero
			p.begin(stage, total)
			return
		}
		if c, ok := p.current.Load(stage); ok {
			c.(*counter).set(done)
		}
	}
}

// begin starts a pass of a detection stage, over total items.
func (p *progress) begin(stage string, total int) {
	p.mu.Lock()
	p.passes[stage]++
	name := stage
	if n := p.passes[stage]; n > 1 {
		name = fmt.Sprintf("%s (pass %d)", stage, n)
	}
	p.mu.Unlock()
	if old, ok := p.current.LoadAndDelete(stage); ok {
		old.(*counter).bar.Abort(true) // unfinished, or a no-op
	}
	if c := p.count(name, total); c != nil {
		p.current.Store(stage, c)
	}
}

// count returns a counter drawn as a bar named name that is complete at
// total; nil when off or total is not positive.
func (p *progress) count(name string, total int) *counter {
	if total <= 0 {
		return nil
	}
	bar := p.add(int64(total), mpb.BarStyle(), name,
		decor.CountersNoUnit("%d / %d", decor.WC{W: 17}), decor.Percentage(decor.WC{W: 6}))
	if bar == nil {
		return nil
	}
	return &counter{bar: bar, total: int64(total)}
}

// counter moves a bar as items are done, from any number of goroutines.
// It passes on only counts that move the bar by a thousandth or more, in
// increasing order, so that hooks called for every item stay cheap and
// the bar never goes back.
type counter struct {
	bar   *mpb.Bar
	total int64
	shown atomic.Int64 // the thousandths of total last passed on
	mu    sync.Mutex
}

// set says done items are done; a nil counter ignores it.
func (c *counter) set(done int) {
	if c == nil {
		return
	}
	step := int64(done) * 1000 / c.total
	if step <= c.shown.Load() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if step <= c.shown.Load() {
		return
	}
	c.shown.Store(step)
	c.bar.SetCurrent(int64(done))
}
