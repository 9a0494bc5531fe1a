package index_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/index"
)

// TestAddPrepared: Add reports every article whose features it computed,
// from its workers, counting up to the number of articles given.
func TestAddPrepared(t *testing.T) {
	docs := readDocs(t, "../testdata/seeds")
	p, err := index.ParamsOf(detect.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 4} {
		b, err := index.OpenBolt(filepath.Join(t.TempDir(), "test.idx"), index.BoltOptions{Create: &p})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var dones []int
		res, err := index.Add(context.Background(), b, docs, index.AddOptions{
			BatchArticles: 2, Workers: workers,
			Prepared: func(done, total int) {
				mu.Lock()
				defer mu.Unlock()
				if total != len(docs) {
					t.Errorf("workers %d: Prepared(%d, %d): total, want %d", workers, done, total, len(docs))
				}
				dones = append(dones, done)
			},
		})
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if err != nil || res.Added != len(docs) {
			t.Fatalf("workers %d: Add: %+v, %v", workers, res, err)
		}
		slices.Sort(dones)
		want := make([]int, len(docs))
		for i := range want {
			want[i] = i + 1
		}
		if !slices.Equal(dones, want) {
			t.Errorf("workers %d: done counts %v, want %v", workers, dones, want)
		}
	}
}
