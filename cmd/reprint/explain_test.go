package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/report"
)

// TestGoldenSeedsExplain pins report --explain on the seeds.
func TestGoldenSeedsExplain(t *testing.T) {
	out, _ := mustRun(t, "report", "--explain", "--format", "json", seeds)
	golden(t, "seeds-explain.json", []byte(out))
}

// TestExplainFlag: every match of report --explain carries an
// explanation, and a report without the flag has no "explain" key at all.
func TestExplainFlag(t *testing.T) {
	plain, _ := mustRun(t, "report", "--format", "json", seeds)
	if strings.Contains(plain, `"explain"`) {
		t.Error(`a report without --explain has an "explain" key`)
	}
	r := seedReport(t, "--explain", seeds)
	if len(r.Matches) == 0 {
		t.Fatal("no matches")
	}
	for i, m := range r.Matches {
		if m.Explain == nil {
			t.Fatalf("match %d has no explanation", i)
		}
		if m.Explain.Jaccard != m.Jaccard || max(m.Explain.OriginInCopy, m.Explain.CopyInOrigin) != m.Containment {
			t.Errorf("match %d: explanation %+v does not agree with jaccard %v, containment %v", i, m.Explain, m.Jaccard, m.Containment)
		}
	}
}

// TestCheckExplainMatchesReport indexes four seeds, checks the fifth with
// --explain, and wants the matches involving it, explanations and all, to
// be those of report --explain over all five.
func TestCheckExplainMatchesReport(t *testing.T) {
	files := seedFiles(t)
	full, _ := mustRun(t, "report", "--explain", "--format", "json", seeds)
	explained := 0
	for i, x := range files {
		idx := filepath.Join(t.TempDir(), "seeds.idx")
		rest := slices.Delete(slices.Clone(files), i, i+1)
		mustRun(t, append([]string{"index", "add", "--quiet", "--index", idx}, rest...)...)
		out, _ := mustRun(t, "check", "--explain", "--index", idx, "--format", "json", x)
		id := filepath.Base(x)
		got, want := jsonMatches(t, out, id), jsonMatches(t, full, id)
		if !slices.Equal(got, want) {
			t.Errorf("check --explain of %s:\n%s\nreport --explain:\n%s", id, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		r, err := report.ReadJSON(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range r.Matches {
			if m.Explain == nil {
				t.Errorf("check --explain of %s: a match without an explanation", id)
			}
			explained++
		}
	}
	if explained == 0 {
		t.Error("no match checked")
	}
}
