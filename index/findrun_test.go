package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFindRun compares findRun's guided search with a plain scan, on
// uniform and on skewed blocks, for present and absent hashes.
func TestFindRun(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 2, 3, 7, 64, 641} {
		for _, skew := range []bool{false, true} {
			var lows []uint64
			for range n {
				v := r.Uint64() & lowMask
				if skew {
					v >>= 20 // all in the first part of the range
				}
				lows = append(lows, v)
				if r.IntN(4) == 0 {
					lows = append(lows, v) // runs of equal hashes
				}
			}
			slices.Sort(lows)
			var block []byte
			for i, v := range lows {
				block = appendEntry(block, posting{low: v, doc: DocNum(i)}, false)
			}
			probes := append(slices.Clone(lows), 0, lowMask, 1, lowMask-1)
			for range 50 {
				probes = append(probes, r.Uint64()&lowMask, (r.Uint64()&lowMask)>>20)
			}
			for _, p := range probes {
				got, err := findRun(block, p, false)
				if err != nil {
					t.Fatal(err)
				}
				var want []byte
				for i, v := range lows {
					if v == p {
						want = append(want, block[i*shingleWidth:(i+1)*shingleWidth]...)
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d skew=%v: findRun(%x) = %d bytes, want %d", n, skew, p, len(got), len(want))
				}
			}
		}
	}
}
