package minhash_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/reprint-tool/reprint/minhash"
)

// benchShingles is the size of a typical paragraph's shingle set.
const benchShingles = 40

func randomShingles(n int, seed uint64) []uint64 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	s := make([]uint64, n)
	for i := range s {
		s[i] = rng.Uint64()
	}
	return s
}

func BenchmarkSignature(b *testing.B) {
	shingles := randomShingles(benchShingles, 1)
	for _, perms := range []int{64, 128} {
		b.Run(fmt.Sprintf("perms=%d", perms), func(b *testing.B) {
			h := minhash.NewHasher(perms, 42)
			b.ReportAllocs()
			var sig []uint64
			for b.Loop() {
				sig = h.Signature(shingles)
			}
			if len(sig) != perms {
				b.Fatalf("len %d", len(sig))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchShingles, "ns/shingle")
		})
	}
}

func BenchmarkKeys(b *testing.B) {
	for _, perms := range []int{64, 128} {
		b.Run(fmt.Sprintf("perms=%d", perms), func(b *testing.B) {
			lsh, err := minhash.NewLSH(0.5, perms)
			if err != nil {
				b.Fatal(err)
			}
			sig := minhash.NewHasher(perms, 42).Signature(randomShingles(benchShingles, 1))
			keys := make([]uint64, 0, lsh.Bands)
			b.ReportAllocs()
			for b.Loop() {
				keys = lsh.AppendKeys(keys[:0], sig)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lsh.Bands), "ns/band")
		})
	}
}

func BenchmarkNewLSH(b *testing.B) {
	for _, perms := range []int{64, 128, 256} {
		b.Run(fmt.Sprintf("perms=%d", perms), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := minhash.NewLSH(0.5, perms); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
