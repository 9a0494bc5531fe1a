package detect

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// groupEarliest must find exactly the repeated hashes and, for each, the
// occurrence with the smallest where, as sorting would.
func TestGroupEarliest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var sc scratch
	for _, tc := range []struct {
		name     string
		n        int
		distinct uint64
		lowBits  bool // hashes that differ only in their top bits collide in the table
	}{
		{"empty", 0, 1, false},
		{"one", 1, 1, false},
		{"all same", 50, 1, false},
		{"few repeats", 2000, 1 << 40, false},
		{"many repeats", 2000, 300, false},
		{"colliding slots", 500, 100, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			occ := make([]occurrence, tc.n)
			wheres := rng.Perm(tc.n)
			for i := range occ {
				h := rng.Uint64N(tc.distinct)
				if tc.lowBits {
					h <<= 50 // same low bits for all: every probe collides
				}
				occ[i] = occurrence{hash: h, where: uint64(wheres[i])}
			}
			// Reference: group by hash with a map, earliest by where.
			earliest := map[uint64]int{}
			count := map[uint64]int{}
			for i, o := range occ {
				count[o.hash]++
				if f, ok := earliest[o.hash]; !ok || o.where < occ[f].where {
					earliest[o.hash] = i
				}
			}
			var want, got [][2]int32
			for i, o := range occ {
				if count[o.hash] > 1 {
					want = append(want, [2]int32{int32(i), int32(earliest[o.hash])})
				}
			}
			sc.groupEarliest(occ, func(i, first int32) { got = append(got, [2]int32{i, first}) })
			if !slices.Equal(got, want) {
				t.Errorf("got %d (occurrence, earliest) pairs, want %d; first difference in %v vs %v", len(got), len(want), head(got), head(want))
			}
		})
	}
}

func head(a [][2]int32) [][2]int32 { return a[:min(len(a), 5)] }

// intersect must count distinct non-zero values as sets would, whatever
// the sizes and however often the scratch table is reused.
func TestIntersect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var sc scratch
	for trial := range 300 {
		gen := func(n int, universe uint64) []uint64 {
			a := make([]uint64, n)
			for i := range a {
				a[i] = rng.Uint64N(universe) << (trial % 3 * 20) // some trials share low bits
			}
			return a
		}
		universe := uint64(1 + rng.IntN(400))
		a, b := gen(rng.IntN(300), universe), gen(rng.IntN(300), universe)
		setA, setB := map[uint64]bool{}, map[uint64]bool{}
		for _, h := range a {
			if h != 0 {
				setA[h] = true
			}
		}
		inter := 0
		for _, h := range b {
			if h != 0 && !setB[h] {
				setB[h] = true
				if setA[h] {
					inter++
				}
			}
		}
		na, nb, ni := sc.intersect(a, b)
		if na != len(setA) || nb != len(setB) || ni != inter {
			t.Fatalf("trial %d: intersect = %d, %d, %d; want %d, %d, %d", trial, na, nb, ni, len(setA), len(setB), inter)
		}
	}
}

// places must keep the first place of each hash, as a map filled in order
// would, however often it is reset.
func TestPlaces(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var p places
	for trial := range 100 {
		n := rng.IntN(200)
		keys := make([]uint64, n)
		want := map[uint64]int32{}
		p.reset(n)
		for i := range keys {
			keys[i] = rng.Uint64N(uint64(1+n/2)) << (trial % 2 * 40) // shared low bits in odd trials
			if _, ok := want[keys[i]]; !ok {
				want[keys[i]] = int32(i)
			}
			p.add(keys[i], int32(i))
		}
		for h, v := range want {
			if got, ok := p.get(h); !ok || got != v {
				t.Fatalf("trial %d: get(%d) = %d, %v; want %d", trial, h, got, ok, v)
			}
		}
		if _, ok := p.get(1<<63 + 12345); ok {
			t.Fatalf("trial %d: found a key never added", trial)
		}
	}
}
