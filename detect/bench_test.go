package detect_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

func readCorpus(tb testing.TB, paths ...string) []reprint.Document {
	tb.Helper()
	c, err := corpus.Read(context.Background(), paths, corpus.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return c.Documents
}

// extractPAN unpacks the PAN corpus's source and suspicious documents.
func extractPAN(tb testing.TB) string {
	tb.Helper()
	return shareddata.Untar(tb, "pan13-text-alignment-train.tar.gz", tb.TempDir(), func(name string) bool {
		parts := strings.Split(name, "/")
		return len(parts) == 3 && (parts[1] == "src" || parts[1] == "susp")
	})
}

func benchRun(b *testing.B, docs []reprint.Document) {
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var matches int
	for b.Loop() {
		res, err := detect.Run(context.Background(), docs, detect.Defaults())
		if err != nil {
			b.Fatal(err)
		}
		matches = len(res.Matches)
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(matches), "matches")
}

// BenchmarkRun runs detection end to end (everything after reading) over
// the seeds and, when ../shared/data is present, Reuters-21578 and the PAN
// 2013 source and suspicious documents.
func BenchmarkRun(b *testing.B) {
	b.Run("seeds", func(b *testing.B) { benchRun(b, readCorpus(b, "../testdata/seeds")) })
	b.Run("reuters", func(b *testing.B) {
		benchRun(b, readCorpus(b, shareddata.Path(b, "reuters21578.jsonl.gz")))
	})
	b.Run("pan13", func(b *testing.B) { benchRun(b, readCorpus(b, extractPAN(b))) })
}
