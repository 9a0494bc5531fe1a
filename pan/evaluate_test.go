package pan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/internal/shareddata"
	"github.com/reprint-tool/reprint/pan"
)

// The copied passage holds characters of two, three and four bytes, and the
// texts before it differ in how many bytes their characters take, so a
// detection in bytes, or converted wrongly, points elsewhere.
const (
	passage  = "Zoë said „hi“ — 😀 done, and then the whole crowded café fell silent while the old clock ticked on the wall."
	srcHead  = "Ärger über Öl: ½ of the naïve résumés were lost. "
	srcTail  = " Nothing else here matches, truly nothing at all."
	suspHead = "Preface with 日本語 text and emoji 🎉🎉 first. Unrelated words follow here now.\n\n"
	suspTail = "\n\nThe end of the suspicious document is also quite different."
)

// utf8Corpus is a corpus with one copied pair and one unrelated pair.
func utf8Corpus() map[string]string {
	chars := utf8.RuneCountInString
	return map[string]string{
		"src/" + src1:             srcHead + passage + srcTail,
		"src/" + src2:             "Entirely unrelated prose about gardening, soil and the weather in spring.",
		"susp/" + susp1:           suspHead + passage + suspTail,
		"susp/" + susp2:           "A distinct suspicious document that talks about trains and timetables only.",
		"pairs":                   susp1 + " " + src1 + "\n" + susp2 + " " + src2 + "\n",
		"01-no-plagiarism/pairs":  susp2 + " " + src2 + "\n",
		"02-no-obfuscation/pairs": susp1 + " " + src1 + "\n",
		"02-no-obfuscation/suspicious-document00001-source-document00001.xml": fmt.Sprintf(`<document reference="%s">
<feature name="plagiarism" obfuscation="none" this_offset="%d" this_length="%d" source_reference="%s" source_offset="%d" source_length="%d"/>
</document>
`, susp1, chars(suspHead), chars(passage), src1, chars(srcHead), chars(passage)),
	}
}

