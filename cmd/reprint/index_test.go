package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/report"
)

// seedFiles returns the seed articles' paths, sorted.
func seedFiles(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(m) != 5 {
		t.Fatalf("seeds: %v %v", m, err)
	}
	slices.Sort(m)
	return m
}

// jsonMatches returns a JSON report's matches that involve one of ids, as
// comparable strings (everything but the group number).
func jsonMatches(t *testing.T, out string, ids ...string) []string {
	t.Helper()
	r, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	var ms []string
	for _, m := range r.Matches {
		if slices.Contains(ids, m.Origin.Doc) || slices.Contains(ids, m.Copy.Doc) {
			m.Group = 0
			b, _ := json.Marshal(m)
			ms = append(ms, string(b))
		}
	}
	slices.Sort(ms)
	return ms
}

func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errs := cli(t, "", args...)
	if code != exitOK {
		t.Fatalf("reprint %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out, errs
}

// TestCheckMatchesReport indexes four seeds, checks the fifth, and wants
// the JSON answer to hold exactly the matches involving it that a report
// over all five holds, in every format.
func TestCheckMatchesReport(t *testing.T) {
	files := seedFiles(t)
	full, _ := mustRun(t, "report", "--format", "json", seeds)
	for i, x := range files {
		idx := filepath.Join(t.TempDir(), "seeds.idx")
		rest := slices.Delete(slices.Clone(files), i, i+1)
		mustRun(t, append([]string{"index", "add", "--quiet", "--index", idx}, rest...)...)
		out, _ := mustRun(t, "check", "--index", idx, "--format", "json", x)
		id := filepath.Base(x)
		if rep, err := report.ReadJSON(strings.NewReader(out)); err != nil || rep.Summary.Index == nil ||
			*rep.Summary.Index != (report.JSONIndexCheck{Checked: 1, Indexed: 4}) {
			t.Errorf("check of %s: summary.index is not {1 checked, 4 indexed} (%v)", id, err)
		}
		if got, want := jsonMatches(t, out, id), jsonMatches(t, full, id); !slices.Equal(got, want) {
			t.Errorf("check of %s:\n got %v\nwant %v", id, got, want)
		}
		for _, f := range []string{"table", "csv", "markdown"} {
			out, errs := mustRun(t, "check", "--index", idx, "--format", f, x)
			if out == "" || (f != "table" && !strings.Contains(errs, "1 article checked against an index of 4 articles, 0 skipped")) {
				t.Errorf("--format %s: stdout %q stderr %q", f, out, errs)
			}
		}
	}
}

func TestIndexLifecycle(t *testing.T) {
	files := seedFiles(t)
	dir := t.TempDir()
	idx := filepath.Join(dir, "seeds.idx")
	_, errs := mustRun(t, "index", "add", "--index", idx, "--batch", "2", files[0], files[1], files[2])
	if !strings.Contains(errs, "batch 2 committed") || !strings.Contains(errs, "now holds 3 articles") {
		t.Errorf("add progress and summary: %s", errs)
	}
	stats := func() indexStatsJSON {
		out, _ := mustRun(t, "index", "stats", "--index", idx, "--verify", "--format", "json")
		var st indexStatsJSON
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := stats(); st.Articles != 3 || !st.Verified || st.SizeBytes == 0 || st.Paragraphs == 0 || st.Format != index.FormatVersion || st.Params.Shingle != 5 ||
		st.StemPostings == 0 || st.StemPostings >= st.ShinglePostings {
		t.Errorf("stats after adding 3: %+v", st)
	}
	out, _ := mustRun(t, "index", "stats", "--index", idx)
	for _, want := range []string{"articles      3", fmt.Sprintf("format        version %d", index.FormatVersion), "bytes per paragraph",
		" content word", "--shingle 5 --permutations 64 --seed 1 --threshold 0.5 (14 bands of 4 rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats text lacks %q:\n%s", want, out)
		}
	}

	// Re-adding skips; --replace replaces.
	_, errs = mustRun(t, "index", "add", "--index", idx, files[1], files[3])
	if !strings.Contains(errs, `skipped "001_acddd21a56688a3f.txt": already in the index`) || !strings.Contains(errs, "1 added, 0 replaced, 1 skipped") {
		t.Errorf("re-add: %s", errs)
	}
	_, errs = mustRun(t, "index", "add", "--index", idx, "--replace", files[1])
	if !strings.Contains(errs, "0 added, 1 replaced, 0 skipped") {
		t.Errorf("replace: %s", errs)
	}
	if st := stats(); st.Articles != 4 {
		t.Errorf("%d articles, want 4", st.Articles)
	}

	// check --add adds the checked article in the same run.
	full, _ := mustRun(t, "report", "--format", "json", seeds)
	out, errs = mustRun(t, "check", "--index", idx, "--add", "--format", "json", files[4])
	if !strings.Contains(errs, "1 added to") {
		t.Errorf("check --add: %s", errs)
	}
	id4 := filepath.Base(files[4])
	if got, want := jsonMatches(t, out, id4), jsonMatches(t, full, id4); !slices.Equal(got, want) {
		t.Errorf("check --add:\n got %v\nwant %v", got, want)
	}
	if st := stats(); st.Articles != 5 {
		t.Errorf("%d articles after check --add, want 5", st.Articles)
	}
	// Checking an indexed article again takes it as replaced by itself.
	again, _ := mustRun(t, "check", "--index", idx, "--format", "json", files[4])
	if got, want := jsonMatches(t, again, id4), jsonMatches(t, full, id4); !slices.Equal(got, want) {
		t.Errorf("check of an indexed article:\n got %v\nwant %v", got, want)
	}

	// Remove takes an article and its postings out.
	id0 := filepath.Base(files[0])
	_, errs = mustRun(t, "index", "remove", "--index", idx, id0, "nope")
	if !strings.Contains(errs, `"nope" is not in the index`) || !strings.Contains(errs, "removed 1 of 2") {
		t.Errorf("remove: %s", errs)
	}
	if st := stats(); st.Articles != 4 {
		t.Errorf("%d articles after remove, want 4", st.Articles)
	}
	out, _ = mustRun(t, "check", "--index", idx, "--format", "json", files[1])
	if strings.Contains(out, id0) {
		t.Errorf("a removed article still appears in a check:\n%s", out)
	}
}

