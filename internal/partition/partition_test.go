package partition_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/reprint-tool/reprint/internal/partition"
)

func TestSpread(t *testing.T) {
	items := []int{7, 2, 9, 4, 4, 1, 8, 3}
	parts := partition.Spread(3, func(emit func(int, int)) {
		for _, x := range items {
			emit(x%3, x)
		}
	})
	want := [][]int{{9, 3}, {7, 4, 4, 1}, {2, 8}}
	if len(parts) != len(want) {
		t.Fatalf("%d parts, want %d", len(parts), len(want))
	}
	for p := range want {
		if !slices.Equal(parts[p], want[p]) {
			t.Errorf("part %d = %v, want %v (emission order kept)", p, parts[p], want[p])
		}
		if cap(parts[p]) != len(parts[p]) {
			t.Errorf("part %d has room for %d items, holds %d: appending would overwrite the next part", p, cap(parts[p]), len(parts[p]))
		}
	}
}

// Blocks must give what Spread gives when the blocks emit in turn, on any
// number of workers.
func TestBlocksIsSpreadInBlockOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const blocks, parts = 37, 11
	items := make([][]int, blocks) // block b's items
	for b := range items {
		for range rng.IntN(50) {
			items[b] = append(items[b], rng.IntN(1000))
		}
	}
	want := partition.Spread(parts, func(emit func(int, int)) {
		for _, its := range items {
			for _, x := range its {
				emit(x%parts, x)
			}
		}
	})
	for _, workers := range []int{1, 2, 3, 8, 100} {
		got := partition.Blocks(parts, blocks, workers, func(b int, emit func(int, int)) {
			for _, x := range items[b] {
				emit(x%parts, x)
			}
		})
		for p := range want {
			if !slices.Equal(got[p], want[p]) {
				t.Errorf("workers %d: part %d = %v, want %v", workers, p, got[p], want[p])
			}
			if cap(got[p]) != len(got[p]) {
				t.Errorf("workers %d: part %d has room for %d items, holds %d", workers, p, cap(got[p]), len(got[p]))
			}
		}
	}
}
