// Package partition spreads items over numbered parts in one allocation,
// so that each part can then be worked on by its own goroutine.
package partition

import (
	"sync"
	"sync/atomic"
)

// Spread puts the items that each emits into n parts, each item into the
// part emit names with it. It calls each twice, counting first, so that one
// allocation holds every item; each must emit the same items both times.
// Items keep their emission order within a part.
func Spread[T any](n int, each func(emit func(part int, x T))) [][]T {
	return Blocks(n, 1, 1, func(_ int, emit func(int, T)) { each(emit) })
}

// Blocks is Spread with the emitting cut into blocks that run on up to
// workers goroutines at once: each(b, emit) emits the items of block b, and
// must emit the same ones every time it is called. The parts come out as
// Spread gives them when the blocks emit in turn: block 0's items first,
// then block 1's, each in emission order, whatever the number of workers.
func Blocks[T any](n, blocks, workers int, each func(block int, emit func(part int, x T))) [][]T {
	// counts[b*n+p] is how many items block b puts in part p; it becomes
	// where in all the next of them goes.
	counts := make([]int, blocks*n)
	Each(blocks, workers, func(b int) {
		c := counts[b*n : (b+1)*n]
		each(b, func(p int, _ T) { c[p]++ })
	})
	// Lay the parts out one after another, and within part p the blocks'
	// items in block order.
	bounds := make([]int, n+1)
	off := 0
	for p := range n {
		bounds[p] = off
		for b := range blocks {
			c := counts[b*n+p]
			counts[b*n+p] = off
			off += c
		}
	}
	bounds[n] = off
	all := make([]T, off)
	parts := make([][]T, n)
	for p := range parts {
		parts[p] = all[bounds[p]:bounds[p+1]:bounds[p+1]]
	}
	Each(blocks, workers, func(b int) {
		o := counts[b*n : (b+1)*n]
		each(b, func(p int, x T) {
			all[o[p]] = x
			o[p]++
		})
	})
	return parts
}

// Each calls fn(b) for every b in [0, n) on up to workers goroutines, each
// taking the next b as it finishes one, and returns when all are done.
func Each(n, workers int, fn func(b int)) {
	workers = max(1, min(workers, n))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				b := int(next.Add(1) - 1)
				if b >= n {
					return
				}
				fn(b)
			}
		})
	}
	wg.Wait()
}
