package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/tw"
)

// A table drawn in chunks on several cores must be the table drawn whole.
func TestChunkedTableIsOneTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("reused wording passage wire copy caliphate Reuters é — 東京 x")
	cols := []column{
		{"#", tw.AlignRight, 0},
		{"passage", tw.AlignLeft, minFlexible},
		{"found in", tw.AlignLeft, minFlexible},
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
