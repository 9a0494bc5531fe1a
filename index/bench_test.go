package index_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

// BenchmarkAdd indexes a whole corpus into a new index file, in batches of
// the default size: the seeds and, when ../shared/data is present,
// Reuters-21578 (19,043 articles).
func BenchmarkAdd(b *testing.B) {
	b.Run("seeds", func(b *testing.B) { benchAdd(b, readDocs(b, "../testdata/seeds")) })
	b.Run("reuters", func(b *testing.B) { benchAdd(b, readDocs(b, shareddata.Path(b, "reuters21578.jsonl.gz"))) })
}

func benchAdd(b *testing.B, docs []reprint.Document) {
	p, err := index.ParamsOf(detect.Defaults())
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	dir := b.TempDir()
	var fileSize int64
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(dir, "bench.idx")
		os.Remove(path)
		s, err := index.OpenBolt(path, index.BoltOptions{Create: &p})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := index.Add(context.Background(), s, docs, index.AddOptions{}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		fileSize = fi.Size()
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(fileSize)/1e6, "index-MB")
}

// BenchmarkCheck checks one article at a time against an index of the
// whole corpus (the article taken as replaced by itself, which is the
// same as an index without it), cycling through a sample of articles, and
// reports the median and 99th percentile of the time per check. "open"
// opens the index file for each check, as the command does; "held" keeps
// it open, as a long-running process would.
func BenchmarkCheck(b *testing.B) {
	b.Run("seeds", func(b *testing.B) { benchCheck(b, readDocs(b, "../testdata/seeds"), 1) })
	b.Run("reuters", func(b *testing.B) {
		benchCheck(b, readDocs(b, shareddata.Path(b, "reuters21578.jsonl.gz")), 47)
	})
}

func benchCheck(b *testing.B, docs []reprint.Document, every int) {
	p, err := index.ParamsOf(detect.Defaults())
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "bench.idx")
	s, err := index.OpenBolt(path, index.BoltOptions{Create: &p})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := index.Add(context.Background(), s, docs, index.AddOptions{}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	var sample []reprint.Document
	for i := 0; i < len(docs); i += every {
		sample = append(sample, docs[i])
	}
	for _, mode := range []string{"open", "held"} {
		b.Run(mode, func(b *testing.B) {
			r, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: true, KeepOpen: mode == "held"})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			var times []time.Duration
			matches := 0
			for i := 0; b.Loop(); i++ {
				x := sample[i%len(sample)]
				start := time.Now()
				err := r.View(context.Background(), func(rd index.Reader) error {
					res, err := index.Check(context.Background(), rd, r.Params(), []reprint.Document{x}, index.CheckOptions{})
					if err == nil {
						matches += len(res.Matches)
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1e3, "p50-ms")
			b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1e3, "p99-ms")
			b.ReportMetric(float64(matches)/float64(b.N), "matches/check")
		})
	}
}
