package detect_test

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/detect"
)

// dataDir is where the shared research corpora live: $REPRINT_DATA, or
// ../shared/data beside the project. Benchmarks that need it skip without it.
func dataDir(tb testing.TB, name string) string {
	tb.Helper()
	dir := os.Getenv("REPRINT_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("corpus %s not available: %v", name, err)
	}
	return p
}

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
	f, err := os.Open(dataDir(tb, "pan13-text-alignment-train.tar.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		parts := strings.Split(h.Name, "/")
		if h.Typeflag != tar.TypeReg || len(parts) != 3 || (parts[1] != "src" && parts[1] != "susp") {
			continue
		}
		p := filepath.Join(dir, parts[1], parts[2])
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
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
		benchRun(b, readCorpus(b, dataDir(b, "reuters21578.jsonl.gz")))
	})
	b.Run("pan13", func(b *testing.B) { benchRun(b, readCorpus(b, extractPAN(b))) })
}
