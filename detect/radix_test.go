package detect

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 63, 64, 65, 1000, 20000} {
		for _, spread := range []uint64{1, 3, 1 << 13, 1 << 40, 0} {
			a := make([]link, n)
			for i := range a {
				if spread == 0 {
					a[i] = link{pair: rng.Uint64(), pos: rng.Uint64()}
				} else {
					a[i] = link{pair: rng.Uint64N(spread) << 32, pos: rng.Uint64N(spread)}
				}
			}
			want := slices.Clone(a)
			slices.SortStableFunc(want, byCopy)
			got := radixSort(slices.Clone(a), make([]link, n))
			if !slices.Equal(got, want) {
				t.Errorf("links n=%d spread=%d: radix order differs from a comparison sort", n, spread)
			}
			occ := make([]occurrence, n)
			for i := range occ {
				occ[i] = occurrence{hash: a[i].pair ^ a[i].pos>>7, where: a[i].pos}
			}
			wantOcc := slices.Clone(occ)
			slices.SortStableFunc(wantOcc, func(x, y occurrence) int {
				return cmp.Or(cmp.Compare(x.hash, y.hash), cmp.Compare(x.where, y.where))
			})
			if got := radixSort(slices.Clone(occ), make([]occurrence, n)); !slices.Equal(got, wantOcc) {
				t.Errorf("occurrences n=%d spread=%d: radix order differs from a comparison sort", n, spread)
			}
		}
	}
}

func BenchmarkSortLinks(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := make([]link, 10000)
	for i := range a {
		a[i] = newLink(int32(rng.IntN(5000)), int32(rng.IntN(20)), int32(rng.IntN(20000)), int32(rng.IntN(20000)))
	}
	work, tmp := make([]link, len(a)), make([]link, len(a))
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(work, a)
			radixSort(work, tmp)
		}
	})
	b.Run("pdqsort", func(b *testing.B) {
		for b.Loop() {
			copy(work, a)
			slices.SortFunc(work, byCopy)
		}
	})
}

func byCopy(a, b link) int {
	return cmp.Or(cmp.Compare(a.pair, b.pair), cmp.Compare(a.pos, b.pos))
}
