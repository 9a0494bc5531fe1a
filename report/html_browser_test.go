package report_test

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/internal/shareddata"
	"github.com/reprint-tool/reprint/report"
)

var screenshotFlag = flag.String("screenshot", "", "save the seeds report's screenshot to this PNG `file` too (as docs/html-report.png; also $REPRINT_SCREENSHOT)")

// browserNames are the commands tried, in order, to find Chromium.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findBrowser returns the path of a Chromium on PATH, or skips t.
func findBrowser(t testing.TB) string {
	t.Helper()
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skipf("no browser for the end-to-end test: none of %s is on PATH; install Chromium with `apt-get install chromium` (Debian) to run it",
		strings.Join(browserNames, ", "))
	return ""
}

// consoleLog gathers what a page writes to its console.
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

// problems returns the errors, warnings and uncaught exceptions logged.
func (c *consoleLog) problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.msgs {
		if m.IsException() || m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning {
			out = append(out, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
		}
	}
	return out
}

// startBrowser starts a headless Chromium for t, stopped when t ends, and
// returns its tab's context and the console of that tab.
func startBrowser(t *testing.T) (context.Context, *consoleLog) {
	t.Helper()
	path := findBrowser(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1000),
		// The test host has no network: keep Chromium from trying.
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to sandbox as root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	c := &consoleLog{}
	msgs := chromedp.Console(ctx) // subscribes now, before any page loads
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	return ctx, c
}

// writeReport renders r as HTML to a file in a temporary folder and
// returns its path.
func writeReport(t *testing.T, r *reprint.Result) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, render(t, report.HTML, r), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		panic(err)
	}
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

// pageTimes are the moments, in ms after navigation start, at which a page
// was parsed, loaded, and ready (texts decoded and the first pair drawn).
type pageTimes struct {
	DOMContentLoaded float64 `json:"dcl"`
	Load             float64 `json:"load"`
	Ready            float64 `json:"ready"`
}

// open loads the report at path and waits until its script is ready.
func open(t *testing.T, ctx context.Context, path string) pageTimes {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL(path))); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	times, err := chromedp.Run(wait, chromedp.Poll[pageTimes](`document.documentElement.dataset.ready === '1' && {
		dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
		load: performance.getEntriesByType('navigation')[0].loadEventEnd,
		ready: performance.getEntriesByName('reprint-ready')[0].startTime}`))
	if err != nil {
		t.Fatalf("report never became ready: %v", err)
	}
	return times
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// pairIndex finds the pair of articles a and b (in either order) in the
// page's data, as the page numbers its pairs.
func pairIndex(t *testing.T, r *reprint.Result, a, b string) int {
	t.Helper()
	p := readPage(t, r)
	for i, pr := range p.pairs {
		x, y := p.docs[pr[0]].ID, p.docs[pr[1]].ID
		if x == a && y == b || x == b && y == a {
			return i
		}
	}
	t.Fatalf("no pair %s-%s", a, b)
	return -1
}

// inView is a JavaScript predicate: the first element matching sel lies
// within the visible part of the scrolling pane holding it.
func inView(sel string) string {
	return fmt.Sprintf(`(() => {
		const m = document.querySelector(%q); if (!m) return false;
		const pane = m.closest('.pane'), r = m.getBoundingClientRect(), p = pane.getBoundingClientRect();
		return r.top >= p.top - 1 && r.bottom <= p.bottom + 1 && r.height > 0;
	})()`, sel)
}

const (
	seed000 = "000_d1e477286e6d9095.txt"
	seed001 = "001_acddd21a56688a3f.txt"
	seed002 = "002_58137fd439db9d92.txt"
	seed003 = "003_9313489d74b3c3f4.txt"
)

