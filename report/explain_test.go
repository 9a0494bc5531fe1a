package report_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/report"
)

// explainedSample is sample with an explanation on every match, and an id
// with characters every format must escape.
func explainedSample(t testing.TB) *reprint.Result {
	t.Helper()
	r := sample(t)
	r.Documents[2].ID = "002_<b>|*blog*</b>.txt"
	for i := range r.Matches {
		m := &r.Matches[i]
		x := &reprint.Explanation{
			SharedShingles: 13, OriginShingles: 13, CopyShingles: 13 + i,
			Jaccard: m.Jaccard, OriginInCopy: m.Containment, CopyInOrigin: 13.0 / float64(13+i),
			EstimatedJaccard: 0.984375, ShingleSeeds: 13 - i, PairShingleSeeds: 20,
			Routes: []reprint.Route{reprint.ShingleRoute},
			Paragraphs: []reprint.ParagraphPair{
				{Origin: 1, Copy: 2, SharedShingles: 13, Jaccard: 0.8125, EstimatedJaccard: 0.796875,
					OriginSigned: true, CopySigned: true, Bands: []int{0, 1, 2, 5, 7, 8}, Linked: i == 1},
				{Origin: 1, Copy: 3, SharedShingles: 1, Jaccard: 0.05, EstimatedJaccard: 0.03125, OriginSigned: true},
			},
		}
		switch i {
		case 0:
			x.Routes = append(x.Routes, reprint.SentenceRoute)
		case 1:
			x.Routes = append(x.Routes, reprint.LSHRoute)
		case 2:
			x.Routes, x.ShingleSeeds = nil, 0 // no seed of its own
			x.Paragraphs = nil
		}
		m.Explain = x
	}
	return r
}

var explainGoldens = map[report.Format]string{
	report.Table:    "sample-explain.table.golden",
	report.JSON:     "sample-explain.json.golden",
	report.CSV:      "sample-explain.csv.golden",
	report.Markdown: "sample-explain.md.golden",
}

func TestExplainGolden(t *testing.T) {
	for f, name := range explainGoldens {
		t.Run(string(f), func(t *testing.T) {
			checkGolden(t, name, render(t, f, explainedSample(t)))
		})
	}
}

// TestExplainOnlyWhenPresent: no format says anything about explanations
// for a result that carries none.
func TestExplainOnlyWhenPresent(t *testing.T) {
	marks := map[report.Format]string{
		report.Table: "how found", report.JSON: `"explain"`, report.CSV: "shared_shingles",
		report.Markdown: "How matches were found", report.HTML: `id="explain"`,
	}
	for _, f := range report.Formats() {
		if out := render(t, f, sample(t)); bytes.Contains(out, []byte(marks[f])) {
			t.Errorf("%s: %q in a report without explanations", f, marks[f])
		}
		if out := render(t, f, explainedSample(t)); !bytes.Contains(out, []byte(marks[f])) {
			t.Errorf("%s: no %q in a report with explanations", f, marks[f])
		}
	}
}

func TestExplainJSON(t *testing.T) {
	r := explainedSample(t)
	out := render(t, report.JSON, r)
	rep, err := report.ReadJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	x := rep.Matches[1].Explain
	if x == nil {
		t.Fatal("match 1 has no explain")
	}
	if x.SharedShingles != 13 || x.CopyShingles != 14 || x.CopyInOrigin != 0.9286 || x.OriginInCopy != 0.9123 ||
		x.EstimatedJaccard != 0.9844 || x.ShingleSeeds != 12 || x.PairShingleSeeds != 20 {
		t.Errorf("explain %+v", x)
	}
	if !slices.Equal(x.FoundBy, []string{"shingles", "lsh"}) {
		t.Errorf("found_by %v", x.FoundBy)
	}
	if len(x.Paragraphs) != 2 || !slices.Equal(x.Paragraphs[0].Bands, []int{0, 1, 2, 5, 7, 8}) || !x.Paragraphs[0].Linked ||
		x.Paragraphs[0].Jaccard != 0.8125 || x.Paragraphs[1].Bands == nil {
		t.Errorf("paragraphs %+v", x.Paragraphs)
	}
	// Arrays are never null, even in a match found by no route.
	if bytes.Contains(out, []byte("null,")) && !bytes.Contains(out, []byte(`"date": null,`)) {
		t.Errorf("a null array in:\n%s", out)
	}
	if y := rep.Matches[2].Explain; y.FoundBy == nil || y.Paragraphs == nil {
		t.Errorf("match 2: found_by %v, paragraphs %v; want [] for both", y.FoundBy, y.Paragraphs)
	}
}

