package runs_test

import (
	"slices"
	"testing"

	"github.com/reprint-tool/reprint/internal/runs"
)

func TestEach(t *testing.T) {
	tests := []struct {
		in   []int
		want [][]int
	}{
		{nil, nil},
		{[]int{7}, [][]int{{7}}},
		{[]int{1, 1, 2, 3, 3, 3}, [][]int{{1, 1}, {2}, {3, 3, 3}}},
		{[]int{1, 2, 1}, [][]int{{1}, {2}, {1}}}, // unsorted: a key's runs apart
	}
	for _, tt := range tests {
		var got [][]int
		runs.Each(tt.in, func(x int) int { return x }, func(run []int) { got = append(got, slices.Clone(run)) })
		if !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("Each(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// By a key: values of one tens.
	var lens []int
	runs.Each([]int{10, 11, 19, 20, 35, 36}, func(x int) int { return x / 10 }, func(run []int) { lens = append(lens, len(run)) })
	if !slices.Equal(lens, []int{3, 1, 2}) {
		t.Errorf("runs by tens have lengths %v, want [3 1 2]", lens)
	}
}

func TestAtLeast(t *testing.T) {
	s := []int{1, 1, 1, 2, 3, 3, 4, 4, 4, 4}
	for n, want := range map[int]int{1: 4, 2: 3, 3: 2, 4: 1, 5: 0} {
		if got := runs.AtLeast(s, n); got != want {
			t.Errorf("AtLeast(%v, %d) = %d, want %d", s, n, got, want)
		}
	}
}
