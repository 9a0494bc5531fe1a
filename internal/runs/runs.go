// Package runs walks the runs of a sorted slice: the stretches of
// neighbouring elements that share a key.
package runs

// Each calls fn with each run of s, in order: each maximal stretch of
// neighbouring elements with the same key. s is usually sorted by key, so
// that each key has one run.
func Each[T any, K comparable](s []T, key func(T) K, fn func(run []T)) {
	for i := 0; i < len(s); {
		k := key(s[i])
		j := i + 1
		for j < len(s) && key(s[j]) == k {
			j++
		}
		fn(s[i:j])
		i = j
	}
}

// AtLeast returns how many distinct values occur at least n times in s,
// which it expects sorted.
func AtLeast[T comparable](s []T, n int) int {
	count := 0
	Each(s, func(x T) T { return x }, func(run []T) {
		if len(run) >= n {
			count++
		}
	})
	return count
}
