package index_test

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

func readDocs(tb testing.TB, paths ...string) []reprint.Document {
	tb.Helper()
	c, err := corpus.Read(context.Background(), paths, corpus.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return c.Documents
}

// newIndex builds an index of docs in a temporary folder.
func newIndex(tb testing.TB, docs []reprint.Document, opt detect.Options) *index.Bolt {
	tb.Helper()
	p, err := index.ParamsOf(opt)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := index.OpenBolt(filepath.Join(tb.TempDir(), "test.idx"), index.BoltOptions{Create: &p})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	if _, err := index.Add(context.Background(), b, docs, index.AddOptions{}); err != nil {
		tb.Fatal(err)
	}
	return b
}

// matchKey describes a match by ids and everything but its group number.
func matchKey(r *reprint.Result, m reprint.Match) string {
	return fmt.Sprintf("%s[%d:%d] -> %s[%d:%d] %s dated=%v j=%v c=%v w=%d",
		r.Documents[m.Origin.Doc].ID, m.Origin.Span.Start, m.Origin.Span.End,
		r.Documents[m.Copy.Doc].ID, m.Copy.Span.Start, m.Copy.Span.End,
		m.Kind, m.Dated, m.Jaccard, m.Containment, m.Words)
}

// involving returns the keys of r's matches that involve one of ids.
func involving(r *reprint.Result, ids map[string]bool) []string {
	var out []string
	for _, m := range r.Matches {
		if ids[r.Documents[m.Origin.Doc].ID] || ids[r.Documents[m.Copy.Doc].ID] {
			out = append(out, matchKey(r, m))
		}
	}
	slices.Sort(out)
	return out
}

func check(tb testing.TB, s index.Store, news []reprint.Document) *reprint.Result {
	tb.Helper()
	var res *reprint.Result
	err := s.View(context.Background(), func(r index.Reader) error {
		var err error
		res, err = index.Check(context.Background(), r, s.Params(), news, index.CheckOptions{})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func diff(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "  missing: %s\n", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "  extra:   %s\n", g)
		}
	}
	return b.String()
}

// consistent checks each of xs against an index, and wants the matches
// involving it to be exactly those a report over the whole corpus finds:
// same spans, kinds, origin and copy, Jaccard, containment, words, dated.
// With separate set, each x is checked against an index of the corpus
// without x; otherwise against one index of the whole corpus, in which x
// is then replaced by itself (Check leaves an indexed article with a new
// one's id out).
func consistent(t *testing.T, docs []reprint.Document, xs []int, separate bool) {
	t.Helper()
	opt := detect.Defaults()
	full, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	var whole *index.Bolt
	if !separate {
		whole = newIndex(t, docs, opt)
	}
	for _, i := range xs {
		x := docs[i]
		s := whole
		if separate {
			s = newIndex(t, slices.Delete(slices.Clone(docs), i, i+1), opt)
		}
		want := involving(full, map[string]bool{x.ID: true})
		got := involving(check(t, s, []reprint.Document{x}), map[string]bool{x.ID: true})
		if d := diff(want, got); d != "" {
			t.Errorf("check of %s differs from the report over the corpus (%d matches there, %d in the check):\n%s", x.ID, len(want), len(got), d)
		}
	}
}

// everyArticle makes the consistency tests check every article of their
// corpus (the whole of Reuters-21578 and Helsinki), not a sample: minutes.
var everyArticle = flag.Bool("every-article", false, "check every article of the corpora in the consistency tests")

// sample returns every step-th index of n from first, or all with
// -every-article.
func sample(n, first, step int) []int {
	if *everyArticle {
		first, step = 0, 1
	}
	var out []int
	for i := first; i < n; i += step {
		out = append(out, i)
	}
	return out
}

func TestCheckConsistentSeeds(t *testing.T) {
	docs := readDocs(t, "../testdata/seeds")
	all := []int{0, 1, 2, 3, 4}
	t.Run("separate", func(t *testing.T) { consistent(t, docs, all, true) })
	t.Run("replaced", func(t *testing.T) { consistent(t, docs, all, false) })
}

// TestCheckConsistentHelsinki checks a sample of the Helsinki corpus: 612
// dated articles of many sources, with syndicated copies, aggregator pages
// that carry hundreds of passages, and boilerplate of both kinds.
func TestCheckConsistentHelsinki(t *testing.T) {
	docs := readDocs(t, shareddata.Path(t, "news-helsinki.jsonl.gz"))
	if testing.Short() {
		t.Skip("slow")
	}
	xs := sample(len(docs), 5, 101)
	t.Run("separate", func(t *testing.T) { consistent(t, docs, xs[:2], true) })
	t.Run("replaced", func(t *testing.T) { consistent(t, docs, xs, false) })
}

// TestCheckConsistentReuters checks a sample of the first 5,000 articles
// of Reuters-21578, where short passages shared by three articles of the
// one source are boilerplate. (Any corpus will do; a part keeps the test
// quick under the race detector.)
func TestCheckConsistentReuters(t *testing.T) {
	docs := readDocs(t, shareddata.Path(t, "reuters21578.jsonl.gz"))
	if testing.Short() {
		t.Skip("slow")
	}
	if !*everyArticle {
		docs = docs[:5000]
	}
	consistent(t, docs, sample(len(docs), 3, 397), false)
}

// TestCheckSeveral checks several new articles at once: the matches among
// them count too, and those with indexed ones are as in the whole report.
func TestCheckSeveral(t *testing.T) {
	docs := readDocs(t, "../testdata/seeds")
	opt := detect.Defaults()
	full, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range [][]int{{0, 1}, {3, 4}, {1, 2, 3}, {0, 4}} {
		var indexed, news []reprint.Document
		ids := map[string]bool{}
		for i, d := range docs {
			if slices.Contains(split, i) {
				news = append(news, d)
				ids[d.ID] = true
			} else {
				indexed = append(indexed, d)
			}
		}
		got := check(t, newIndex(t, indexed, opt), news)
		if d := diff(involving(full, ids), involving(got, ids)); d != "" {
			t.Errorf("checking %v differs from the report:\n%s", split, d)
		}
		for i := range news {
			if got.Documents[i].ID != news[i].ID {
				t.Errorf("document %d of the answer is %s, want the new article %s first, in input order", i, got.Documents[i].ID, news[i].ID)
			}
		}
	}
}

// TestCheckEmptyIndex checks against an index with no articles: the new
// articles are the whole corpus.
func TestCheckEmptyIndex(t *testing.T) {
	docs := readDocs(t, "../testdata/seeds")
	opt := detect.Defaults()
	full, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	got := check(t, newIndex(t, nil, opt), docs)
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	if d := diff(involving(full, ids), involving(got, ids)); d != "" {
		t.Errorf("check against an empty index differs from the report:\n%s", d)
	}
	if len(got.Stats) != len(docs) || got.Stats[0].Paragraphs != full.Stats[0].Paragraphs || got.Stats[0].ReusedWords != full.Stats[0].ReusedWords {
		t.Errorf("stats %+v, want %+v", got.Stats, full.Stats)
	}
}

// TestCheckClosure needs the closure: the new article c shares a passage
// with b and, a few words on, one shingle with a, which is also in b and
// whose earliest witness is a. a gives c a single seed, too few to align,
// so it is not an origin of c; but were it left out of the run, b would
// become that shingle's earliest witness there, and the extra seed would
// bridge b's passage across the changed words to the end of the shingle.
func TestCheckClosure(t *testing.T) {
	docs := []reprint.Document{
		{ID: "a", Text: "lorem ipsum mike november oscar papa quebec dolor sit amet consectetur adipiscing"},
		{ID: "b", Text: "alpha bravo charlie delta echo foxtrot golf hotel uniform victor whiskey mike november oscar papa quebec something else entirely now"},
		{ID: "c", Text: "alpha bravo charlie delta echo foxtrot golf hotel xray yankee zulu mike november oscar papa quebec rest of the story here"},
	}
	opt := detect.Defaults()
	full, err := detect.Run(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{"c": true}
	want := involving(full, ids)
	if len(want) != 1 || !strings.Contains(want[0], "b[0:49] -> c[0:49]") {
		t.Fatalf("the report finds %v; the test wants b's first eight words copied in c", want)
	}
	got := involving(check(t, newIndex(t, docs[:2], opt), docs[2:]), ids)
	if d := diff(want, got); d != "" {
		t.Errorf("check differs from the report:\n%s", d)
	}
}
