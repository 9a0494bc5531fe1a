package pan_test

import (
	"math"
	"testing"

	"github.com/reprint-tool/reprint/pan"
)

// a makes an annotation of suspicious document t and source document s.
func a(t string, toff, tlen int, s string, soff, slen int) pan.Annotation {
	return pan.Annotation{Susp: t, SuspOffset: toff, SuspLength: tlen, Src: s, SrcOffset: soff, SrcLength: slen}
}

func near(x, y float64) bool { return math.Abs(x-y) < 1e-9 }

func TestScore(t *testing.T) {
	c := a("susp1.txt", 0, 100, "src1.txt", 0, 100)
	tests := []struct {
		name        string
		cases, dets []pan.Annotation
		want        pan.Scores
	}{
		{"perfect detection", []pan.Annotation{c}, []pan.Annotation{c},
			pan.Scores{Precision: 1, Recall: 1, Granularity: 1, PlagDet: 1, Cases: 1, Detections: 1, Detected: 1}},
		{"half of the case detected", []pan.Annotation{c}, []pan.Annotation{a("susp1.txt", 0, 50, "src1.txt", 0, 50)},
			pan.Scores{Precision: 1, Recall: 0.5, Granularity: 1, PlagDet: 2.0 / 3, Cases: 1, Detections: 1, Detected: 1}},
		{"half detected on one side only", []pan.Annotation{c}, []pan.Annotation{a("susp1.txt", 0, 100, "src1.txt", 50, 100)},
			// recall (100+50)/200; precision (100+50)/200
			pan.Scores{Precision: 0.75, Recall: 0.75, Granularity: 1, PlagDet: 0.75, Cases: 1, Detections: 1, Detected: 1}},
		{"case split into two detections", []pan.Annotation{c},
			[]pan.Annotation{a("susp1.txt", 0, 50, "src1.txt", 0, 50), a("susp1.txt", 50, 50, "src1.txt", 50, 50)},
			pan.Scores{Precision: 1, Recall: 1, Granularity: 2, PlagDet: 1 / math.Log2(3), Cases: 1, Detections: 2, Detected: 1}},
		{"overlapping detections counted once for recall", []pan.Annotation{c},
			[]pan.Annotation{a("susp1.txt", 0, 60, "src1.txt", 0, 60), a("susp1.txt", 40, 60, "src1.txt", 40, 60)},
			pan.Scores{Precision: 1, Recall: 1, Granularity: 2, PlagDet: 1 / math.Log2(3), Cases: 1, Detections: 2, Detected: 1}},
		{"false positive", []pan.Annotation{c},
			[]pan.Annotation{c, a("susp1.txt", 500, 100, "src1.txt", 500, 100)},
			pan.Scores{Precision: 0.5, Recall: 1, Granularity: 1, PlagDet: 2.0 / 3, Cases: 1, Detections: 2, Detected: 1}},
		{"overlap in the suspicious document only", []pan.Annotation{c},
			[]pan.Annotation{a("susp1.txt", 0, 100, "src1.txt", 100, 100)},
			pan.Scores{Precision: 0, Recall: 0, Granularity: 1, PlagDet: 0, Cases: 1, Detections: 1}},
		{"same offsets in another source document", []pan.Annotation{c},
			[]pan.Annotation{a("susp1.txt", 0, 100, "src2.txt", 0, 100)},
			pan.Scores{Precision: 0, Recall: 0, Granularity: 1, PlagDet: 0, Cases: 1, Detections: 1}},
		{"same offsets in another suspicious document", []pan.Annotation{c},
			[]pan.Annotation{a("susp2.txt", 0, 100, "src1.txt", 0, 100)},
			pan.Scores{Precision: 0, Recall: 0, Granularity: 1, PlagDet: 0, Cases: 1, Detections: 1}},
		{"no cases and no detections", nil, nil,
			pan.Scores{Precision: 1, Recall: 1, Granularity: 1, PlagDet: 1}},
		{"cases but no detections", []pan.Annotation{c}, nil,
			pan.Scores{Granularity: 1, Cases: 1}},
		{"detections but no cases", nil, []pan.Annotation{c},
			pan.Scores{Granularity: 1, Detections: 1}},
		{"identical detections count once", []pan.Annotation{c}, []pan.Annotation{c, c},
			pan.Scores{Precision: 1, Recall: 1, Granularity: 1, PlagDet: 1, Cases: 1, Detections: 1, Detected: 1}},
		{"names compared without .txt", []pan.Annotation{c}, []pan.Annotation{a("susp1", 0, 100, "src1", 0, 100)},
			pan.Scores{Precision: 1, Recall: 1, Granularity: 1, PlagDet: 1, Cases: 1, Detections: 1, Detected: 1}},
		{"pooled over pairs: one of two cases found",
			[]pan.Annotation{c, a("susp2.txt", 10, 30, "src9.txt", 70, 10)}, []pan.Annotation{c},
			pan.Scores{Precision: 1, Recall: 0.5, Granularity: 1, PlagDet: 2.0 / 3, Cases: 2, Detections: 1, Detected: 1}},
		{"two cases under one detection", []pan.Annotation{
			a("susp1.txt", 0, 50, "src1.txt", 0, 50), a("susp1.txt", 50, 50, "src1.txt", 50, 50)},
			[]pan.Annotation{c},
			pan.Scores{Precision: 1, Recall: 1, Granularity: 1, PlagDet: 1, Cases: 2, Detections: 1, Detected: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pan.Score(tt.cases, tt.dets)
			if !near(got.Precision, tt.want.Precision) || !near(got.Recall, tt.want.Recall) ||
				!near(got.Granularity, tt.want.Granularity) || !near(got.PlagDet, tt.want.PlagDet) ||
				got.Cases != tt.want.Cases || got.Detections != tt.want.Detections || got.Detected != tt.want.Detected {
				t.Errorf("Score = %+v\nwant    %+v", got, tt.want)
			}
		})
	}
}

