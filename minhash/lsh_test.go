package minhash_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/reprint-tool/reprint/minhash"
)

// exactLoss is datasketch's objective ½·∫₀ᵗ P + ½·∫ₜ¹ (1−P) with
// P(s) = 1 − (1 − sʳ)ᵇ, integrated in closed form through the binomial
// expansion (1 − sʳ)ᵇ = Σⱼ C(b,j)(−1)ʲ sʳʲ:
//
//	∫₀ᵗ P + ∫ₜ¹ (1−P) = t + Σⱼ C(b,j)(−1)ʲ (1 − 2tʳʲ⁺¹)/(rj+1).
//
// The alternating sum cancels catastrophically in float64 (C(128,64) ≈ 2¹²⁵),
// so it is summed in 640-bit floating point, which leaves hundreds of bits.
func exactLoss(t float64, b, r int) float64 {
	const prec = 640
	newF := func() *big.Float { return new(big.Float).SetPrec(prec) }
	tf := newF().SetFloat64(t)
	tr := newF().SetFloat64(1)
	for range r {
		tr.Mul(tr, tf)
	}
	one := newF().SetFloat64(1)
	sum := newF()
	tpow := newF().Set(tf) // t^(rj+1)
	binom := big.NewInt(1) // C(b, j)
	term, bf, den := newF(), newF(), newF()
	for j := 0; j <= b; j++ {
		term.Mul(tpow, newF().SetFloat64(2))
		term.Sub(one, term)
		term.Mul(term, bf.SetInt(binom))
		term.Quo(term, den.SetInt64(int64(r*j+1)))
		if j%2 == 0 {
			sum.Add(sum, term)
		} else {
			sum.Sub(sum, term)
		}
		tpow.Mul(tpow, tr)
		binom.Mul(binom, big.NewInt(int64(b-j)))
		binom.Quo(binom, big.NewInt(int64(j+1)))
	}
	sum.Add(sum, tf)
	loss, _ := sum.Float64()
	return loss / 2
}

// simpsonLoss is the same objective by brute-force composite Simpson
// integration with n (even) panels on each side of t.
func simpsonLoss(t float64, b, r, n int) float64 {
	lo, hi := t/float64(n), (1-t)/float64(n) // panel widths
	var fp, fn float64
	for i := 0; i <= n; i++ {
		w := 2.0
		switch {
		case i == 0 || i == n:
			w = 1
		case i%2 == 1:
			w = 4
		}
		fp += w * (1 - ipow(1-ipow(float64(i)*lo, r), b)) // P on [0, t]
		fn += w * ipow(1-ipow(t+float64(i)*hi, r), b)     // 1 − P on [t, 1]
	}
	return 0.5*fp*lo/3 + 0.5*fn*hi/3
}

// ipow is xⁿ by repeated squaring. (math.Pow is as good but ten times slower
// under the race detector, which made this test take many seconds.)
func ipow(x float64, n int) float64 {
	p := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			p *= x
		}
		x *= x
	}
	return p
}

type banding struct {
	b, r         int
	loss, second float64 // the minimum and the next-lowest loss
}

// bruteForceBanding scans every b·r ≤ k in datasketch's order (b outer, r
// inner), keeping the first of minima equal to within tol.
func bruteForceBanding(k int, tol float64, loss func(b, r int) float64) banding {
	best := banding{loss: math.Inf(1), second: math.Inf(1)}
	for b := 1; b <= k; b++ {
		for r := 1; r <= k/b; r++ {
			e := loss(b, r)
			switch {
			case e < best.loss-tol:
				best.second = best.loss
				best.b, best.r, best.loss = b, r, e
			case e < best.second:
				best.second = e
			}
		}
	}
	return best
}

