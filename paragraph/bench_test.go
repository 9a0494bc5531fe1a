package paragraph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/paragraph"
)

func benchSplit(b *testing.B, text string) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for range b.N {
		paragraph.Split(text)
	}
}

func BenchmarkSplit(b *testing.B) {
	b.Run("seeds", func(b *testing.B) {
		paths, _ := filepath.Glob("../testdata/seeds/*.txt")
		var all []string
		for _, p := range paths {
			t, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			all = append(all, string(t))
		}
		text := strings.Join(all, "\n\n")
		benchSplit(b, text)
	})
	b.Run("wire", func(b *testing.B) { benchSplit(b, strings.Repeat(wire, 50)) })
	b.Run("reuters", func(b *testing.B) {
		docs := jsonlTexts(b, "reuters21578.jsonl.gz")[:2000]
		size := 0
		for _, d := range docs {
			size += len(d)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			for _, d := range docs {
				paragraph.Split(d)
			}
		}
	})
}
