package index_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

// explanations maps the keys of r's matches that involve id to their
// explanations.
func explanations(r *reprint.Result, id string) map[string]*reprint.Explanation {
	out := map[string]*reprint.Explanation{}
	for _, m := range r.Matches {
		if r.Documents[m.Origin.Doc].ID == id || r.Documents[m.Copy.Doc].ID == id {
			out[matchKey(r, m)] = m.Explain
		}
	}
	return out
}

// explainedConsistent checks each of xs against an index of docs (in which
// it is replaced by itself) with explanations, and wants each match's
// explanation to be the one a report over the whole corpus gives it, but
// for whether paragraphs are signed: the check's run decides that by what
// recurs within the run (see index.Check). It returns how many matches it
// compared and in how many the signed flags differ.
func explainedConsistent(t *testing.T, docs []reprint.Document, xs []int) (matches, signed int) {
	t.Helper()
	opt := detect.Defaults()
	opt.Explain = true
	full, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	s := newIndex(t, docs, opt)
	for _, i := range xs {
		x := docs[i]
		var got *reprint.Result
		err := s.View(context.Background(), func(r index.Reader) error {
			var err error
			got, err = index.Check(context.Background(), r, s.Params(), []reprint.Document{x}, index.CheckOptions{Explain: true})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := explanations(full, x.ID)
		for k, e := range explanations(got, x.ID) {
			if e == nil {
				t.Fatalf("check of %s: %s has no explanation", x.ID, k)
			}
			w, ok := want[k]
			if !ok {
				continue // a match the report does not have: TestCheckConsistent* reports it
			}
			matches++
			if reflect.DeepEqual(e, w) {
				continue
			}
			if reflect.DeepEqual(unsigned(e), unsigned(w)) {
				signed++
				t.Logf("check of %s: %s: signed paragraphs differ\n  check:  %+v\n  report: %+v", x.ID, k, e.Paragraphs, w.Paragraphs)
				// Signing is decided by what recurs within the run; it may
				// differ only where LSH could not link the pair either way.
				for i, p := range e.Paragraphs {
					if (p.OriginSigned != w.Paragraphs[i].OriginSigned || p.CopySigned != w.Paragraphs[i].CopySigned) && p.Jaccard >= detect.Defaults().Threshold {
						t.Errorf("check of %s: %s: paragraphs %d and %d (Jaccard %.2f) signed differently", x.ID, k, p.Origin, p.Copy, p.Jaccard)
					}
				}
				continue
			}
			t.Errorf("check of %s: %s\n  check:  %+v\n  report: %+v", x.ID, k, *e, *w)
		}
	}
	return matches, signed
}

// unsigned returns a copy of x with the paragraphs' signed flags cleared.
func unsigned(x *reprint.Explanation) reprint.Explanation {
	y := *x
	y.Paragraphs = slices.Clone(x.Paragraphs)
	for i := range y.Paragraphs {
		y.Paragraphs[i].OriginSigned, y.Paragraphs[i].CopySigned = false, false
	}
	return y
}

func TestCheckExplainSeeds(t *testing.T) {
	docs := readDocs(t, "../testdata/seeds")
	if n, s := explainedConsistent(t, docs, []int{0, 1, 2, 3, 4}); n == 0 || s > 0 {
		t.Errorf("%d of %d explanations differ from the report's in the signed paragraphs", s, n)
	}
}

// TestCheckExplainHelsinki: on a sample of the Helsinki corpus. Only the
// signed flag of paragraph pairs far below the threshold, which LSH could
// not have linked either way, may differ; sentence alignment matches many
// such pairs (1 of this sample's 145 explanations differs so).
func TestCheckExplainHelsinki(t *testing.T) {
	docs := readDocs(t, shareddata.Path(t, "news-helsinki.jsonl.gz"))
	if testing.Short() {
		t.Skip("slow")
	}
	var sample []int
	for i := 5; i < len(docs); i += 101 {
		sample = append(sample, i)
	}
	n, s := explainedConsistent(t, docs, sample)
	t.Logf("%d of %d explanations differ from the report's in the signed paragraphs", s, n)
	if n == 0 || s > n/100 {
		t.Errorf("%d of %d explanations differ from the report's in the signed paragraphs", s, n)
	}
}

// TestCheckWithoutExplain: without Explain, no match of a check carries an
// explanation.
func TestCheckWithoutExplain(t *testing.T) {
	docs := readDocs(t, "../testdata/seeds")
	got := check(t, newIndex(t, docs[:3], detect.Defaults()), docs[3:])
	if len(got.Matches) == 0 {
		t.Fatal("no matches")
	}
	for i, m := range got.Matches {
		if m.Explain != nil {
			t.Errorf("match %d carries an explanation", i)
		}
	}
}