func TestNewLSHMatchesBruteForce(t *testing.T) {
	tests := []struct {
		threshold float64
		perms     int
		tie       bool // the minimum is shared; the first in scan order wins
	}{
		{0.3, 128, false},
		{0.5, 128, false},
		{0.7, 128, false},
		{0.8, 128, false},
		{0.5, 64, false},
		{0.9, 32, false},
		{0.1, 16, false},
		{0.2, 128, false}, // uses only 56 of the permutations
		{0.6, 200, false},
		{0.5, 1, false},
		{0.5, 2, true}, // 1×1, 1×2 and 2×1 all lose exactly 1/8
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("t=%v/k=%d", tt.threshold, tt.perms), func(t *testing.T) {
			t.Parallel()
			got, err := minhash.NewLSH(tt.threshold, tt.perms)
			if err != nil {
				t.Fatal(err)
			}
			exact := bruteForceBanding(tt.perms, 1e-12, func(b, r int) float64 { return exactLoss(tt.threshold, b, r) })
			numeric := bruteForceBanding(tt.perms, 1e-9, func(b, r int) float64 { return simpsonLoss(tt.threshold, b, r, 2000) })
			if exact.b != numeric.b || exact.r != numeric.r {
				t.Fatalf("references disagree: closed form b=%d r=%d, Simpson b=%d r=%d", exact.b, exact.r, numeric.b, numeric.r)
			}
			if math.Abs(exact.loss-numeric.loss) > 1e-9 {
				t.Errorf("references disagree on the minimum loss: %v vs %v", exact.loss, numeric.loss)
			}
			// Apart from the exact ties, a near tie would make the comparison
			// depend on integration error; none of these cases has one.
			switch margin := exact.second - exact.loss; {
			case tt.tie && margin > 1e-12:
				t.Errorf("expected a tie, runner-up is %g above the minimum", margin)
			case !tt.tie && margin < 1e-7:
				t.Errorf("runner-up only %g above the minimum; the case does not discriminate", margin)
			}
			if got.Bands != exact.b || got.Rows != exact.r {
				t.Errorf("NewLSH(%v, %d) = %d bands × %d rows (loss %.6f), brute force gives %d × %d (loss %.6f)",
					tt.threshold, tt.perms, got.Bands, got.Rows, exactLoss(tt.threshold, got.Bands, got.Rows),
					exact.b, exact.r, exact.loss)
			}
			t.Logf("b=%d r=%d loss=%.6f runner-up +%.2g", exact.b, exact.r, exact.loss, exact.second-exact.loss)
		})
	}
}

func TestNewLSHShape(t *testing.T) {
	const perms = 128
	prevRows := 0
	for _, threshold := range []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95} {
		l, err := minhash.NewLSH(threshold, perms)
		if err != nil {
			t.Fatal(err)
		}
		if l.Bands < 1 || l.Rows < 1 || l.Bands*l.Rows > perms {
			t.Errorf("t=%v: %d bands × %d rows does not fit %d permutations", threshold, l.Bands, l.Rows, perms)
		}
		// The threshold sits in the steep middle of the S-curve, near its
		// inflection point (1/b)^(1/r).
		if p := l.Probability(threshold); p < 0.25 || p > 0.75 {
			t.Errorf("t=%v (%d×%d): Probability(threshold) = %.3f, want mid-curve", threshold, l.Bands, l.Rows, p)
		}
		if mid := math.Pow(1/float64(l.Bands), 1/float64(l.Rows)); math.Abs(mid-threshold) > 0.08 {
			t.Errorf("t=%v (%d×%d): S-curve midpoint %.3f is far from the threshold", threshold, l.Bands, l.Rows, mid)
		}
		// Higher thresholds need longer bands. (Bands are not monotone: the
		// objective can leave permutations unused, e.g. 28×2 at 0.2.)
		if l.Rows < prevRows {
			t.Errorf("t=%v: %d rows, fewer than %d at a lower threshold", threshold, l.Rows, prevRows)
		}
		prevRows = l.Rows
	}
	lo, _ := minhash.NewLSH(0.3, perms)
	hi, _ := minhash.NewLSH(0.8, perms)
	if hi.Rows <= lo.Rows {
		t.Errorf("rows at 0.8 (%d) not more than at 0.3 (%d)", hi.Rows, lo.Rows)
	}
}

