package detect_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
)

func TestOverlap(t *testing.T) {
	tests := []struct {
		a, b        []uint64
		jaccard, co float64
	}{
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 1, 1},
		{[]uint64{1, 2, 3, 4}, []uint64{3, 4, 5, 6}, 2.0 / 6, 0.5},
		{[]uint64{1, 2}, []uint64{1, 2, 3, 4, 5, 6}, 2.0 / 6, 1},
		{[]uint64{1, 1, 1, 2}, []uint64{2, 2}, 0.5, 1}, // multisets count as sets
		{nil, []uint64{1}, 0, 0},
		{[]uint64{0, 1, 2}, []uint64{0, 2}, 0.5, 1}, // zero is "no shingle"
	}
	for _, tt := range tests {
		j, c := detect.Overlap(tt.a, tt.b)
		if math.Abs(j-tt.jaccard) > 1e-9 || math.Abs(c-tt.co) > 1e-9 {
			t.Errorf("Overlap(%v, %v) = %v, %v; want %v, %v", tt.a, tt.b, j, c, tt.jaccard, tt.co)
		}
	}
}

// filler makes distinct, unrelated paragraphs.
func filler(seed, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "w%dx%d ", seed, i)
	}
	return strings.TrimSpace(b.String()) + "."
}

const wire = "The defence ministry said on Tuesday that the convoy had crossed the border before dawn and reached the city by noon without any losses."

func run(t *testing.T, docs []reprint.Document) *reprint.Result {
	t.Helper()
	res, err := detect.Run(context.Background(), docs, detect.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range res.Matches {
		o, c := docs[m.Origin.Doc].Text, docs[m.Copy.Doc].Text
		if m.Origin.Span.Start < 0 || m.Origin.Span.End > len(o) || m.Copy.Span.End > len(c) || m.Copy.Span.Len() <= 0 {
			t.Fatalf("match %d has spans out of range: %+v", i, m)
		}
		// A passage found by rewording alone may share no shingle.
		if m.Jaccard < 0 || m.Jaccard > 1 || m.Containment < m.Jaccard || m.Containment > 1 {
			t.Errorf("match %d: jaccard %v containment %v out of range", i, m.Jaccard, m.Containment)
		}
	}
	return res
}

func TestEarliestDatedWitnessIsOrigin(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2018, 7, d, 0, 0, 0, 0, time.UTC) }
	docs := []reprint.Document{
		{ID: "a-late", Date: day(16), Text: filler(1, 30) + "\n\n" + wire},
		{ID: "b-early", Date: day(15), Text: wire + "\n\n" + filler(2, 30)},
		{ID: "c-undated", Text: filler(3, 10) + "\n\n" + wire},
	}
	res := run(t, docs)
	if len(res.Matches) != 2 {
		t.Fatalf("got %d matches, want 2 (one per copy)", len(res.Matches))
	}
	for _, m := range res.Matches {
		if docs[m.Origin.Doc].ID != "b-early" {
			t.Errorf("origin %s, want b-early", docs[m.Origin.Doc].ID)
		}
		if got := docs[m.Copy.Doc].Text[m.Copy.Span.Start:m.Copy.Span.End]; got != strings.TrimSuffix(wire, ".") && got != wire {
			t.Errorf("copy text %q, want the wire sentence", got)
		}
		wantDated := docs[m.Copy.Doc].ID == "a-late"
		if m.Dated != wantDated {
			t.Errorf("copy %s: dated %v, want %v", docs[m.Copy.Doc].ID, m.Dated, wantDated)
		}
		if m.Group != res.Matches[0].Group {
			t.Errorf("copies of one passage in different groups")
		}
	}
}

func TestUndatedTieGoesToSmallestID(t *testing.T) {
	docs := []reprint.Document{
		{ID: "zeta", Text: wire},
		{ID: "alpha", Text: filler(1, 12) + " " + wire},
	}
	res := run(t, docs)
	if len(res.Matches) != 1 {
		t.Fatalf("got %d matches, want 1", len(res.Matches))
	}
	m := res.Matches[0]
	if docs[m.Origin.Doc].ID != "alpha" || m.Dated {
		t.Errorf("origin %s dated %v; want alpha, dated=false", docs[m.Origin.Doc].ID, m.Dated)
	}
}

