package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/internal/testfiles"
	"github.com/reprint-tool/reprint/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

const seeds = "../../testdata/seeds"

// cli runs the CLI in-process and returns its exit status and output.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testfiles.Golden(t, filepath.Join("../../testdata/golden", name), got, *update, "make golden")
}

func TestGoldenSeeds(t *testing.T) {
	for _, f := range []string{"table", "json", "csv", "markdown", "html"} {
		t.Run(f, func(t *testing.T) {
			code, out, errs := cli(t, "", "report", "--format", f, seeds)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, "seeds."+f, []byte(out))
		})
	}
}

// The README shows the seed report between demo markers; it must be what
// the command prints (the table golden), so the README stays true.
func TestREADMEShowsTheSeedReport(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start = "<!-- demo:begin -->\n```\n$ reprint report testdata/seeds\n"
	const end = "```\n<!-- demo:end -->"
	_, rest, ok := strings.Cut(string(readme), start)
	shown, _, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatalf("README.md has no demo block (%q ... %q)", start, end)
	}
	_, out, _ := cli(t, "", "report", seeds)
	if shown != out {
		t.Errorf("README.md's demo block is not what \"reprint report testdata/seeds\" prints; paste testdata/golden/seeds.table into it:\n%s", out)
	}
}

// seedReport runs the JSON report on the seeds and parses it.
func seedReport(t *testing.T, args ...string) *report.JSONReport {
	t.Helper()
	code, out, errs := cli(t, "", append([]string{"report", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSeedsFindings checks the reuse the seeds are known to hold.
func TestSeedsFindings(t *testing.T) {
	r := seedReport(t, seeds)
	texts := map[string]string{}
	for _, d := range r.Documents {
		b, err := os.ReadFile(filepath.Join(seeds, d.ID))
		if err != nil {
			t.Fatal(err)
		}
		texts[d.ID] = string(b)
	}
	find := func(kind, originDoc, copyDoc, originHas, copyHas string) bool {
		for _, m := range r.Matches {
			if (kind == "" || m.Kind == kind) && strings.HasPrefix(m.Origin.Doc, originDoc) && strings.HasPrefix(m.Copy.Doc, copyDoc) &&
				strings.Contains(m.Origin.Text, originHas) && strings.Contains(m.Copy.Text, copyHas) {
				return true
			}
		}
		return false
	}
	// Offsets point at exactly the text reported.
	for i, m := range r.Matches {
		for _, ep := range []report.JSONEndpoint{m.Origin, m.Copy} {
			if got := texts[ep.Doc][ep.Start:ep.End]; got != ep.Text {
				t.Errorf("match %d: %s[%d:%d] = %q, report says %q", i, ep.Doc, ep.Start, ep.End, got, ep.Text)
			}
		}
	}
	cases := []struct {
		name                                   string
		kind, origin, copy, originHas, copyHas string
	}{
		{"White House sentence shared by 000 and 001", "", "000", "001",
			`The White House said the final area held by ISIS has been "eliminated"`, `The White House said the final area held by ISIS has been "eliminated"`},
		{"caliphate line repeated with one word changed inside 000", "internal", "000", "000",
			"caliphate which at its height stretched across large swathes of Syria and Iraq", "caliphate, which at its height stretched across large parts of Syria and Iraq"},
		{"standfirst repeated inside 000", "internal", "000", "000",
			"The jihadis have been cleared out of their final territory", "The jihadis have been cleared out of their final territory"},
	}
	for _, c := range cases {
		if !find(c.kind, c.origin, c.copy, c.originHas, c.copyHas) {
			t.Errorf("not found: %s", c.name)
		}
	}
	for _, m := range r.Matches {
		if m.Dated {
			t.Errorf("seeds are undated, but a match says dated=true: %+v", m)
		}
		if m.Words < r.Params.MinWords {
			t.Errorf("match of %d words is under min_words %d", m.Words, r.Params.MinWords)
		}
	}
}

// TestDeterministicAcrossCores runs the same report on one core and on
// several and wants byte-identical output.
func TestDeterministicAcrossCores(t *testing.T) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	_, one, _ := cli(t, "", "report", "--format", "json", seeds)
	runtime.GOMAXPROCS(max(2, prev))
	_, two, _ := cli(t, "", "report", "--format", "json", "--workers", "7", seeds)
	if one != two {
		t.Error("output on one core differs from output on several")
	}
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.jsonl", "{\"id\":\"a\",\"text\":\"fine\"}\n{not json\n")
	dup := write("dup.jsonl", "{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"a\",\"text\":\"two\"}\n")
	nul := write("nul.txt", "binary\x00data")
	tests := []struct {
		name     string
		args     []string
		code     int
		stderrIn string
	}{
		{"no command", nil, exitUsage, "Usage"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"no path", []string{"report"}, exitUsage, "no PATH"},
		{"bad flag", []string{"report", "--nope", seeds}, exitUsage, "flag provided but not defined"},
		{"bad format", []string{"report", "--format", "pdf", seeds}, exitUsage, "pdf"},
		{"bad threshold", []string{"report", "--threshold", "1.5", seeds}, exitUsage, "threshold"},
		{"missing path", []string{"report", filepath.Join(dir, "absent")}, exitUsage, "absent"},
		{"malformed jsonl names file and line", []string{"report", bad}, exitUsage, "bad.jsonl:2"},
		{"duplicate id", []string{"report", dup}, exitUsage, "dup.jsonl:2"},
		{"skip-bad goes on", []string{"report", "--skip-bad", bad}, exitOK, "bad.jsonl:2"},
		{"nul file skipped with a warning", []string{"report", nul, seeds}, exitOK, "nul.txt"},
		{"summary on stderr for json", []string{"report", "--format", "json", seeds}, exitOK, "5 articles read, 0 skipped; 7 matches in 6 passages"},
		{"unknown format named once", []string{"report", "--format", "bogus", seeds}, exitUsage, "reprint: report: unknown format \"bogus\" (valid formats: table, json, csv, markdown, html)"},
		{"fail on reuse", []string{"report", "--fail-on-reuse", seeds}, exitReuse, ""},
		{"help", []string{"help", "report"}, exitOK, ""},
		{"flags after paths", []string{"report", seeds, "--format", "csv"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantExit(t, tt.args, tt.code, tt.stderrIn) })
	}
}

// wantExit runs the command with args and wants exit status code and a
// standard error that mentions stderrIn; it returns the standard error.
func wantExit(t *testing.T, args []string, code int, stderrIn string) string {
	t.Helper()
	got, _, errs := cli(t, "", args...)
	if got != code {
		t.Errorf("exit %d, want %d; stderr: %s", got, code, errs)
	}
	if !strings.Contains(errs, stderrIn) {
		t.Errorf("stderr %q does not mention %q", errs, stderrIn)
	}
	return errs
}

func TestStdinAndOut(t *testing.T) {
	in := `{"id":"x","date":"2019-03-01","text":"The White House said the final area held by ISIS has been eliminated today."}
{"id":"y","date":"2019-03-02","text":"Officials added that the White House said the final area held by ISIS has been eliminated on Saturday."}
`
	out := filepath.Join(t.TempDir(), "r.json")
	code, stdout, errs := cli(t, in, "report", "--format", "json", "--out", out, "-")
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r report.JSONReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Matches) != 1 {
		t.Fatalf("got %d matches, want 1", len(r.Matches))
	}
	m := r.Matches[0]
	if m.Origin.Doc != "x" || m.Copy.Doc != "y" || !m.Dated {
		t.Errorf("origin %s copy %s dated %v; want the earlier-dated x as origin of y, dated", m.Origin.Doc, m.Copy.Doc, m.Dated)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the report: %v", entries)
	}
}

// --fail-on-reuse fails on wording one article drew from another, not on a
// stock phrase or furniture two articles share, nor on repetition inside one.
func TestCrossReuse(t *testing.T) {
	m := func(o, c int, k reprint.Kind) reprint.Match {
		return reprint.Match{Kind: k, Origin: reprint.Endpoint{Doc: o}, Copy: reprint.Endpoint{Doc: c}}
	}
	for _, tt := range []struct {
		name string
		ms   []reprint.Match
		want bool
	}{
		{"syndicated", []reprint.Match{m(0, 1, reprint.Syndicated)}, true},
		{"quote", []reprint.Match{m(0, 1, reprint.Quote)}, true},
		{"phrase and boilerplate only", []reprint.Match{m(0, 1, reprint.Phrase), m(0, 1, reprint.Boilerplate)}, false},
		{"internal only", []reprint.Match{m(1, 1, reprint.Internal)}, false},
		{"a phrase, then wire copy", []reprint.Match{m(0, 1, reprint.Phrase), m(1, 2, reprint.Syndicated)}, true},
	} {
		if got := crossReuse(&reprint.Result{Matches: tt.ms}); got != tt.want {
			t.Errorf("%s: crossReuse = %v, want %v", tt.name, got, tt.want)
		}
	}
}
