package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/tw"
)

// A table drawn in chunks on several cores must be the table drawn whole.
func TestChunkedTableIsOneTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("reused wording passage wire copy caliphate Reuters é — 東京 x")
	cols := []column{
		{"#", tw.AlignRight, 0, 1},
		{"passage", tw.AlignLeft, minFlexible, 1},
		{"found in", tw.AlignLeft, minFlexible, 1},
	}
	rows := make([][]cell, 1000)
	for i := range rows {
		var text []string
		for range rng.IntN(30) + 1 {
			text = append(text, words[rng.IntN(len(words))])
		}
		var items []string
		for k := range rng.IntN(4) {
			items = append(items, fmt.Sprintf("doc-%d-%d.txt", i, k))
		}
		rows[i] = []cell{textCell(fmt.Sprint(i)), textCell(strings.Join(text, " ")), listCell(items)}
	}
	var whole bytes.Buffer
	if err := renderBoxedChunks(&whole, cols, rows, len(rows)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(whole.String(), "\n"); got < len(rows)+4 {
		t.Fatalf("whole table has %d lines for %d rows", got, len(rows))
	}
	for _, chunk := range []int{1, 7, 256, 999} {
		var b bytes.Buffer
		if err := renderBoxedChunks(&b, cols, rows, chunk); err != nil {
			t.Fatal(err)
		}
		if b.String() != whole.String() {
			t.Errorf("chunks of %d rows: table differs from the table drawn whole", chunk)
		}
	}
}

func TestFitWidths(t *testing.T) {
	tests := []struct {
		name                     string
		natural, minimum, weight []int
		budget                   int
		want                     []int
	}{
		{"all fit", []int{3, 10, 5}, []int{1, 1, 1}, []int{1, 1, 1}, 30, []int{3, 10, 5}},
		{"even split", []int{40, 40}, []int{1, 1}, []int{1, 1}, 30, []int{15, 15}},
		{"double weight", []int{40, 40, 40}, []int{1, 1, 1}, []int{2, 1, 1}, 40, []int{20, 10, 10}},
		{"narrow first, rest by weight", []int{4, 60, 30, 30}, []int{1, 1, 1, 1}, []int{1, 2, 1, 1}, 44, []int{4, 20, 10, 10}},
		{"weight capped by natural", []int{12, 40, 40}, []int{1, 1, 1}, []int{2, 1, 1}, 40, []int{12, 14, 14}},
		{"minimum wins", []int{40, 40}, []int{25, 1}, []int{1, 1}, 30, []int{25, 5}},
		{"zero weight counts as one", []int{10, 20}, []int{1, 1}, []int{1, 0}, 30, []int{10, 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fitWidths(tt.natural, tt.minimum, tt.weight, tt.budget); !slices.Equal(got, tt.want) {
				t.Errorf("fitWidths = %v, want %v", got, tt.want)
			}
		})
	}
}