// TestManyCopiesAreOneGroup plants one paragraph in 2,000 articles: it must
// come back as one passage with 1,999 copies, not as pairs of copies.
func TestManyCopiesAreOneGroup(t *testing.T) {
	docs := make([]reprint.Document, 2000)
	for i := range docs {
		docs[i] = reprint.Document{ID: fmt.Sprintf("d%04d", i), Text: filler(i, 40) + "\n\n" + wire + "\n\n" + filler(100000+i, 40)}
	}
	res := run(t, docs)
	if len(res.Matches) != len(docs)-1 {
		t.Fatalf("got %d matches, want %d", len(res.Matches), len(docs)-1)
	}
	for _, m := range res.Matches {
		if m.Group != 0 || m.Origin.Doc != 0 {
			t.Fatalf("match not in the single group from d0000: %+v", m)
		}
		if m.Kind != reprint.Boilerplate {
			t.Fatalf("kind %s, want boilerplate (a short passage in every one of 2,000 articles is furniture)", m.Kind)
		}
	}
	if st := res.Stats[1]; st.ReusedWords != 24 || len(st.DrawsFrom) != 1 || st.DrawsFrom[0] != 0 {
		t.Errorf("stats of a copy = %+v, want 24 reused words drawn from doc 0", st)
	}
}

func TestNoReuseNoMatches(t *testing.T) {
	docs := []reprint.Document{{ID: "a", Text: filler(1, 200)}, {ID: "b", Text: filler(2, 200)}, {ID: "c", Text: ""}}
	if res := run(t, docs); len(res.Matches) != 0 {
		t.Errorf("got %d matches in unrelated text", len(res.Matches))
	}
}