// The annotations of the official script's unit tests (pan09 perfmeasures),
// the external ones.
var (
	ann1  = a("tref1", 0, 100, "sref1", 0, 100)
	ann3  = a("tref1", 100, 100, "sref1", 100, 100)
	ann4  = a("tref1", 0, 200, "sref1", 0, 200)
	ann5  = a("tref1", 0, 1, "sref1", 0, 1)
	ann6  = a("tref1", 99, 1, "sref1", 99, 1)
	ann7  = a("tref2", 0, 100, "sref2", 0, 100)
	ann9  = a("tref2", 50, 100, "sref2", 50, 100)
	ann10 = a("tref2", 25, 75, "sref2", 25, 75)
)

func anns(as ...pan.Annotation) []pan.Annotation { return as }

func TestOfficialRecall(t *testing.T) {
	tests := []struct {
		cases, dets []pan.Annotation
		want        float64
	}{
		// test_macro_averaged_recall
		{nil, nil, 1},
		{anns(ann1), nil, 0},
		{nil, anns(ann1), 0},
		{anns(ann1), anns(ann1), 1},
		{anns(ann1, ann7), anns(ann1), 0.5},
		{anns(ann1), anns(ann7), 0},
		// test_case_recall: the recall of one case
		{anns(ann1), anns(ann1), 1},
		{anns(ann1), anns(ann3), 0},
		{anns(ann1), anns(ann4), 1},
		{anns(ann1), anns(ann4, ann7), 1},
		{anns(ann1), anns(ann7, ann9), 0},
		{anns(ann7), anns(ann9), 0.5},
		{anns(ann7), anns(ann10), 0.75},
		{anns(ann7), anns(ann9, ann10), 0.75},
	}
	for i, tt := range tests {
		if got := pan.Score(tt.cases, tt.dets).Recall; !near(got, tt.want) {
			t.Errorf("%d: recall(%v, %v) = %v, want %v", i, tt.cases, tt.dets, got, tt.want)
		}
	}
}

func TestOfficialPrecision(t *testing.T) {
	tests := []struct {
		cases, dets []pan.Annotation
		want        float64
	}{
		{nil, nil, 1},
		{anns(ann1), nil, 0},
		{nil, anns(ann1), 0},
		{anns(ann1), anns(ann1), 1},
		{anns(ann1, ann7), anns(ann1), 1},
		{anns(ann1), anns(ann4), 0.5},
		{anns(ann7), anns(ann10), 1},
		{anns(ann7), anns(ann9, ann10), 0.75},
		{anns(ann1), anns(ann3, ann4), 0.25},
	}
	for i, tt := range tests {
		if got := pan.Score(tt.cases, tt.dets).Precision; !near(got, tt.want) {
			t.Errorf("%d: precision(%v, %v) = %v, want %v", i, tt.cases, tt.dets, got, tt.want)
		}
	}
}

func TestOfficialGranularity(t *testing.T) {
	// The script's cases use an intrinsic ann2 (suspicious side only) that
	// overlaps ann1; ann5 plays its part here.
	tests := []struct {
		cases, dets []pan.Annotation
		want        float64
	}{
		{nil, nil, 1},
		{anns(ann1), anns(ann5), 1},
		{anns(ann1), anns(ann5, ann3), 1},
		{anns(ann1), anns(ann5, ann3, ann4), 2},
		{anns(ann1, ann3), anns(ann5, ann4), 1.5},
		{anns(ann1), anns(ann5, ann6, ann4), 3},
	}
	for i, tt := range tests {
		if got := pan.Score(tt.cases, tt.dets).Granularity; !near(got, tt.want) {
			t.Errorf("%d: granularity(%v, %v) = %v, want %v", i, tt.cases, tt.dets, got, tt.want)
		}
	}
}

func TestOfficialOverlap(t *testing.T) {
	tests := []struct {
		b    pan.Annotation
		want bool
	}{
		{ann3, false}, {ann4, true}, {ann7, false}, {ann9, false}, {ann10, false}, {ann5, true}, {ann6, true},
	}
	for _, tt := range tests {
		if got := pan.Score(anns(ann1), anns(tt.b)).Detected == 1; got != tt.want {
			t.Errorf("overlapping(ann1, %v) = %v, want %v", tt.b, got, tt.want)
		}
	}
}

func TestPlagDet(t *testing.T) {
	tests := []struct {
		rec, prec, gran, want float64
	}{
		{-1, 0, 0, 0},
		{0, -1, 0, 0},
		{0, 0, -1, 0},
		{0, 0, 1, 0},
		{0, 1, 1, 0},
		{1, 0, 1, 0},
		{1, 1, 1, 1},
		{0.5, 1, 1, 2.0 / 3},
		{1, 0.5, 1, 2.0 / 3},
		{1, 1, 0.5, 0}, // granularity below 1
		{1, 1, 2, 0.63092975},
		{0.25, 0.75, 2, 0.23659865},
	}
	for _, tt := range tests {
		if got := pan.PlagDet(tt.rec, tt.prec, tt.gran); math.Abs(got-tt.want) > 5e-8 { // assertAlmostEqual: 7 places
			t.Errorf("PlagDet(%v, %v, %v) = %v, want %v", tt.rec, tt.prec, tt.gran, got, tt.want)
		}
	}
}