func TestExplainCSV(t *testing.T) {
	for _, explained := range []bool{false, true} {
		r := sample(t)
		if explained {
			r = explainedSample(t)
		}
		rows, err := csv.NewReader(bytes.NewReader(render(t, report.CSV, r))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := 13
		if explained {
			want = 23
		}
		for i, row := range rows {
			if len(row) != want {
				t.Fatalf("explained %v: row %d has %d columns, want %d", explained, i, len(row), want)
			}
		}
		if !explained {
			continue
		}
		if rows[0][13] != "shared_shingles" || rows[0][22] != "lsh_bands" {
			t.Errorf("header %v", rows[0])
		}
		if got := rows[2][21:]; got[0] != "shingles+lsh" || got[1] != "1/2:0-2,5,7-8*" {
			t.Errorf("match 1: found_by and lsh_bands %q", got)
		}
		if got := rows[1][21]; got != "shingles+sentences" {
			t.Errorf("match 0: found_by %q, want shingles+sentences", got)
		}
		if got := rows[3][21]; got != "-" {
			t.Errorf("match 2: found_by %q, want -", got)
		}
	}
}

func TestExplainEscaped(t *testing.T) {
	r := explainedSample(t)
	html := string(render(t, report.HTML, r))
	sec := html[strings.Index(html, `id="explain"`):]
	sec = sec[:strings.Index(sec, "</section>")]
	if strings.Contains(sec, "<b>") || !strings.Contains(sec, "002_&lt;b&gt;|*blog*&lt;/b&gt;.txt") {
		t.Errorf("the id is not escaped in the HTML explanation:\n%s", sec)
	}
	if !strings.Contains(sec, "¶1→¶2 bands 0-2,5,7-8 (linked)") {
		t.Errorf("no band list in:\n%s", sec)
	}
	md := string(render(t, report.Markdown, r))
	if !strings.Contains(md, `002\_&lt;b&gt;\|\*blog\*&lt;/b&gt;.txt`) {
		t.Errorf("the id is not escaped in the Markdown explanation:\n%s", md)
	}
}

// TestBrowserExplain opens a page with explanations, one of its article
// ids markup, and wants the explanation table shown, the markup as text,
// nothing injected and nothing on the console (the page's CSP reports
// refused styles and scripts there).
func TestBrowserExplain(t *testing.T) {
	findBrowser(t)
	r := explainedSample(t)
	r.Documents[3].ID = `003_"><img src=x onerror=window.pwned=1>.txt`
	path := writeReport(t, r)
	ctx, console := startBrowser(t)
	open(t, ctx, path)
	if n := eval[int](t, ctx, `document.querySelectorAll('#explain tbody tr').length`); n != len(r.Matches) {
		t.Errorf("%d rows in the explanation table, want %d", n, len(r.Matches))
	}
	if !eval[bool](t, ctx, `document.getElementById('explain').textContent.includes('<img src=x onerror=window.pwned=1>.txt')`) {
		t.Errorf("hostile id not shown as text in the explanation table")
	}
	if got := eval[int](t, ctx, `document.querySelectorAll('img, #explain b').length`); got != 0 {
		t.Errorf("%d elements injected", got)
	}
	if eval[bool](t, ctx, `window.pwned !== undefined`) {
		t.Errorf("injected script ran")
	}
	if p := console.problems(); len(p) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p, "\n"))
	}
}