func TestParamsRecorded(t *testing.T) {
	res := run(t, []reprint.Document{{ID: "a", Text: wire}})
	p := res.Params
	if p.Bands*p.Rows > p.Permutations || p.Bands < 1 || p.Rows < 1 {
		t.Errorf("bands %d rows %d for %d permutations", p.Bands, p.Rows, p.Permutations)
	}
	if len(p.Probability) == 0 {
		t.Fatal("no detection probabilities recorded")
	}
	for i := 1; i < len(p.Probability); i++ {
		if p.Probability[i].Probability < p.Probability[i-1].Probability {
			t.Errorf("detection probability falls as similarity rises: %+v", p.Probability)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := []func(*detect.Options){
		func(o *detect.Options) { o.Shingle = 0 },
		func(o *detect.Options) { o.Threshold = 1 },
		func(o *detect.Options) { o.Threshold = 0 },
		func(o *detect.Options) { o.MinWords = 3 },
		func(o *detect.Options) { o.Permutations = 0 },
		func(o *detect.Options) { o.MaxGap = -1 },
	}
	for i, f := range bad {
		o := detect.Defaults()
		f(&o)
		if _, err := detect.Run(context.Background(), nil, o); err == nil {
			t.Errorf("case %d: invalid options accepted", i)
		}
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs := []reprint.Document{{ID: "a", Text: wire}, {ID: "b", Text: wire}}
	if _, err := detect.Run(ctx, docs, detect.Defaults()); err == nil {
		t.Error("a canceled run returned no error")
	}
}

// TestUpdatedStoryIsAttributedPieceByPiece: A has sentence S1; B, later,
// has S1 then S2; C, later still, has S1 and S2. C's S1 comes from A and its
// S2 from B, with no word claimed twice.
func TestUpdatedStoryIsAttributedPieceByPiece(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2020, 1, d, 0, 0, 0, 0, time.UTC) }
	s1 := "The regional council voted on Monday to close the old coal plant by the end of next year after a long public consultation."
	s2 := "Workers at the plant will be offered jobs at a new solar farm that the council plans to build on the same site in two stages."
	docs := []reprint.Document{
		{ID: "a", Date: day(1), Text: filler(1, 20) + "\n\n" + s1},
		{ID: "b", Date: day(2), Text: s1 + " " + s2 + "\n\n" + filler(2, 20)},
		{ID: "c", Date: day(3), Text: filler(3, 20) + "\n\n" + s1 + " " + s2},
	}
	res := run(t, docs)
	from := map[string]string{} // copy text -> origin id, for copies in c
	var spans []reprint.Span
	for _, m := range res.Matches {
		if docs[m.Copy.Doc].ID != "c" {
			continue
		}
		from[docs[m.Copy.Doc].Text[m.Copy.Span.Start:m.Copy.Span.End]] = docs[m.Origin.Doc].ID
		spans = append(spans, m.Copy.Span)
	}
	if got := from[strings.TrimSuffix(s1, "")]; got != "a" {
		t.Errorf("c's first sentence comes from %q, want a (matches: %v)", got, from)
	}
	if got := from[s2]; got != "b" {
		t.Errorf("c's second sentence comes from %q, want b (matches: %v)", got, from)
	}
	for i := range spans {
		for j := range i {
			if spans[i].Start < spans[j].End && spans[j].Start < spans[i].End {
				t.Errorf("copied words claimed twice: %v and %v", spans[i], spans[j])
			}
		}
	}
}

// TestRepeatedCopyIsOneMatchPerRepetition: a passage that the copy carries
// three times is three matches, not one match over all three.
func TestRepeatedCopyIsOneMatchPerRepetition(t *testing.T) {
	docs := []reprint.Document{
		{ID: "a", Text: filler(1, 15) + "\n\n" + wire},
		{ID: "b", Text: wire + "\n\n" + wire + "\n\n" + wire},
	}
	res := run(t, docs)
	cross := 0
	for _, m := range res.Matches {
		if m.Origin.Doc == 0 && m.Copy.Doc == 1 {
			cross++
			if got := docs[1].Text[m.Copy.Span.Start:m.Copy.Span.End]; got != wire {
				t.Errorf("copy %q, want one repetition of the wire sentence", got)
			}
		}
	}
	if cross != 3 {
		t.Errorf("got %d matches from a into b, want 3", cross)
	}
}

// TestProgress checks that every stage reports progress up to its total,
// from whatever goroutine, and that asking for progress changes nothing in
// the result.
func TestProgress(t *testing.T) {
	docs := make([]reprint.Document, 40)
	for i := range docs {
		docs[i] = reprint.Document{ID: fmt.Sprintf("d%02d", i), Text: filler(i, 30) + "\n\n" + wire}
	}
	plain := run(t, docs)

	var mu sync.Mutex
	last := map[string][2]int{} // stage -> highest done, total
	opt := detect.Defaults()
	opt.Progress = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done < 0 || done > total {
			t.Errorf("%s: done %d of %d", stage, done, total)
		}
		if l := last[stage]; done > l[0] || total != l[1] {
			last[stage] = [2]int{done, total}
		}
	}
	res, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{detect.StagePrepare, detect.StageSign, detect.StageLinks, detect.StageLSH, detect.StageAlign, detect.StageClassify} {
		l, ok := last[s]
		if !ok {
			t.Errorf("stage %q reported no progress", s)
			continue
		}
		if l[0] != l[1] || l[1] == 0 {
			t.Errorf("stage %q ended at %d of %d", s, l[0], l[1])
		}
	}
	if !reflect.DeepEqual(plain.Matches, res.Matches) {
		t.Errorf("matches differ with Progress set")
	}
}

// A short line carried whole by three articles of one source is that
// source's boilerplate; a copy with a word changed does not carry it.
func TestBoilerplateCarriers(t *testing.T) {
	const line = "Sign up for our morning newsletter and get the best stories of the day in your inbox."
	edited := strings.Replace(line, "morning", "evening", 1)
	doc := func(id string, seed int, extra string) reprint.Document {
		return reprint.Document{ID: id, Source: "The Sun", Text: filler(seed, 80) + "\n\n" + extra + "\n\n" + filler(seed+100, 80)}
	}
	kinds := func(docs []reprint.Document) map[reprint.Kind]int {
		out := map[reprint.Kind]int{}
		for _, m := range run(t, docs).Matches {
			out[m.Kind]++
		}
		return out
	}
	three := []reprint.Document{doc("a", 1, line), doc("b", 2, line), doc("c", 3, line)}
	if got := kinds(three); got[reprint.Boilerplate] != 2 || len(got) != 1 {
		t.Errorf("a line in three articles of one source: kinds %v, want 2 boilerplate", got)
	}
	two := []reprint.Document{doc("a", 1, line), doc("b", 2, line), doc("c", 3, edited)}
	if got := kinds(two); got[reprint.Boilerplate] != 0 || got[reprint.Syndicated] == 0 {
		t.Errorf("a line in two articles of one source and edited in a third: kinds %v, want syndicated only", got)
	}
}
