package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/detect"
)

// cliOn runs the CLI in-process with standard error taken for a terminal,
// or not.
func cliOn(t *testing.T, terminal bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runIn(context.Background(), env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, stderrTerminal: terminal}, args)
	return code, out.String(), errb.String()
}

var (
	// escape matches the cursor movements that redraw the bars.
	escape = regexp.MustCompile(`\x1b\[\d*[A-Za-z]`)
	// barLine matches a counting bar as drawn: name, bar, done / total.
	barLine = regexp.MustCompile(`(?m)^(\S.*?)\s+\[[^\]\n]*\]\s+(\d+) / (\d+)\s+\d+ %$`)
)

// barsIn returns the bar lines drawn in stderr: name → the counts drawn,
// as "done/total".
func barsIn(stderr string) map[string][]string {
	bars := map[string][]string{}
	for _, m := range barLine.FindAllStringSubmatch(escape.ReplaceAllString(stderr, "\n"), -1) {
		bars[m[1]] = append(bars[m[1]], m[2]+"/"+m[3])
	}
	return bars
}

// seedIndex returns an index of the seed articles, made without bars.
func seedIndex(t *testing.T) string {
	t.Helper()
	idx := filepath.Join(t.TempDir(), "seeds.idx")
	if code, _, errs := cliOn(t, false, "index", "add", "--index", idx, seeds); code != exitOK {
		t.Fatalf("index add: exit %d: %s", code, errs)
	}
	return idx
}

// TestProgressBars: bars are drawn on a terminal, or with --progress
// always, and never otherwise; whatever else goes to standard error comes
// above them or after them, never through them.
func TestProgressBars(t *testing.T) {
	idx := seedIndex(t)
	newIdx := filepath.Join(t.TempDir(), "new.idx")
	const summary = "reprint: 5 articles read, 0 skipped"
	const checked = "reprint: 5 articles checked against an index of 5 articles, 0 skipped"
	tests := []struct {
		name     string
		terminal bool
		args     []string
		code     int
		drawn    bool
		bars     []string // names of counting bars drawn
		above    []string // written while the bars are drawn, above them
		after    string   // written after the bars are gone
		stderrIn []string
	}{
		{name: "not a terminal", args: []string{"report", "--format", "json", seeds}, after: summary},
		{name: "terminal", terminal: true, args: []string{"report", "--format", "json", seeds}, drawn: true,
			bars: []string{detect.StagePrepare, detect.StageSign, detect.StageAlign}, after: summary},
		{name: "terminal, --progress never", terminal: true, args: []string{"report", "--progress", "never", "--format", "json", seeds}, after: summary},
		{name: "not a terminal, --progress always", args: []string{"report", "--progress=always", "--format", "json", seeds}, drawn: true,
			bars: []string{detect.StagePrepare}, after: summary},
		{name: "timings above the bars", terminal: true, args: []string{"report", "--timings", "--format", "json", seeds}, drawn: true,
			bars: []string{detect.StagePrepare}, above: []string{"s  read\n", "s  align and verify ("}, after: "s  write json\n" + summary},
		{name: "check on a terminal", terminal: true, args: []string{"check", "--index", idx, "--format", "json", seeds}, drawn: true,
			after: checked, stderrIn: []string{"check  ", "\nread "}},
		{name: "check, not a terminal", args: []string{"check", "--index", idx, "--format", "json", seeds}, after: checked},
		{name: "index add on a terminal", terminal: true, args: []string{"index", "add", "--index", newIdx, "--batch", "2", seeds}, drawn: true,
			bars: []string{"prepare", "commit"}, above: []string{"batch 1 committed", "batch 3 committed"}, after: "reprint: index add: 5 added"},
		{name: "bad --progress", terminal: true, args: []string{"report", "--progress", "sometimes", seeds}, code: exitUsage,
			stderrIn: []string{"-progress", "want auto, always or never"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := cliOn(t, tt.terminal, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errs)
			}
			for _, s := range tt.stderrIn {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr does not hold %q:\n%q", s, errs)
				}
			}
			bars := barsIn(errs)
			if drawn := strings.Contains(errs, "\x1b") || len(bars) > 0 || strings.Contains(errs, "\n["); drawn != tt.drawn {
				t.Errorf("bars drawn: %v, want %v:\n%q", drawn, tt.drawn, errs)
			}
			for _, name := range tt.bars {
				if len(bars[name]) == 0 {
					t.Errorf("no %q bar in:\n%q", name, errs)
				}
			}
			// The last redraw clears the bars; after it comes the summary,
			// and nothing of the bars.
			head, tail := "", errs
			if loc := escape.FindAllStringIndex(errs, -1); len(loc) > 0 {
				head, tail = errs[:loc[len(loc)-1][0]], errs[loc[len(loc)-1][1]:]
			}
			for _, s := range tt.above {
				if !strings.Contains(head, s) {
					t.Errorf("%q not written while the bars were drawn:\n%q", s, errs)
				}
			}
			if !strings.Contains(tail, tt.after) || len(barsIn(tail)) > 0 {
				t.Errorf("stderr does not end with %q after the bars:\n%q", tt.after, tail)
			}
		})
	}
}