func TestCheckDeterministic(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "seeds.idx")
	files := seedFiles(t)
	mustRun(t, append([]string{"index", "add", "--quiet", "--index", idx}, files[:3]...)...)
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	one, _ := mustRun(t, "check", "--index", idx, "--format", "json", files[3], files[4], files[0])
	runtime.GOMAXPROCS(max(2, prev))
	two, _ := mustRun(t, "check", "--index", idx, "--format", "json", "--workers", "7", files[3], files[4], files[0])
	if one != two {
		t.Error("check output on one core differs from output on several")
	}
}

func TestIndexErrors(t *testing.T) {
	files := seedFiles(t)
	dir := t.TempDir()
	idx := filepath.Join(dir, "seeds.idx")
	mustRun(t, "index", "add", "--quiet", "--index", idx, files[0], files[1])
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.idx", nil)
	text := write("text.idx", []byte("not an index at all\n"))
	random := make([]byte, 20000)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	junk := write("junk.idx", random)
	good, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	truncated := write("truncated.idx", good[:16384]) // the data reaches further
	absent := filepath.Join(dir, "absent.idx")
	tests := []struct {
		name     string
		args     []string
		code     int
		stderrIn string
	}{
		{"index without subcommand", []string{"index"}, exitUsage, "want a subcommand"},
		{"unknown subcommand", []string{"index", "frob"}, exitUsage, "unknown subcommand"},
		{"add without --index", []string{"index", "add", files[2]}, exitUsage, "no --index"},
		{"add without input", []string{"index", "add", "--index", idx}, exitUsage, "no INPUT"},
		{"check without --index", []string{"check", files[2]}, exitUsage, "no --index"},
		{"check of a missing index", []string{"check", "--index", absent, files[2]}, exitUsage, "no index at " + absent},
		{"stats of a missing index", []string{"index", "stats", "--index", absent}, exitUsage, "no index at"},
		{"zero-length file", []string{"check", "--index", empty, files[2]}, exitUsage, "empty file"},
		{"text file", []string{"check", "--index", text, files[2]}, exitUsage, "not a reprint index"},
		{"random bytes", []string{"index", "stats", "--index", junk}, exitUsage, "not a reprint index"},
		{"random bytes, adding", []string{"index", "add", "--index", junk, files[2]}, exitUsage, "not a reprint index"},
		{"truncated index", []string{"check", "--index", truncated, files[2]}, exitUsage, "truncated"},
		{"conflicting shingle", []string{"index", "add", "--index", idx, "--shingle", "4", files[2]}, exitUsage, "--shingle 4 conflicts with the index, which was built with --shingle 5"},
		{"conflicting threshold", []string{"check", "--index", idx, "--threshold", "0.6", files[2]}, exitUsage, "--threshold 0.6 conflicts with the index, which was built with --threshold 0.5"},
		{"conflicting seed", []string{"check", "--index", idx, "--seed", "2", files[2]}, exitUsage, "--seed 2 conflicts"},
		{"same value is no conflict", []string{"check", "--index", idx, "--threshold", "0.50", "--shingle", "5", files[2]}, exitOK, ""},
		{"replace without add", []string{"check", "--index", idx, "--replace", files[2]}, exitUsage, "--replace needs --add"},
		{"bad batch", []string{"index", "add", "--index", idx, "--batch", "0", files[2]}, exitUsage, "--batch"},
		{"remove without ids", []string{"index", "remove", "--index", idx}, exitUsage, "no ID"},
		{"fail on reuse", []string{"check", "--index", idx, "--fail-on-reuse", files[0]}, exitReuse, ""},
		{"help", []string{"help", "index"}, exitOK, ""},
		{"help check", []string{"help", "check"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := wantExit(t, tt.args, tt.code, tt.stderrIn)
			if strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine") {
				t.Errorf("stderr shows a crash: %s", errs)
			}
		})
	}
	if _, err := os.Stat(absent); err == nil {
		t.Error("a check created the missing index")
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Error("a failed command wrote into the zero-length file")
	}
}