func TestNewLSHRejectsInvalidInput(t *testing.T) {
	tests := []struct {
		threshold float64
		perms     int
	}{
		{0, 128},
		{1, 128},
		{-0.5, 128},
		{1.5, 128},
		{math.NaN(), 128},
		{math.Inf(1), 128},
		{math.Inf(-1), 128},
		{0.5, 0},
		{0.5, -3},
	}
	for _, tt := range tests {
		if l, err := minhash.NewLSH(tt.threshold, tt.perms); err == nil {
			t.Errorf("NewLSH(%v, %d) = %+v, want an error", tt.threshold, tt.perms, l)
		} else if l != (minhash.LSH{}) {
			t.Errorf("NewLSH(%v, %d) returned %+v with its error, want the zero LSH", tt.threshold, tt.perms, l)
		}
	}
}

func TestProbability(t *testing.T) {
	tests := []struct {
		lsh     minhash.LSH
		jaccard float64
		want    float64
	}{
		{minhash.LSH{Bands: 1, Rows: 1}, 0.37, 0.37},
		{minhash.LSH{Bands: 1, Rows: 2}, 0.5, 0.25},
		{minhash.LSH{Bands: 2, Rows: 1}, 0.5, 0.75},
		{minhash.LSH{Bands: 20, Rows: 5}, 0.5, 1 - math.Pow(1-1.0/32, 20)},
		{minhash.LSH{Bands: 25, Rows: 5}, 0, 0},
		{minhash.LSH{Bands: 25, Rows: 5}, 1, 1},
		{minhash.LSH{}, 0.9, 0},
	}
	for _, tt := range tests {
		if got := tt.lsh.Probability(tt.jaccard); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%+v.Probability(%v) = %v, want %v", tt.lsh, tt.jaccard, got, tt.want)
		}
	}
	// Monotone in the similarity.
	l := minhash.LSH{Bands: 14, Rows: 9}
	prev := -1.0
	for s := 0.0; s <= 1; s += 0.01 {
		p := l.Probability(s)
		if p < prev {
			t.Errorf("Probability(%.2f) = %v < Probability(%.2f) = %v", s, p, s-0.01, prev)
		}
		prev = p
	}
}

func TestAppendKeys(t *testing.T) {
	lsh := minhash.LSH{Bands: 4, Rows: 3}
	base := []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 99} // slot 12 is past the bands
	keys := func(sig []uint64) []uint64 { return lsh.AppendKeys(nil, sig) }
	baseKeys := keys(base)
	if len(baseKeys) != lsh.Bands {
		t.Fatalf("%d keys for %d bands", len(baseKeys), lsh.Bands)
	}

	tests := []struct {
		name string
		edit func(sig []uint64)
		// differ lists the bands whose keys must change; all others must not.
		differ []int
	}{
		{"identical", func([]uint64) {}, nil},
		{"unused slot", func(s []uint64) { s[12] = 0 }, nil},
		{"band 0 first slot", func(s []uint64) { s[0]++ }, []int{0}},
		{"band 1 middle slot", func(s []uint64) { s[4] ^= 1 << 63 }, []int{1}},
		{"band 3 last slot", func(s []uint64) { s[11] = 0 }, []int{3}},
		{"band 2 swapped slots", func(s []uint64) { s[6], s[7] = s[7], s[6] }, []int{2}},
		{"bands 0 and 2", func(s []uint64) { s[1], s[8] = 0, 0 }, []int{0, 2}},
	}
	for _, tt := range tests {
		sig := slices.Clone(base)
		tt.edit(sig)
		got := keys(sig)
		for i := range got {
			if changed, want := got[i] != baseKeys[i], slices.Contains(tt.differ, i); changed != want {
				t.Errorf("%s: band %d key changed=%v, want %v", tt.name, i, changed, want)
			}
		}
	}

	// Equal contents in different bands give different keys.
	same := []uint64{7, 8, 9, 7, 8, 9, 7, 8, 9, 7, 8, 9}
	sk := keys(same)
	for i := range sk {
		for j := i + 1; j < len(sk); j++ {
			if sk[i] == sk[j] {
				t.Errorf("bands %d and %d with equal contents share key %#x", i, j, sk[i])
			}
		}
	}
	// Moving a band's contents to another band does not keep its key.
	moved := slices.Concat(base[3:6], base[0:3], base[6:12])
	mk := keys(moved)
	if mk[0] == baseKeys[1] || mk[1] == baseKeys[0] {
		t.Error("a band's contents keep their key in another band")
	}
}