// TestProgressReachesTotals: on a terminal, every pass of every detection
// stage gets a bar, named after it, that is drawn complete at the pass's
// total; the reading bar ends at the number of articles.
func TestProgressReachesTotals(t *testing.T) {
	c, err := corpus.Read(context.Background(), []string{seeds}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type pass struct {
		name  string
		total int
	}
	var mu sync.Mutex
	var passes []pass
	count := map[string]int{}
	opt := detect.Defaults()
	opt.Progress = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done != 0 {
			return
		}
		count[stage]++
		name := stage
		if n := count[stage]; n > 1 {
			name = fmt.Sprintf("%s (pass %d)", stage, n)
		}
		if total > 0 {
			passes = append(passes, pass{name, total})
		}
	}
	if _, err := detect.Run(context.Background(), c.Documents, opt); err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{detect.StagePrepare, detect.StageLinks, detect.StageSign, detect.StageLSH, detect.StageAlign, detect.StageClassify} {
		if count[stage] == 0 {
			t.Errorf("detect reported no pass of %q", stage)
		}
	}

	code, _, errs := cliOn(t, true, "report", "--format", "json", seeds)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	bars := barsIn(errs)
	for _, p := range passes {
		full := fmt.Sprintf("%d/%d", p.total, p.total)
		if !strings.Contains(strings.Join(bars[p.name], " "), full) {
			t.Errorf("bar %q drawn at %v, never at %s", p.name, bars[p.name], full)
		}
	}
	lines := strings.Split(escape.ReplaceAllString(errs, "\n"), "\n")
	var read, top bool
	for _, l := range lines {
		read = read || strings.HasPrefix(l, "read ") && strings.HasSuffix(l, fmt.Sprintf(" %d articles", len(c.Documents)))
		top = top || strings.HasPrefix(l, "report ")
	}
	if !read || !top {
		t.Errorf("no read bar ending at %d articles (%v), or no report line (%v):\n%q", len(c.Documents), read, top, errs)
	}
}

// TestQuietSilencesStderr: a file in Windows-1252 is warned about, unless
// --quiet, which leaves standard error empty, bars and all, even on a
// terminal.
func TestQuietSilencesStderr(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.txt")
	if err := os.WriteFile(old, []byte("Caf\xe9 owners in the old town said the new rules would change how they work this summer."), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := seedIndex(t)
	tests := []struct {
		name string
		args func() []string
	}{
		{"report", func() []string { return []string{"report", "--format", "json", old, seeds} }},
		{"check", func() []string { return []string{"check", "--index", idx, "--format", "json", old} }},
		{"index add", func() []string {
			return []string{"index", "add", "--index", filepath.Join(t.TempDir(), "new.idx"), old, seeds}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := cliOn(t, false, tt.args()...)
			if code != exitOK || !strings.Contains(errs, "Windows-1252") {
				t.Fatalf("without --quiet: exit %d, stderr %q; want 0 and a warning", code, errs)
			}
			code, out, errs := cliOn(t, true, append(tt.args(), "--quiet")...)
			if code != exitOK || errs != "" {
				t.Errorf("--quiet on a terminal: exit %d, stderr %q; want 0 and nothing", code, errs)
			}
			if tt.name != "index add" && out == "" {
				t.Errorf("--quiet: no report on stdout")
			}
		})
	}
}

// TestProgressKeepsStdout: the report on standard output is the same,
// byte for byte, with bars and without.
func TestProgressKeepsStdout(t *testing.T) {
	idx := seedIndex(t)
	tests := []struct {
		name string
		args []string
	}{
		{"report table", []string{"report", "--format", "table", seeds}},
		{"report json", []string{"report", "--format", "json", seeds}},
		{"report html", []string{"report", "--format", "html", seeds}},
		{"check json", []string{"check", "--index", idx, "--format", "json", seeds}},
		{"check table", []string{"check", "--index", idx, seeds}},
	}
	for _, tt := range tests {
		args := tt.args
		t.Run(tt.name, func(t *testing.T) {
			_, plain, _ := cliOn(t, false, args...)
			code, drawn, errs := cliOn(t, true, args...)
			if code != exitOK || plain == "" {
				t.Fatalf("exit %d, stdout %d bytes: %s", code, len(plain), errs)
			}
			if len(barsIn(errs)) == 0 && !strings.Contains(errs, "\x1b") {
				t.Fatalf("no bars drawn: %q", errs)
			}
			if drawn != plain {
				t.Errorf("stdout with bars differs from stdout without")
			}
		})
	}
}