// TestBrowserSeeds loads the report of the seed articles in headless
// Chromium and uses it as an editor would.
func TestBrowserSeeds(t *testing.T) {
	findBrowser(t)
	r := detectIn(t, "../testdata/seeds")
	path := writeReport(t, r)
	ctx, console := startBrowser(t)
	times := open(t, ctx, path)
	t.Logf("seeds report (%d bytes): DOMContentLoaded %.0f ms, load %.0f ms, ready %.0f ms", fileSize(t, path), times.DOMContentLoaded, times.Load, times.Ready)

	// Open the pair of seeds 000 and 001 from the pair list.
	pair := pairIndex(t, r, seed000, seed001)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#pairs a[href="#pair-%d"]`, pair)))); err != nil {
		t.Fatal(err)
	}
	heads := eval[[]string](t, ctx, `[...document.querySelectorAll('.view-head .id')].map(e => e.textContent)`)
	if !slices.Equal(heads, []string{seed000, seed001}) {
		t.Fatalf("pair %d shows %v", pair, heads)
	}
	const sentence = `The White House said the final area held by ISIS has been "eliminated"`
	for _, pane := range []string{"pane-a", "pane-b"} {
		marks := eval[string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll('#%s mark')].map(m => m.textContent).join('')`, pane))
		if !strings.HasPrefix(marks, sentence) {
			t.Errorf("%s highlights %.120q, want the White House sentence", pane, marks)
		}
	}

	// Scroll the right pane away from its passage, click the passage on the
	// left, and its counterpart must come into view (and be marked active).
	if eval[bool](t, ctx, `(() => { const p = document.getElementById('pane-b'); p.scrollTop = p.scrollHeight; return p.scrollTop > 0; })()`) != true {
		t.Fatalf("right pane does not scroll")
	}
	if eval[bool](t, ctx, inView("#pane-b mark")) {
		t.Fatalf("counterpart in view before the click: the test would prove nothing")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#pane-a mark"))); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wait, chromedp.Poll[bool](inView("#pane-b mark"))); err != nil {
		t.Errorf("counterpart not scrolled into view after the click: %v", err)
	}
	if !eval[bool](t, ctx, `document.querySelector('#pane-b mark').classList.contains('act')`) {
		t.Errorf("counterpart not marked active")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#passages tr').length`); n != 1 {
		t.Errorf("passage list has %d rows, want 1", n)
	}

	// Overlapping passages: seed 003 repeats a passage twice, from origins
	// that overlap; the overlap is one segment belonging to both.
	self := pairIndex(t, r, seed003, seed003)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#pairs a[href="#pair-%d"]`, self)))); err != nil {
		t.Fatal(err)
	}
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll('#pane-a mark')].map(m => m.dataset.p)`); !slices.Contains(got, "0 1") && !slices.Contains(got, "1 0") {
		t.Errorf("overlapping origins of seed 003: segments %v, want one in passages 0 and 1", got)
	}
	if got := eval[int](t, ctx, `document.querySelectorAll('#pane-b mark').length`); got != 2 {
		t.Errorf("seed 003 repeats: %d highlights on the right, want 2", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#passages tr:last-child button"))); err != nil {
		t.Fatal(err)
	}
	// The jump marks the passage's highlights on both sides, and only them.
	if got := eval[[]int](t, ctx, `['a', 'b'].map(s => [...document.querySelectorAll('#pane-' + s + ' mark.act')].filter(m =>
		m.dataset.p.split(' ').includes(document.querySelector('#passages tr:last-child').dataset.n)).length)`); len(got) != 2 || got[0] == 0 || got[1] == 0 {
		t.Errorf("jump from the passage list: highlights marked active per side %v", got)
	}

	// Filters: without syndicated reuse the 000-001 pair goes from the list
	// and the graph; filtering by seed 003 leaves its own pairs only (its
	// repeats, and the passage it rewords from seed 002).
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[data-kind="0"]`))); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('#pairs a[href="#pair-%d"]').length + document.querySelectorAll('#graph .edges > path:not(.off)').length`, pair)); n != 0 {
		t.Errorf("syndicated pair still listed or drawn with syndicated hidden")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[data-kind="0"]`)), chromedp.Click(chromedp.CSS(`#docs tr[data-d="3"] .art button.doc`))); err != nil {
		t.Fatal(err)
	}
	want := []string{fmt.Sprintf("#pair-%d", self), fmt.Sprintf("#pair-%d", pairIndex(t, r, seed002, seed003))}
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll('#pairs a')].map(a => a.getAttribute('href'))`); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("filtered by seed 003, pairs listed: %v, want %v", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("doc-clear"))); err != nil {
		t.Fatal(err)
	}

	screenshot(t, ctx, pair)

	// A report with nothing reused says so.
	open(t, ctx, writeReport(t, &reprint.Result{Documents: []reprint.Document{{ID: "a", Text: "one"}}}))
	if !eval[bool](t, ctx, `!document.getElementById('view-empty').hidden && document.getElementById('view').hidden`) {
		t.Errorf("empty report does not say there is no pair to show")
	}
	if p := console.problems(); len(p) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p, "\n"))
	}
}

// screenshot saves a picture of the seeds report, the pair of seeds 000 and
// 001 open with their shared sentence lit, to the test's temporary folder
// and, when asked with -screenshot or $REPRINT_SCREENSHOT, to that file.
func screenshot(t *testing.T, ctx context.Context, pair int) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 1160),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#pairs a[href="#pair-%d"]`, pair))),
		// Both passages a few lines down their panes, the page at its top.
		chromedp.Evaluate[chromedp.Void](`for (const s of ['a', 'b']) {
			const pane = document.getElementById('pane-' + s);
			pane.scrollTop = pane.querySelector('mark').offsetTop - 90;
		}
		window.scrollTo(0, 0)`),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot, err = smallPNG(shot)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "html-report.png")
	dest := []string{out}
	if s := cmp.Or(*screenshotFlag, os.Getenv("REPRINT_SCREENSHOT")); s != "" {
		dest = append(dest, s)
	}
	for _, d := range dest {
		if err := os.WriteFile(d, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot (%d bytes): %s", len(shot), strings.Join(dest, ", "))
}

// smallPNG re-encodes a PNG screenshot with a palette of its 256 most
// common colours, every other colour drawn as the nearest of them: a page
// of flat colours and text stays sharp at a fraction of the size, small
// enough to commit.
func smallPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding screenshot: %w", err)
	}
	rgba := func(x, y int) color.RGBA { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) }
	b := img.Bounds()
	counts := make(map[color.RGBA]int)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[rgba(x, y)]++
		}
	}
	type entry struct {
		c color.RGBA
		n int
	}
	var common []entry
	for c, n := range counts {
		common = append(common, entry{c, n})
	}
	key := func(c color.RGBA) uint32 { return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A) }
	slices.SortFunc(common, func(a, b entry) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(key(a.c), key(b.c))) })
	var pal color.Palette
	for _, e := range common[:min(256, len(common))] {
		pal = append(pal, e.c)
	}
	out := image.NewPaletted(b, pal)
	index := make(map[color.RGBA]uint8)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgba(x, y)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("encoding screenshot: %w", err)
	}
	return buf.Bytes(), nil
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestBrowserHostile loads a report of articles written to run script if
// anything reached the page unescaped (in their text, ids and titles) and
// checks that nothing ran, nothing was even attempted (a blocked attempt
// would log a Content-Security-Policy error), and the text shows as text.
func TestBrowserHostile(t *testing.T) {
	findBrowser(t)
	dir := t.TempDir()
	const payload = `Editors note: <script>window.pwned=1</script> <img src=x onerror="window.pwned=1"> </textarea></script> ` +
		`"><svg onload=window.pwned=1> ' onmouseover='window.pwned=1' was added to this wire story by the agency today.`
	for _, name := range []string{seed000, seed001} {
		b, err := os.ReadFile(filepath.Join("../testdata/seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(b, "\n"+payload+"\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An article whose file name and title are markup, copying the payload.
	evil := `002_"><img src=x onerror=window.pwned=1>.txt`
	text := "Title: <img src=x onerror=\"window.pwned=1\"><script>window.pwned=1</script>\n\nA short note.\n\n" + payload + "\n"
	if err := os.WriteFile(filepath.Join(dir, evil), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r := detectIn(t, dir)
	path := writeReport(t, r)
	ctx, console := startBrowser(t)
	open(t, ctx, path)

	// Open every pair, hover and click every highlight.
	n := eval[int](t, ctx, `document.querySelectorAll('#pairs a').length`)
	if n < 3 {
		t.Fatalf("%d pairs listed, want the payload shared by three articles", n)
	}
	shown := eval[bool](t, ctx, `(() => {
		let shown = false;
		for (const a of document.querySelectorAll('#pairs a')) {
			a.click();
			for (const m of document.querySelectorAll('.pane mark')) {
				m.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
				m.click();
			}
			if (document.getElementById('pane-b').textContent.includes('<script>window.pwned=1</script>')) shown = true;
		}
		return shown;
	})()`)
	if !shown {
		t.Errorf("the payload is not shown as text in any pane")
	}
	time.Sleep(300 * time.Millisecond) // give anything injected a moment to run
	if pwned := eval[bool](t, ctx, `window.pwned !== undefined`); pwned {
		t.Errorf("injected script ran")
	}
	if got := eval[[]int](t, ctx, `[document.querySelectorAll('img, iframe, object, embed').length, document.scripts.length,
		document.querySelectorAll('svg').length]`); !slices.Equal(got, []int{0, 3, 1}) {
		t.Errorf("elements [img etc., scripts, svg] = %v, want [0 3 1]", got)
	}
	if !eval[bool](t, ctx, `document.body.textContent.includes('<img src=x onerror=window.pwned=1>.txt')`) {
		t.Errorf("hostile id not shown as text")
	}
	if p := console.problems(); len(p) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserHelsinki loads the report of the 612 Helsinki news articles:
// under 3 MB, with a provenance graph and working side-by-side views. Load
// times are logged (the median of three loads), and fail only far beyond
// the 3 s aimed at, as a shared 2-core test host can be slow at times.
func TestBrowserHelsinki(t *testing.T) {
	findBrowser(t)
	if testing.Short() {
		t.Skip("-short: not loading the Helsinki corpus")
	}
	corpusPath := shareddata.Path(t, "news-helsinki.jsonl.gz")
	r := detectIn(t, corpusPath)
	path := writeReport(t, r)
	size := fileSize(t, path)
	if size >= 3<<20 {
		t.Errorf("Helsinki report is %d bytes, want under 3 MB", size)
	}
	ctx, console := startBrowser(t)
	var runs []pageTimes
	for range 3 {
		runs = append(runs, open(t, ctx, path))
	}
	med := func(f func(pageTimes) float64) float64 {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = f(r)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	ready := med(func(p pageTimes) float64 { return p.Ready })
	t.Logf("Helsinki report: %d articles, %d matches, %d bytes; median of %d loads: DOMContentLoaded %.0f ms, load %.0f ms, ready %.0f ms (all: %+v)",
		len(r.Documents), len(r.Matches), size, len(runs),
		med(func(p pageTimes) float64 { return p.DOMContentLoaded }), med(func(p pageTimes) float64 { return p.Load }), ready, runs)
	if ready > 15000 {
		t.Errorf("Helsinki report took %.0f ms to be ready", ready)
	}
	got := eval[[]int](t, ctx, `[document.querySelectorAll('#graph .n').length, document.querySelectorAll('#pane-a mark').length,
		document.querySelectorAll('#pane-b mark').length, document.querySelectorAll('#docs tbody tr').length]`)
	if got[0] < 100 || got[1] == 0 || got[2] == 0 || got[3] != len(r.Documents) {
		t.Errorf("[graph nodes, left highlights, right highlights, article rows] = %v", got)
	}
	if p := console.problems(); len(p) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p, "\n"))
	}
}
