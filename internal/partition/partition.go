// Package partition spreads items over numbered parts in one allocation,
// so that each part can then be worked on by its own goroutine.
package partition

// Spread puts the items that each emits into n parts, each item into the
// part emit names with it. It calls each twice, counting first, so that one
// allocation holds every item; each must emit the same items both times.
// Items keep their emission order within a part.
func Spread[T any](n int, each func(emit func(part int, x T))) [][]T {
	counts := make([]int, n)
	each(func(p int, _ T) { counts[p]++ })
	total := 0
	for _, c := range counts {
		total += c
	}
	all := make([]T, total)
	parts := make([][]T, n)
	off := 0
	for p, c := range counts {
		parts[p] = all[off : off : off+c]
		off += c
	}
	each(func(p int, x T) { parts[p] = append(parts[p], x) })
	return parts
}
