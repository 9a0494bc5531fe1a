package pan

import (
	"math"
	"slices"
	"strings"
)

// Scores are the PAN measures of a set of detections against a set of
// plagiarism cases.
type Scores struct {
	// Precision and Recall are macro-averaged over detections and over
	// cases: the share of an annotation's characters (suspicious plus
	// source part) covered by the annotations of the other kind that
	// overlap it, averaged.
	Precision, Recall float64
	// Granularity is the mean number of detections overlapping a detected
	// case; 1 when no case is detected.
	Granularity float64
	// PlagDet is F1(Precision, Recall) / log2(1 + Granularity).
	PlagDet float64

	Pairs      int // pairs scored; set by Evaluate, 0 from Score
	Cases      int // distinct plagiarism cases
	Detections int // distinct detections
	Detected   int // cases overlapped by at least one detection
}

// Score computes the measures of the official PAN evaluation script
// (pan09 perfmeasures, macro-averaged): cases and detections are pooled, and
// identical annotations count once, as the script holds them in sets.
//
// An annotation overlaps another when both name the same suspicious and the
// same source document (compared without ".txt", as the script does) and
// their suspicious ranges and their source ranges both intersect. The
// recall of a case is the share of its characters, suspicious part plus
// source part, covered by the union of the detections overlapping it;
// Recall is its mean over all cases. Precision is the same with cases and
// detections swapped. Both are 1 when there are neither cases nor
// detections, and 0 when only one kind is missing. An annotation of length 0
// contributes 0 rather than the script's division by zero.
func Score(cases, detections []Annotation) Scores {
	cs, ds := distinct(cases), distinct(detections)
	s := Scores{Cases: len(cs), Detections: len(ds)}
	s.Recall = macroRecall(cs, ds)
	s.Precision = macroRecall(ds, cs)
	s.Granularity, s.Detected = granularity(cs, ds)
	s.PlagDet = PlagDet(s.Recall, s.Precision, s.Granularity)
	return s
}

// PlagDet combines recall, precision and granularity into the PAN ranking
// score F1 / log2(1 + granularity); 0 when recall and precision are both 0,
// either is negative or granularity is below 1.
func PlagDet(recall, precision, granularity float64) float64 {
	if (recall == 0 && precision == 0) || recall < 0 || precision < 0 || granularity < 1 {
		return 0
	}
	f1 := 2 * recall * precision / (recall + precision)
	return f1 / math.Log2(1+granularity)
}

// pairKey names the document pair of an annotation, without ".txt".
type pairKey struct{ susp, src string }

// ann is an annotation with its document pair normalised for comparison.
type ann struct {
	key              pairKey
	suspOff, suspLen int
	srcOff, srcLen   int
	suspEnd, srcEnd  int
}

func distinct(as []Annotation) []ann {
	out := make([]ann, 0, len(as))
	seen := make(map[ann]bool, len(as))
	for _, a := range as {
		x := ann{
			key:     pairKey{strings.ReplaceAll(a.Susp, ".txt", ""), strings.ReplaceAll(a.Src, ".txt", "")},
			suspOff: a.SuspOffset, suspLen: a.SuspLength, suspEnd: a.SuspOffset + a.SuspLength,
			srcOff: a.SrcOffset, srcLen: a.SrcLength, srcEnd: a.SrcOffset + a.SrcLength,
		}
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func overlaps(a, b *ann) bool {
	return a.key == b.key &&
		b.suspEnd > a.suspOff && b.suspOff < a.suspEnd &&
		b.srcEnd > a.srcOff && b.srcOff < a.srcEnd
}

func byPair(as []ann) map[pairKey][]int {
	m := make(map[pairKey][]int)
	for i := range as {
		m[as[i].key] = append(m[as[i].key], i)
	}
	return m
}

// macroRecall is the mean over cases of the share of each case covered by
// the detections overlapping it.
func macroRecall(cases, dets []ann) float64 {
	switch {
	case len(cases) == 0 && len(dets) == 0:
		return 1
	case len(cases) == 0 || len(dets) == 0:
		return 0
	}
	idx := byPair(dets)
	var susp, src []span
	sum := 0.0
	for i := range cases {
		c := &cases[i]
		susp, src = susp[:0], src[:0]
		for _, j := range idx[c.key] {
			d := &dets[j]
			if !overlaps(c, d) {
				continue
			}
			susp = append(susp, span{max(d.suspOff, c.suspOff), min(d.suspEnd, c.suspEnd)})
			src = append(src, span{max(d.srcOff, c.srcOff), min(d.srcEnd, c.srcEnd)})
		}
		if len(susp) == 0 || c.suspLen+c.srcLen <= 0 {
			continue
		}
		sum += float64(union(susp)+union(src)) / float64(c.suspLen+c.srcLen)
	}
	return sum / float64(len(cases))
}

// granularity returns the mean number of detections overlapping a detected
// case (1 when none is) and the number of detected cases.
func granularity(cases, dets []ann) (float64, int) {
	if len(dets) == 0 {
		return 1, 0
	}
	idx := byPair(dets)
	detected, total := 0, 0
	for i := range cases {
		n := 0
		for _, j := range idx[cases[i].key] {
			if overlaps(&cases[i], &dets[j]) {
				n++
			}
		}
		if n > 0 {
			detected++
			total += n
		}
	}
	if detected == 0 {
		return 1, 0
	}
	return float64(total) / float64(detected), detected
}

// span is a half-open character range.
type span struct{ start, end int }

// union returns the number of characters covered by spans; it reorders them.
func union(spans []span) int {
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	n, end := 0, math.MinInt
	for _, s := range spans {
		if s.end <= end || s.end <= s.start {
			continue
		}
		n += s.end - max(s.start, end)
		end = s.end
	}
	return n
}