// TestSecondWriter holds the index open for writing and wants another
// writer to wait for its lock timeout and fail with exit status 3, naming
// the index, while a reader goes on.
func TestSecondWriter(t *testing.T) {
	files := seedFiles(t)
	idx := filepath.Join(t.TempDir(), "seeds.idx")
	mustRun(t, "index", "add", "--quiet", "--index", idx, files[0], files[1])
	w, err := index.OpenBolt(idx, index.BoltOptions{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	start := time.Now()
	for _, args := range [][]string{
		{"index", "add", "--index", idx, "--lock-timeout", "300ms", files[2]},
		{"check", "--add", "--index", idx, "--lock-timeout", "300ms", files[2]},
		{"index", "remove", "--index", idx, "--lock-timeout", "300ms", "x"},
	} {
		code, _, errs := cli(t, "", args...)
		if code != exitFail || !strings.Contains(errs, "is locked by another writer") || !strings.Contains(errs, idx) {
			t.Errorf("%v: exit %d, stderr %q; want 3 and a message naming the lock on %s", args, code, errs, idx)
		}
	}
	if time.Since(start) < 900*time.Millisecond {
		t.Errorf("the second writers gave up after %v, before their timeouts", time.Since(start))
	}
	mustRun(t, "check", "--index", idx, files[2])
	mustRun(t, "index", "stats", "--index", idx)
}

// TestInterrupt cancels an add after its second batch: the batches
// committed stay, the run fails with exit status 3.
func TestInterrupt(t *testing.T) {
	corpusPath := writeCorpus(t, 60, 1)
	idx := filepath.Join(t.TempDir(), "c.idx")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &watchWriter{on: "batch 2 committed", do: cancel}
	code := run(ctx, []string{"index", "add", "--index", idx, "--batch", "10", corpusPath}, strings.NewReader(""), io.Discard, stderr)
	if code != exitFail || !strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("exit %d, stderr %s; want 3, interrupted", code, stderr)
	}
	n := verifyIndex(t, idx)
	if n < 20 || n%10 != 0 || n == 60 {
		t.Errorf("%d articles after interrupting at batch 2, want a whole number of 10-article batches, at least 2, fewer than all", n)
	}
}

type watchWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	on   string
	do   func()
	done bool
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.done && strings.Contains(w.buf.String(), w.on) {
		w.done = true
		w.do()
	}
	return len(p), nil
}

