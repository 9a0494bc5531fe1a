package partition_test

import (
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
