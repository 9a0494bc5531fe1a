package minhash

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/cespare/xxhash/v2"
)

// LSH is a banding of MinHash signatures: the first Bands*Rows slots of a
// signature are cut into Bands bands of Rows consecutive slots, and two
// signatures become a candidate pair when they agree on every slot of at
// least one band. Slots past Bands*Rows are not used. The zero LSH has no
// bands and makes no candidates.
type LSH struct {
	Bands, Rows int
}

// NewLSH chooses the banding for signatures of the given length that best
// separates pairs above a Jaccard threshold from pairs below it. Like
// datasketch's MinHashLSH (_optimal_param with equal weights), it minimises
//
//	∫₀ᵗ P(s) ds + ∫ₜ¹ (1 − P(s)) ds,   P(s) = 1 − (1 − sʳ)ᵇ,
//
// the false-positive plus the false-negative probability mass, over all
// b, r ≥ 1 with b·r ≤ permutations; among equal minima (to within 1e-11)
// the smallest b wins, then the smallest r. The best banding may leave
// permutations unused (28×2 for threshold 0.2 at 128).
//
// NewLSH returns an error unless 0 < threshold < 1 and permutations ≥ 1. Its
// cost grows as permutations² · log(permutations): about a millisecond at
// 128, 5 ms at 256, 0.1 s at 1024.
func NewLSH(threshold float64, permutations int) (LSH, error) {
	if !(threshold > 0 && threshold < 1) {
		return LSH{}, fmt.Errorf("minhash: LSH threshold %v is not strictly between 0 and 1", threshold)
	}
	if permutations < 1 {
		return LSH{}, fmt.Errorf("minhash: LSH over %d permutations, need at least 1", permutations)
	}
	b, r := optimalBanding(threshold, permutations)
	return LSH{Bands: b, Rows: r}, nil
}

// Probability is the chance that two sets of Jaccard similarity jaccard (in
// [0, 1]) share at least one band: 1 − (1 − jaccardʳ)ᵇ.
func (l LSH) Probability(jaccard float64) float64 {
	return 1 - math.Pow(1-math.Pow(jaccard, float64(l.Rows)), float64(l.Bands))
}

// AppendKeys appends one bucket key per band of sig to dst and returns the
// extended slice. Two signatures share band i's key when (barring 64-bit hash
// collisions) they agree on all of band i's slots. Keys are mixed with the
// band index, so equal contents in different bands always give different keys
// and the keys of all bands can share one table.
//
// An empty signature (that of an empty set) has no keys: dst is returned
// unchanged. AppendKeys panics if sig is non-empty but shorter than
// Bands*Rows.
func (l LSH) AppendKeys(dst []uint64, sig []uint64) []uint64 {
	if len(sig) == 0 {
		return dst
	}
	if len(sig) < l.Bands*l.Rows {
		panic(fmt.Sprintf("minhash: signature of length %d for %d bands of %d rows", len(sig), l.Bands, l.Rows))
	}
	for i := range l.Bands {
		dst = append(dst, bandKey(i, sig[i*l.Rows:(i+1)*l.Rows]))
	}
	return dst
}

// bandKey is fmix64(XXH64(band) + i). XXH64 of the band's little-endian bytes
// gives a well-spread hash of its contents (raw MinHash values are minima, so
// their high bits are mostly zero); adding i and applying fmix64, a bijection,
// makes keys of equal contents in bands i ≠ j differ with certainty, not just
// with high probability.
func bandKey(i int, band []uint64) uint64 {
	var d xxhash.Digest
	d.Reset()
	var buf [64]byte
	for len(band) > 0 {
		n := min(len(band), len(buf)/8)
		for j, v := range band[:n] {
			binary.LittleEndian.PutUint64(buf[8*j:], v)
		}
		d.Write(buf[:8*n]) // never fails
		band = band[n:]
	}
	return fmix64(d.Sum64() + uint64(i))
}

// fmix64 is MurmurHash3's 64-bit finaliser, a bijection on uint64.
func fmix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// Five-point Gauss–Legendre nodes and weights on [-1, 1].
var (
	glNodes   = [5]float64{-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640}
	glWeights = [5]float64{0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891}
)

// quadrature returns nodes and weights of composite five-point Gauss–Legendre
// quadrature on [a, b] with n equal panels.
func quadrature(a, b float64, n int) (xs, ws []float64) {
	h := (b - a) / float64(n)
	xs = make([]float64, 0, 5*n)
	ws = make([]float64, 0, 5*n)
	for p := range n {
		mid := a + (float64(p)+0.5)*h
		for j, x := range glNodes {
			xs = append(xs, mid+x*h/2)
			ws = append(ws, glWeights[j]*h/2)
		}
	}
	return xs, ws
}

// optimalBanding returns the (bands, rows) minimising the false-positive plus
// false-negative probability mass for the threshold t, as NewLSH documents.
//
// P(s) = 1 − (1 − sʳ)ᵇ is a polynomial of degree b·r ≤ k whose steepest
// features are about 1/k wide, so composite Gauss–Legendre with panels no
// wider than 2/k integrates it to ~1e-12, far below the gaps between
// competing bandings. The powers are built up incrementally: for each r,
// sʳ from sʳ⁻¹, and (1 − sʳ)ᵇ from (1 − sʳ)ᵇ⁻¹ as b grows, so no math.Pow.
func optimalBanding(t float64, k int) (bands, rows int) {
	panels := max(32, (k+1)/2)
	xl, wl := quadrature(0, t, panels) // false positives: ∫₀ᵗ P
	xh, wh := quadrature(t, 1, panels) // false negatives: ∫ₜ¹ (1 − P)

	// loss[r-1][b-1] for b·r ≤ k.
	loss := make([][]float64, k)
	pl := make([]float64, len(xl)) // sʳ at the low nodes
	ph := make([]float64, len(xh)) // sʳ at the high nodes
	ql := make([]float64, len(xl)) // (1 − sʳ)ᵇ at the low nodes
	qh := make([]float64, len(xh)) // (1 − sʳ)ᵇ at the high nodes
	for i := range pl {
		pl[i] = 1
	}
	for i := range ph {
		ph[i] = 1
	}
	for r := 1; r <= k; r++ {
		for i, x := range xl {
			pl[i] *= x
			ql[i] = 1
		}
		for i, x := range xh {
			ph[i] *= x
			qh[i] = 1
		}
		loss[r-1] = make([]float64, k/r)
		for b := 1; b <= k/r; b++ {
			var fp, fn float64
			for i, p := range pl {
				ql[i] *= 1 - p
				fp += wl[i] * (1 - ql[i])
			}
			for i, p := range ph {
				qh[i] *= 1 - p
				fn += wh[i] * qh[i]
			}
			loss[r-1][b-1] = 0.5*fp + 0.5*fn
		}
	}

	// Scan in datasketch's order (b outer, r inner) and keep the first of
	// equal minima. Exact ties do occur (at k=2, t=0.5, bandings 1×1, 1×2 and
	// 2×1 all lose exactly 1/8); a candidate must beat the best by more than
	// the integration error to replace it, so rounding cannot pick among
	// them.
	const tieTolerance = 1e-11
	best := math.Inf(1)
	for b := 1; b <= k; b++ {
		for r := 1; r <= k/b; r++ {
			if e := loss[r-1][b-1]; e < best-tieTolerance {
				best, bands, rows = e, b, r
			}
		}
	}
	return bands, rows
}