func TestEvaluateCharacterOffsets(t *testing.T) {
	files := utf8Corpus()
	c, err := pan.Open(writeFolder(t, files))
	if err != nil {
		t.Fatal(err)
	}
	var got []pan.Pair
	var dets [][]pan.Annotation
	res, err := pan.Evaluate(context.Background(), c, detect.Defaults(), func(p pan.Pair, d []pan.Annotation) error {
		got = append(got, p)
		// Through the file format, as a PAN evaluation would read it.
		var buf bytes.Buffer
		if err := pan.WriteDetections(&buf, p, d); err != nil {
			return err
		}
		back, err := pan.ReadDetections(&buf)
		dets = append(dets, back)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c.Pairs()) {
		t.Fatalf("out saw pairs %+v, want %+v", got, c.Pairs())
	}
	if len(dets[0]) != 1 || len(dets[1]) != 0 {
		t.Fatalf("detections %+v; want one in the first pair, none in the second", dets)
	}

	// What detect reports in bytes, run directly.
	src, susp := files["src/"+src1], files["susp/"+susp1]
	t0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	direct, err := detect.Run(context.Background(), []reprint.Document{
		{ID: src1, Date: t0, Text: src}, {ID: susp1, Date: t0.Add(time.Second), Text: susp},
	}, detect.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if len(direct.Matches) != 1 {
		t.Fatalf("detect found %d matches, want 1", len(direct.Matches))
	}
	m := direct.Matches[0]
	d := dets[0][0]
	inSusp := string([]rune(susp)[d.SuspOffset : d.SuspOffset+d.SuspLength])
	inSrc := string([]rune(src)[d.SrcOffset : d.SrcOffset+d.SrcLength])
	if want := susp[m.Copy.Span.Start:m.Copy.Span.End]; inSusp != want {
		t.Errorf("suspicious characters [%d,+%d) = %q, want %q", d.SuspOffset, d.SuspLength, inSusp, want)
	}
	if want := src[m.Origin.Span.Start:m.Origin.Span.End]; inSrc != want {
		t.Errorf("source characters [%d,+%d) = %q, want %q", d.SrcOffset, d.SrcLength, inSrc, want)
	}
	if !strings.HasPrefix(inSusp, "Zoë said „hi“ — 😀 done") {
		t.Errorf("detection %q does not start at the copied passage", inSusp)
	}

	if res.Pairs != 2 || res.NoReuseDetections != 0 {
		t.Errorf("Pairs %d, NoReuseDetections %d; want 2, 0", res.Pairs, res.NoReuseDetections)
	}
	if res.Overall.Recall < 0.95 || res.Overall.Precision != 1 || res.Overall.Granularity != 1 {
		t.Errorf("overall %+v, want recall ≥ 0.95 (all but the final full stop), precision 1, granularity 1", res.Overall)
	}
	var names []string
	for _, cs := range res.Categories {
		names = append(names, cs.Name)
		if cs.Scores.Pairs != 1 {
			t.Errorf("category %s has %d pairs, want 1", cs.Name, cs.Scores.Pairs)
		}
	}
	if want := []string{"01-no-plagiarism", "02-no-obfuscation"}; !reflect.DeepEqual(names, want) {
		t.Errorf("categories %v, want %v", names, want)
	}
	if res.Wall <= 0 || res.PairsPerSecond <= 0 {
		t.Errorf("Wall %v, PairsPerSecond %v; want both positive", res.Wall, res.PairsPerSecond)
	}
}

func TestEvaluateStops(t *testing.T) {
	c, err := pan.Open(writeFolder(t, utf8Corpus()))
	if err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	bad := detect.Defaults()
	bad.Shingle = 0
	stop := errors.New("stop here")
	tests := []struct {
		name string
		ctx  context.Context
		opt  detect.Options
		out  func(pan.Pair, []pan.Annotation) error
		want error // nil: any error
	}{
		{"canceled context", canceled, detect.Defaults(), nil, context.Canceled},
		{"invalid options", context.Background(), bad, nil, nil},
		{"out fails", context.Background(), detect.Defaults(), func(pan.Pair, []pan.Annotation) error { return stop }, stop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := pan.Evaluate(tt.ctx, c, tt.opt, tt.out)
			if err == nil || res != nil {
				t.Fatalf("Evaluate = %v, %v; want an error", res, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestEvaluateMissingText(t *testing.T) {
	dir := writeFolder(t, utf8Corpus())
	c, err := pan.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "src", src2)); err != nil {
		t.Fatal(err)
	}
	if _, err := pan.Evaluate(context.Background(), c, detect.Defaults(), nil); err == nil || !strings.Contains(err.Error(), src2) {
		t.Errorf("error %v, want one naming %s", err, src2)
	}
}

const panCorpus = "pan13-text-alignment-train.tar.gz"

// subsetCorpus writes a corpus folder holding only the given pairs of the
// real PAN corpus (their texts, truth and the category pairs files) and
// returns it.
func subsetCorpus(tb testing.TB, pairs []pan.Pair) string {
	tb.Helper()
	want := map[string]bool{}
	var root bytes.Buffer
	for _, p := range pairs {
		want["src/"+p.Src] = true
		want["susp/"+p.Susp] = true
		want[p.Category+"/"+p.XMLName()] = true
		fmt.Fprintf(&root, "%s %s\n", p.Susp, p.Src)
	}
	top := ""
	dir := shareddata.Untar(tb, panCorpus, tb.TempDir(), func(name string) bool {
		first, rest, _ := strings.Cut(name, "/")
		keep := want[rest] || (strings.Count(rest, "/") == 1 && strings.HasSuffix(rest, "/pairs"))
		if keep {
			top = first
		}
		return keep
	})
	corpus := filepath.Join(dir, top)
	if err := os.WriteFile(filepath.Join(corpus, "pairs"), root.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return corpus
}

// openPAN opens the real corpus, skipping when it is absent or in -short mode.
func openPAN(tb testing.TB) *pan.Corpus {
	tb.Helper()
	if testing.Short() {
		tb.Skip("the PAN corpus takes a while; skipped in -short mode")
	}
	c, err := pan.Open(shareddata.Path(tb, panCorpus))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestRealPAN(t *testing.T) {
	full := openPAN(t)
	perCategory := map[string]int{}
	for _, p := range full.Pairs() {
		perCategory[p.Category]++
	}
	wantCounts := map[string]int{
		"01-no-plagiarism": 1000, "02-no-obfuscation": 1000, "03-random-obfuscation": 1000,
		"04-translation-obfuscation": 1000, "05-summary-obfuscation": 1185,
	}
	if !reflect.DeepEqual(perCategory, wantCounts) {
		t.Errorf("pairs per category %v, want %v", perCategory, wantCounts)
	}
	cases := 0
	for _, p := range full.Pairs() {
		truth, err := full.Truth(p)
		if err != nil {
			t.Fatal(err)
		}
		cases += len(truth)
	}
	if cases != 4007 {
		t.Errorf("%d plagiarism cases, want 4007", cases)
	}

	const verbatim, none = "02-no-obfuscation", "01-no-plagiarism"
	pairs := []pan.Pair{
		{Susp: "suspicious-document00044.txt", Src: "source-document01023.txt", Category: verbatim}, // non-ASCII in and before the case
		{Susp: "suspicious-document00102.txt", Src: "source-document01302.txt", Category: verbatim}, // three cases, non-ASCII
		{Susp: "suspicious-document00013.txt", Src: "source-document00111.txt", Category: verbatim},
		{Susp: "suspicious-document00021.txt", Src: "source-document02200.txt", Category: verbatim},
		{Susp: "suspicious-document00017.txt", Src: "source-document00135.txt", Category: none},
		// Shares its case and, far from it, an infobox scrap ("(as of 2004)
		// [3] Civilians 495 (as of 2004) [4] Agency executive") that is a
		// stock phrase, not a detection.
		{Susp: "suspicious-document01292.txt", Src: "source-document00334.txt", Category: verbatim},
		// Rewritten passages that shingles alone found a fifth of at most:
		// found whole by sentence alignment.
		{Susp: "suspicious-document00006.txt", Src: "source-document02782.txt", Category: "03-random-obfuscation"},
		{Susp: "suspicious-document00004.txt", Src: "source-document00420.txt", Category: "04-translation-obfuscation"},
		{Susp: "suspicious-document00080.txt", Src: "source-document00529.txt", Category: "05-summary-obfuscation"},
	}
	c, err := pan.Open(subsetCorpus(t, pairs))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Pairs(); !reflect.DeepEqual(got, pairs) {
		t.Fatalf("subset pairs %+v, want %+v", got, pairs)
	}
	i := 0
	res, err := pan.Evaluate(context.Background(), c, detect.Defaults(), func(p pan.Pair, dets []pan.Annotation) error {
		defer func() { i++ }()
		truth, err := c.Truth(p)
		if err != nil {
			return err
		}
		if p.Category == none {
			if len(truth) != 0 || len(dets) != 0 {
				t.Errorf("%s: %d cases, %d detections; want none", p.XMLName(), len(truth), len(dets))
			}
			return nil
		}
		if len(truth) == 0 {
			t.Errorf("%s: no truth", p.XMLName())
		}
		for _, cs := range truth {
			if s := pan.Score([]pan.Annotation{cs}, dets); s.Recall <= 0.9 {
				t.Errorf("%s: case %+v found with recall %.3f, want > 0.9 (detections %+v)", p.XMLName(), cs, s.Recall, dets)
			}
		}
		s := pan.Score(truth, dets)
		if s.Recall <= 0.9 {
			t.Errorf("%s: recall %.3f, want > 0.9", p.XMLName(), s.Recall)
		}
		if p.Susp == "suspicious-document01292.txt" && s.Precision != 1 {
			t.Errorf("%s: precision %.3f, want 1 (detections %+v)", p.XMLName(), s.Precision, dets)
		}
		// (Verbatim pairs may hold more: wording their texts repeat.)
		if p.Category != verbatim && (s.Precision <= 0.9 || s.Granularity != 1 || len(dets) != len(truth)) {
			t.Errorf("%s: recall %.3f, precision %.3f, granularity %.3f, %d detections of %d cases; want > 0.9, > 0.9, 1, one a case",
				p.XMLName(), s.Recall, s.Precision, s.Granularity, len(dets), len(truth))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != len(pairs) || res.NoReuseDetections != 0 {
		t.Errorf("out called %d times, %d detections in no-reuse pairs; want %d, 0", i, res.NoReuseDetections, len(pairs))
	}
}

// BenchmarkEvaluate runs detection and scoring over the first 300 pairs of
// the real corpus.
func BenchmarkEvaluate(b *testing.B) {
	full := openPAN(b)
	pairs := full.Pairs()[:300]
	c, err := pan.Open(subsetCorpus(b, pairs))
	if err != nil {
		b.Fatal(err)
	}
	opt := detect.Defaults()
	start, runs := time.Now(), 0
	for b.Loop() {
		if _, err := pan.Evaluate(context.Background(), c, opt, nil); err != nil {
			b.Fatal(err)
		}
		runs++
	}
	b.ReportMetric(float64(runs*len(pairs))/time.Since(start).Seconds(), "pairs/s")
}
