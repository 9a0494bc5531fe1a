package detect

import "unsafe"

// keyed is a 16-byte record that sorts by its two words, first then second:
// occurrences by (hash, where), links by (pair, pos).
type keyed interface {
	occurrence | link
}

// words is the layout both record types share.
type words struct{ hi, lo uint64 }

// asWords views records as their two words, for sorting.
func asWords[T keyed](a []T) []words {
	if len(a) == 0 {
		return nil
	}
	return unsafe.Slice((*words)(unsafe.Pointer(&a[0])), len(a))
}

// radixSort sorts a by (hi, lo) ascending with a stable least-significant-
// digit radix sort over bytes, skipping every byte position at which all
// records agree (document numbers and word positions use few of their 64
// bits). It uses tmp, which must be as long as a, as scratch, and returns
// whichever of the two holds the sorted records. For the millions of seeds
// a run sorts it is several times faster than a comparison sort.
func radixSort[T keyed](a, tmp []T) []T {
	if sortWords(asWords(a), asWords(tmp[:len(a)])) {
		return tmp[:len(a)]
	}
	return a
}

// sortWords sorts a, using tmp as scratch, and reports whether the result
// ended up in tmp.
func sortWords(a, tmp []words) bool {
	if len(a) < 64 {
		for i := 1; i < len(a); i++ {
			for j := i; j > 0 && (a[j].hi < a[j-1].hi || a[j].hi == a[j-1].hi && a[j].lo < a[j-1].lo); j-- {
				a[j], a[j-1] = a[j-1], a[j]
			}
		}
		return false
	}
	var counts [16][256]int32
	for _, x := range a {
		for b := range 8 {
			counts[b][byte(x.lo>>(8*b))]++
			counts[8+b][byte(x.hi>>(8*b))]++
		}
	}
	src, dst := a, tmp
	swapped := false
	for d := range 16 {
		c := &counts[d]
		shift := uint(8 * (d % 8))
		first := a[0].lo
		if d >= 8 {
			first = a[0].hi
		}
		if int(c[byte(first>>shift)]) == len(a) {
			continue // every record has this byte: nothing to do
		}
		var off int32
		for v := range c {
			off, c[v] = off+c[v], off
		}
		if d < 8 {
			for _, x := range src {
				v := byte(x.lo >> shift)
				dst[c[v]] = x
				c[v]++
			}
		} else {
			for _, x := range src {
				v := byte(x.hi >> shift)
				dst[c[v]] = x
				c[v]++
			}
		}
		src, dst = dst, src
		swapped = !swapped
	}
	return swapped
}