func TestAppendKeysAppends(t *testing.T) {
	lsh := minhash.LSH{Bands: 3, Rows: 2}
	sig := []uint64{1, 2, 3, 4, 5, 6}
	dst := []uint64{42}
	got := lsh.AppendKeys(dst, sig)
	if len(got) != 4 || got[0] != 42 {
		t.Fatalf("AppendKeys([42], sig) = %v, want 42 then 3 keys", got)
	}
	if !slices.Equal(got[1:], lsh.AppendKeys(nil, sig)) {
		t.Error("keys depend on dst")
	}
	// An empty signature (empty set) has no keys.
	for _, empty := range [][]uint64{nil, {}} {
		if got := lsh.AppendKeys(dst, empty); !slices.Equal(got, []uint64{42}) {
			t.Errorf("AppendKeys(dst, %#v) = %v, want dst unchanged", empty, got)
		}
	}
	// The zero LSH has no bands.
	if got := (minhash.LSH{}).AppendKeys(nil, sig); len(got) != 0 {
		t.Errorf("zero LSH gave keys %v", got)
	}
	// Long bands are hashed in chunks; every slot still counts.
	long := minhash.LSH{Bands: 1, Rows: 100}
	a := make([]uint64, 100)
	for i := range a {
		a[i] = uint64(i)
	}
	ka := long.AppendKeys(nil, a)
	for _, i := range []int{0, 7, 8, 63, 64, 99} {
		b := slices.Clone(a)
		b[i]++
		if kb := long.AppendKeys(nil, b); kb[0] == ka[0] {
			t.Errorf("changing slot %d of a 100-row band kept its key", i)
		}
	}
}

func TestAppendKeysShortSignaturePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AppendKeys of 5 slots for 2 bands × 3 rows did not panic")
		}
	}()
	minhash.LSH{Bands: 2, Rows: 3}.AppendKeys(nil, []uint64{1, 2, 3, 4, 5})
}

// TestCandidateRateFollowsSCurve runs the whole pipeline, Hasher to keys, on
// set pairs of known Jaccard similarity and checks that the fraction sharing
// a key matches LSH.Probability. (Far below the threshold the rate exceeds
// the curve because of go-minhash's double hashing, see the package comment:
// over 6,000 pairs, 1.3% instead of 0.8% at J=0.2; the tolerance covers it.)
func TestCandidateRateFollowsSCurve(t *testing.T) {
	const (
		perms = 128
		pairs = 400
		union = 60
	)
	lsh, err := minhash.NewLSH(0.5, perms)
	if err != nil {
		t.Fatal(err)
	}
	h := minhash.NewHasher(perms, 11)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, common := range []int{12, 24, 30, 36, 48} { // J = 0.2 … 0.8
		jaccard := float64(common) / union
		hits := 0
		for range pairs {
			elems := distinctValues(rng, union)
			onlyA := (union - common) / 2
			a := elems[:common+onlyA]
			b := append(slices.Clone(elems[:common]), elems[common+onlyA:]...)
			ka := lsh.AppendKeys(nil, h.Signature(a))
			kb := lsh.AppendKeys(nil, h.Signature(b))
			for i := range ka {
				if ka[i] == kb[i] {
					hits++
					break
				}
			}
		}
		rate := float64(hits) / pairs
		p := lsh.Probability(jaccard)
		if tol := 4*math.Sqrt(p*(1-p)/pairs) + 0.01; math.Abs(rate-p) > tol {
			t.Errorf("J=%.2f: %.3f of pairs share a key, S-curve says %.3f (±%.3f)", jaccard, rate, p, tol)
		}
	}
}
