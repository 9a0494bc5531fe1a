package minhash_test

// These tests pin the go-minhash quirks that the package comment describes
// and that package minhash works around. If one fails after an upgrade of
// github.com/dgryski/go-minhash, the quirk has changed: revisit the package
// comment and the code that depends on it (Hasher.Signature in particular).

import (
	"math"
	"slices"
	"testing"

	gominhash "github.com/dgryski/go-minhash"

	"github.com/cespare/xxhash/v2"
)

func xxh(seed uint64) gominhash.Hash64 {
	return func(b []byte) uint64 {
		d := xxhash.NewWithSeed(seed)
		d.Write(b)
		return d.Sum64()
	}
}

// TestGoMinhashSignatureBbitDropsValues: SignatureBbit starts a new word
// when the current one is full but discards the value in hand instead of
// putting it in the new word. With b=16, four values fill a word, so the 5th
// value (and every 4k+1-th after it) vanishes.
func TestGoMinhashSignatureBbitDropsValues(t *testing.T) {
	values := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	m := gominhash.NewMinWiseFromSignatures(nil, nil, slices.Clone(values))
	got := m.SignatureBbit(16)
	buggy := []uint64{1<<48 | 2<<32 | 3<<16 | 4, 6<<32 | 7<<16 | 8}
	correct := []uint64{1<<48 | 2<<32 | 3<<16 | 4, 5<<48 | 6<<32 | 7<<16 | 8}
	switch {
	case slices.Equal(got, buggy):
		// The known bug: 5 is gone.
	case slices.Equal(got, correct):
		t.Error("go-minhash SignatureBbit no longer drops values; the package comment is out of date")
	default:
		t.Errorf("SignatureBbit(16) of 1..8 = %#x; neither the known buggy %#x nor the correct %#x", got, buggy, correct)
	}
}

// TestGoMinhashFromSignaturesAliases: NewMinWiseFromSignatures keeps the
// caller's slice (the copy it makes is discarded), so Push writes into it.
func TestGoMinhashFromSignaturesAliases(t *testing.T) {
	sig := []uint64{math.MaxUint64, math.MaxUint64, math.MaxUint64}
	m := gominhash.NewMinWiseFromSignatures(xxh(1), xxh(2), sig)
	m.Push([]byte("x"))
	if slices.Equal(sig, []uint64{math.MaxUint64, math.MaxUint64, math.MaxUint64}) {
		t.Error("NewMinWiseFromSignatures no longer aliases the caller's slice; the package comment is out of date")
	}
}

// TestGoMinhashSignatureIsInternal: Signature returns the MinWise's own
// slice, so a later Push changes a signature already handed out. Hasher
// relies on knowing this (it hands the slice out only because the MinWise is
// dropped at once).
func TestGoMinhashSignatureIsInternal(t *testing.T) {
	m := gominhash.NewMinWise(xxh(1), xxh(2), 8)
	m.Push([]byte("a"))
	sig := m.Signature()
	before := slices.Clone(sig)
	for i := range 100 {
		m.Push([]byte{byte(i)})
	}
	if slices.Equal(sig, before) {
		t.Error("MinWise.Signature no longer returns the internal slice; the package comment is out of date")
	}
	if !slices.Equal(sig, m.Signature()) {
		t.Error("an earlier Signature result no longer tracks the MinWise")
	}
}

// TestGoMinhashEmptySetsLookIdentical: the signature of an empty set is all
// MaxUint64, so two empty sets have similarity 1. Hasher returns nil for
// empty input and Similarity returns 0 for it instead.
func TestGoMinhashEmptySetsLookIdentical(t *testing.T) {
	a := gominhash.NewMinWise(xxh(1), xxh(2), 16)
	b := gominhash.NewMinWise(xxh(1), xxh(2), 16)
	for _, v := range a.Signature() {
		if v != math.MaxUint64 {
			t.Fatalf("empty MinWise has a slot %#x, want all MaxUint64", v)
		}
	}
	if s := a.Similarity(b); s != 1 {
		t.Errorf("two empty MinWise have similarity %v; the package comment says 1", s)
	}
}
