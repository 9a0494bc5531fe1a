// Package minhash summarises shingle sets as MinHash signatures and cuts
// signatures into LSH bands, so that two paragraphs whose shingle sets are
// likely to have a Jaccard similarity at or above a threshold share at least
// one bucket key, while dissimilar ones rarely do.
//
// A [Hasher] turns a set of shingle hashes into a signature of fixed length
// (the number of permutations); [Similarity] estimates the Jaccard similarity
// of two sets from their signatures. [NewLSH] picks the banding (bands × rows)
// for a Jaccard threshold and [LSH.AppendKeys] derives one bucket key per
// band from a signature.
//
// Everything here is pure and deterministic: the same seed, permutation count
// and shingles give the same signature and keys on every run and platform.
// There is no package-level mutable state.
//
// Signatures are computed with github.com/dgryski/go-minhash's MinWise, which
// derives the i-th of k hash functions from two base hashes as
// h1(x) + i·h2(x) mod 2^64 (Kirsch–Mitzenmacher double hashing) instead of k
// independent permutations. The two base hashes are XXH64 with two
// independent seeds derived from the Hasher's seed. The estimates are
// unbiased and their variance is the binomial J(1-J)/k of k independent
// min-hashes, but the slots are only pairwise independent (any three slot
// values of one element are linearly related), so the error has a heavier
// tail: over 30,000 random pairs at k=128, about one estimate in 3,000 was
// more than 5σ off, against none with independent per-slot hashes. For LSH
// this means pairs well below the threshold become candidates more often
// than [LSH.Probability] says (measured at J=0.1 with 25 bands of 5 rows:
// 0.3% of pairs instead of 0.02%), while at and above the threshold the
// S-curve holds: it costs candidate verification time, not recall.
//
// Quirks of go-minhash (v0.0.0-20190315135803-ad340ca03076) that this
// package works around or avoids; the tests pin each of them so that an
// upgrade that changes them gets noticed:
//
//   - MinWise.SignatureBbit silently drops one value every time a 64-bit word
//     fills (the value that does not fit is discarded instead of starting the
//     next word), so SignatureBbit and SimilarityBbit are never used.
//   - NewMinWiseFromSignatures copies the signature into a fresh slice, throws
//     that copy away and keeps the caller's slice, so the MinWise aliases (and
//     Push overwrites) the caller's memory. It is not used.
//   - MinWise.Signature returns the internal slice, not a copy: later Pushes
//     would write through it. See Hasher.Signature for why handing it out is
//     safe here.
//   - The signature of an empty set is all math.MaxUint64, so any two empty
//     sets compare as identical (similarity 1) and would share every LSH
//     bucket. Empty input therefore gets a nil signature, Similarity with an
//     empty side is 0 and an empty signature has no LSH keys.
//   - The bottom-k sketch (BottomK) is unsound (a duplicate element is pushed
//     into the sketch again, and Similarity intersects the two sketches and
//     divides by k instead of looking at the bottom k of the union), so it is
//     not used.
package minhash

import (
	"encoding/binary"
	"fmt"

	gominhash "github.com/dgryski/go-minhash"

	"github.com/cespare/xxhash/v2"
)

// Hasher computes MinHash signatures of a fixed length with fixed hash
// functions. Its methods are safe for concurrent use: a Hasher holds no
// scratch state, so one Hasher can serve any number of goroutines.
type Hasher struct {
	permutations int
	seed         uint64
	h1, h2       gominhash.Hash64
}

// NewHasher returns a Hasher whose signatures have the given number of
// permutations (slots), with hash functions derived from seed. Signatures are
// only comparable between Hashers with equal permutations and seed.
// NewHasher panics if permutations < 1.
func NewHasher(permutations int, seed uint64) *Hasher {
	if permutations < 1 {
		panic(fmt.Sprintf("minhash: NewHasher with %d permutations, need at least 1", permutations))
	}
	// Two seeds from one: consecutive SplitMix64 outputs are statistically
	// independent, and distinct seeds give distinct seed pairs.
	state := seed
	s1 := splitmix64(&state)
	s2 := splitmix64(&state)
	return &Hasher{
		permutations: permutations,
		seed:         seed,
		h1:           seededXXH64(s1),
		h2:           seededXXH64(s2),
	}
}

// Permutations is the length of the signatures h computes.
func (h *Hasher) Permutations() int { return h.permutations }

// Seed is the seed h was made with.
func (h *Hasher) Seed() uint64 { return h.seed }

// Signature returns the MinHash signature of a set of shingle hashes: a fresh
// slice of h.Permutations() values that the caller owns. The order of
// shingles and any duplicates among them do not affect the result. The
// signature of an empty set is nil (see the package comment). Each shingle is
// hashed as its 8 little-endian bytes.
func (h *Hasher) Signature(shingles []uint64) []uint64 {
	if len(shingles) == 0 {
		return nil
	}
	mw := gominhash.NewMinWise(h.h1, h.h2, h.permutations)
	// buf escapes to the heap (Push hands it to function values), costing one
	// 8-byte allocation per call rather than per shingle.
	var buf [8]byte
	for _, s := range shingles {
		binary.LittleEndian.PutUint64(buf[:], s)
		mw.Push(buf[:])
	}
	// MinWise.Signature returns the MinWise's own slice rather than a copy.
	// That is safe to hand out only because mw was made by this call and is
	// dropped on return: nothing else can reach it, so nothing can write to the
	// slice after the caller gets it. Skipping the copy saves an allocation
	// and a memmove of the whole signature per call. If mw is ever kept or
	// pooled, this must become a copy.
	return mw.Signature()
}

// Similarity estimates the Jaccard similarity of two sets from their
// signatures: the fraction of slots in which the signatures agree. The
// estimate is unbiased with standard deviation sqrt(J(1-J)/k) for k slots.
// It is 0 when either signature is empty (the signature of an empty set).
// Similarity panics if a and b are both non-empty and of different lengths;
// signatures of equal length from Hashers with different seeds compare as
// unrelated sets, which cannot be detected.
func Similarity(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) != len(b) {
		panic(fmt.Sprintf("minhash: Similarity of signatures of lengths %d and %d", len(a), len(b)))
	}
	b = b[:len(a)]
	equal := 0
	for i, v := range a {
		if v == b[i] {
			equal++
		}
	}
	return float64(equal) / float64(len(a))
}

// seededXXH64 returns XXH64 with the given seed as a go-minhash hash
// function. The Digest lives on the stack of each call, so the function is
// safe for concurrent use and does not allocate.
func seededXXH64(seed uint64) gominhash.Hash64 {
	return func(b []byte) uint64 {
		var d xxhash.Digest
		d.ResetWithSeed(seed)
		d.Write(b) // never fails
		return d.Sum64()
	}
}

// splitmix64 advances state and returns the next SplitMix64 output.
func splitmix64(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