func (w *watchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// writeCorpus writes n generated articles as JSONL: dated, of a few
// sources, sharing passages, about 350 words each.
func writeCorpus(t *testing.T, n int, seed uint64) string {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 99))
	vocab := strings.Fields("the a of to in said minister on for it with market oil price was at by rose fell shares bank government talks year week company officials reported agreed plan")
	sentence := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = vocab[r.IntN(len(vocab))] + strconv.Itoa(r.IntN(50))
		}
		return strings.Join(w, " ") + "."
	}
	shared := make([]string, 40)
	for i := range shared {
		shared[i] = sentence(20)
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		var paras []string
		for p := range 8 {
			if p%3 == 1 {
				paras = append(paras, shared[r.IntN(len(shared))])
			} else {
				paras = append(paras, sentence(40))
			}
		}
		doc := map[string]string{
			"id":     fmt.Sprintf("gen%d-%06d", seed, i),
			"date":   base.Add(time.Duration(r.IntN(1e6)) * time.Second).Format(time.RFC3339),
			"source": []string{"Wire", "Gazette", "Herald"}[i%3],
			"text":   strings.Join(paras, "\n\n"),
		}
		b, _ := json.Marshal(doc)
		bw.Write(append(b, '\n'))
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// verifyIndex opens an index, checks its integrity (bbolt's page checks
// and every article's postings) and returns how many articles it holds.
func verifyIndex(t *testing.T, path string) int {
	t.Helper()
	b, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: true, LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("open after the run: %v", err)
	}
	defer b.Close()
	if err := b.Verify(context.Background()); err != nil {
		t.Fatalf("integrity: %v", err)
	}
	var n int
	err = b.View(context.Background(), func(r index.Reader) error {
		st, err := r.Stats()
		n = st.Articles
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// heldIDs returns the ids an index holds, sorted.
func heldIDs(t *testing.T, path string) []string {
	t.Helper()
	b, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var ids []string
	err = b.View(context.Background(), func(r index.Reader) error {
		return r.IDs(func(id string, _ index.DocNum) bool { ids = append(ids, id); return true })
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// buildBinary builds reprint into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "reprint")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var committed = regexp.MustCompile(`batch (\d+) committed: (\d+) of`)

// startAdd starts "reprint index add" as a process and returns it with a
// channel of the article counts its progress lines report committed.
func startAdd(t *testing.T, bin, idx, corpusPath string, batch int) (*exec.Cmd, <-chan int) {
	t.Helper()
	cmd := exec.Command(bin, "index", "add", "--index", idx, "--batch", strconv.Itoa(batch), corpusPath)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	counts := make(chan int, 1000)
	go func() {
		defer close(counts)
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			if m := committed.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[2])
				counts <- n
			}
		}
	}()
	return cmd, counts
}

// TestKillDuringAdd kills "reprint index add" with SIGKILL at several
// moments after it has committed batches, and wants an index that opens,
// passes the integrity checks, and holds exactly whole batches, at least
// the ones reported committed, in input order. Adding again completes it.
func TestKillDuringAdd(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	bin := buildBinary(t)
	const n, batch = 2000, 100
	corpusPath := writeCorpus(t, n, 2)
	var all []string
	for i := range n {
		all = append(all, fmt.Sprintf("gen2-%06d", i))
	}
	for round, after := range []int{1, 2, 5} {
		idx := filepath.Join(t.TempDir(), "kill.idx")
		cmd, counts := startAdd(t, bin, idx, corpusPath, batch)
		seen, reported := 0, 0
		for c := range counts {
			seen++
			reported = c
			if seen == after {
				break
			}
		}
		// Kill at a moment between progress lines: while the next batch's
		// features are computed or its transaction written.
		time.Sleep(time.Duration(round*37) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		for range counts {
		}
		if reported == 0 {
			t.Fatalf("round %d: the add finished or failed before committing a batch: %v", round, err)
		}
		if err == nil {
			t.Logf("round %d: the add finished before the kill", round)
		}
		held := verifyIndex(t, idx)
		if held%batch != 0 && held != n {
			t.Errorf("round %d: %d articles held, not a whole number of %d-article batches", round, held, batch)
		}
		if held < reported {
			t.Errorf("round %d: %d articles held, but %d were reported committed", round, held, reported)
		}
		if ids := heldIDs(t, idx); !slices.Equal(ids, all[:held]) {
			t.Errorf("round %d: the index does not hold the first %d articles of the input", round, held)
		}
		t.Logf("round %d: killed after %d reported, %d held", round, reported, held)
		if round == 0 {
			out, err := exec.Command(bin, "index", "add", "--index", idx, "--quiet", corpusPath).CombinedOutput()
			if err != nil {
				t.Fatalf("adding again after the kill: %v\n%s", err, out)
			}
			if got := verifyIndex(t, idx); got != n {
				t.Errorf("after adding again: %d articles, want %d", got, n)
			}
		}
	}
}

// TestReadWhileWriting runs checks while another process adds to the
// index: every check succeeds (waiting at most for the batch being
// committed), and a second writer fails on the lock.
func TestReadWhileWriting(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	bin := buildBinary(t)
	const n = 2000
	corpusPath := writeCorpus(t, n, 3)
	idx := filepath.Join(t.TempDir(), "rw.idx")
	cmd, counts := startAdd(t, bin, idx, corpusPath, 40)
	defer cmd.Process.Kill()
	if _, ok := <-counts; !ok {
		t.Fatal("the add committed nothing")
	}
	// A second writer waits for its lock and gives up.
	news := writeCorpus(t, 3, 4)
	code, _, errs := cli(t, "", "index", "add", "--index", idx, "--lock-timeout", "200ms", news)
	if code != exitFail || !strings.Contains(errs, "locked by another writer") {
		t.Errorf("a second writer during the add: exit %d, %s", code, errs)
	}
	// Readers run between the writer's batches: a check that ends while
	// the index holds fewer than all the articles ran during the add.
	held := func() int {
		out, _ := mustRun(t, "index", "stats", "--index", idx, "--format", "json", "--lock-timeout", "20s")
		var st indexStatsJSON
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		return st.Articles
	}
	checks, during := 0, 0
	for held() < n {
		code, out, errs := cli(t, "", "check", "--index", idx, "--format", "json", "--lock-timeout", "20s", news)
		if code != exitOK || !strings.Contains(out, `"schema": "reprint/report/v1"`) {
			t.Fatalf("check during the add: exit %d: %s", code, errs)
		}
		checks++
		if held() < n {
			during++
		}
		time.Sleep(20 * time.Millisecond)
	}
	for range counts {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the add: %v", err)
	}
	if during < 3 {
		t.Errorf("only %d of %d checks ran while the add was still committing", during, checks)
	}
	if got := verifyIndex(t, idx); got != n {
		t.Errorf("%d articles, want %d", got, n)
	}
}

// TestFileSizeLimit runs an add whose index cannot grow past a file size
// limit (as on a full disk): a clear error, exit status 3, and the batches
// committed before it intact.
func TestFileSizeLimit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses ulimit -f")
	}
	bin := buildBinary(t)
	corpusPath := writeCorpus(t, 1500, 5)
	idx := filepath.Join(t.TempDir(), "full.idx")
	// dash counts ulimit -f in 512-byte blocks: 6 MB.
	cmd := exec.Command("/bin/sh", "-c", `ulimit -f 12000 && exec "$0" index add --index "$1" --batch 100 "$2"`, bin, idx, corpusPath)
	out, err := cmd.CombinedOutput()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if err == nil {
		t.Skipf("the add fit under the limit:\n%s", out)
	}
	if code != exitFail || !strings.Contains(string(out), "file too large") || !strings.Contains(string(out), idx) {
		t.Errorf("exit %d, output:\n%s\nwant exit 3 and an error naming the index and the cause", code, out)
	}
	held := verifyIndex(t, idx)
	if held == 0 || held%100 != 0 {
		t.Errorf("%d articles held after the failed add, want whole batches", held)
	}
	if m := committed.FindAllStringSubmatch(string(out), -1); len(m) > 0 {
		if last, _ := strconv.Atoi(m[len(m)-1][2]); held < last {
			t.Errorf("%d articles held, but %d were reported committed", held, last)
		}
	}
}
