package corpus_test

import (
	"context"
	"io"
	"testing"

	"github.com/reprint-tool/reprint/corpus"
	"github.com/reprint-tool/reprint/internal/shareddata"
)

// BenchmarkRead reads real JSONL corpora; MB/s counts the bytes of
// decompressed input.
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"reuters21578.jsonl.gz", "news-helsinki.jsonl.gz"} {
		b.Run(name, func(b *testing.B) {
			path := realData(b, name)
			n, err := io.Copy(io.Discard, shareddata.Gunzip(b, name))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := corpus.Read(context.Background(), []string{path}, corpus.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
