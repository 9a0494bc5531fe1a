package corpus_test

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"testing"

	"github.com/reprint-tool/reprint/corpus"
)

// BenchmarkRead reads real JSONL corpora; MB/s counts the bytes of
// decompressed input.
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"reuters21578.jsonl.gz", "news-helsinki.jsonl.gz"} {
		b.Run(name, func(b *testing.B) {
			path := realData(b, name)
			b.SetBytes(gunzippedSize(b, path))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := corpus.Read(context.Background(), []string{path}, corpus.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func gunzippedSize(b *testing.B, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		b.Fatal(err)
	}
	return n
}
