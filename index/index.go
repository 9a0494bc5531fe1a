// Package index keeps a persistent, incrementally updated index of articles
// so that new articles can be checked against a corpus in milliseconds,
// with the same answer a report over the whole corpus would give.
//
// An index holds, per article, what a check needs to find it again as a
// candidate and to align it: its metadata and compressed text, the postings
// of its word shingles (shingle hash → articles) and of its paragraphs' LSH
// buckets (bucket key → article and paragraph), all made by detect's
// Featurer with the parameters the index was created with, and the
// postings of its content words (stem → articles), from which a check
// learns the corpus's detect.Background. Postings of one
// hash are kept in witness order (provenance.Compare), so a shingle's
// earliest witness, the only article detect links its other occurrences
// to, is the first posting: a check reads one posting per shingle, not all
// of them, however common the shingle.
//
// Storage sits behind the Store interface; Bolt is the embedded
// implementation (one go.etcd.io/bbolt file), and the conformance suite in
// index/storetest is what any other backend must pass. Check (check.go)
// turns a read view of a Store into a detect run over the few indexed
// articles that matter; Add (add.go) feeds articles in batches, one
// transaction each.
package index

import (
	"context"
	"errors"
	"fmt"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/minhash"
)

// FormatVersion is the version of the on-disk layout this package reads and
// writes. An index of another version is refused with a FormatError.
//
// Version 2 added the postings of content words.
const FormatVersion = 2

// DocNum is an article's internal number in an index: dense, assigned in
// the order articles are added, never reused within one index.
type DocNum uint32

// Params are the detection parameters an index was built with. The
// postings depend on every one of them except MaxGap and MinContainment,
// which a check uses when it aligns; all are fixed when the index is
// created, so that a check gives the answer a report with the same
// parameters would.
type Params struct {
	Shingle        int     `json:"shingle"`
	Permutations   int     `json:"permutations"`
	Seed           uint64  `json:"seed"`
	Threshold      float64 `json:"threshold"`
	Bands          int     `json:"bands"`
	Rows           int     `json:"rows"`
	MinWords       int     `json:"min_words"`
	MaxGap         int     `json:"max_gap"`
	MinContainment float64 `json:"min_containment"`
}

// ParamsOf returns the parameters of detection options, which must be valid.
func ParamsOf(opt detect.Options) (Params, error) {
	if err := opt.Validate(); err != nil {
		return Params{}, err
	}
	lsh, err := minhash.NewLSH(opt.Threshold, opt.Permutations)
	if err != nil {
		return Params{}, err
	}
	return Params{
		Shingle: opt.Shingle, Permutations: opt.Permutations, Seed: opt.Seed,
		Threshold: opt.Threshold, Bands: lsh.Bands, Rows: lsh.Rows,
		MinWords: opt.MinWords, MaxGap: opt.MaxGap, MinContainment: opt.MinContainment,
	}, nil
}

// Options returns detection options with p's parameters and detect's
// defaults for everything else (workers, provenance, timings).
func (p Params) Options() detect.Options {
	opt := detect.Defaults()
	opt.Shingle, opt.Permutations, opt.Seed = p.Shingle, p.Permutations, p.Seed
	opt.Threshold, opt.MinWords, opt.MaxGap = p.Threshold, p.MinWords, p.MaxGap
	opt.MinContainment = p.MinContainment
	return opt
}

// Validate reports parameters that no index could have been built with.
func (p Params) Validate() error {
	if err := p.Options().Validate(); err != nil {
		return err
	}
	lsh, err := minhash.NewLSH(p.Threshold, p.Permutations)
	if err != nil {
		return err
	}
	if lsh.Bands != p.Bands || lsh.Rows != p.Rows {
		return fmt.Errorf("bands and rows %d×%d do not follow from threshold %g and %d permutations (%d×%d)",
			p.Bands, p.Rows, p.Threshold, p.Permutations, lsh.Bands, lsh.Rows)
	}
	return nil
}

// Posting is one article carrying a shingle.
type Posting struct {
	Doc DocNum
	// Repeated is set when the shingle occurs more than once in the
	// article: each occurrence is a seed of its own when detect links it.
	Repeated bool
}

// ParaPosting is one paragraph in an LSH bucket.
type ParaPosting struct {
	Doc  DocNum
	Para int // index among the article's paragraphs
}

// Entry is an article ready to be stored: the document and its features.
// NewEntry makes one.
type Entry struct {
	Doc        reprint.Document
	Paragraphs int // number of paragraphs (paragraph.Split)
	// Shingles are the article's distinct shingle hashes, ascending, and
	// Repeated those of them that occur more than once in it.
	Shingles, Repeated []uint64
	// Keys are the LSH bucket keys of every paragraph long enough to hold a
	// reportable passage.
	Keys []detect.ParagraphKeys
	// Stems are the article's distinct content stems, ascending
	// (detect.Stems).
	Stems []uint32
}

// Stats describe an index.
type Stats struct {
	Format     int // FormatVersion of the index
	Params     Params
	Articles   int
	Paragraphs int
	TextBytes  int64 // uncompressed article text
	Shingles   int64 // shingle postings (distinct shingle per article)
	Buckets    int64 // LSH bucket postings (one per band per keyed paragraph)
	Stems      int64 // content-word postings (distinct stem per article)
	// Size is the bytes the index takes on disk, 0 when the backend cannot
	// tell.
	Size int64
}

// Store is an index's storage. All reads go through a Reader that sees one
// consistent state; all writes through a Writer whose changes are committed
// together or not at all.
type Store interface {
	// Params returns the parameters the index was created with.
	Params() Params
	// View calls fn with a read-only view of the last committed state. The
	// view is valid only until fn returns.
	View(ctx context.Context, fn func(Reader) error) error
	// Update calls fn with a writer and commits its changes atomically when
	// fn returns nil; when fn returns an error (or ctx ends) nothing it did
	// is kept. One Update runs at a time; Views run alongside it and do not
	// see its changes until it commits.
	Update(ctx context.Context, fn func(Writer) error) error
	// Close releases the store. It does not wait for running Views or
	// Updates; callers finish them first.
	Close() error
}

// Reader reads a consistent state of an index.
type Reader interface {
	Stats() (Stats, error)
	// Lookup returns the numbers of the articles with the given ids, and
	// whether each is present.
	Lookup(ids []string) ([]DocNum, []bool, error)
	// Meta returns articles without their text: id, title, source, url and
	// date, enough to order them as witnesses.
	Meta(docs []DocNum) ([]reprint.Document, error)
	// Documents returns articles with their text.
	Documents(docs []DocNum) ([]reprint.Document, error)
	// Shingles returns, for each hash, the articles carrying it in witness
	// order (the earliest witness first; provenance.Compare).
	Shingles(hashes []uint64) ([][]Posting, error)
	// Buckets returns, for each LSH bucket key, the paragraphs in it in
	// witness order of their articles, then by paragraph.
	Buckets(keys []uint64) ([][]ParaPosting, error)
	// StemUsers returns, for each content stem (detect.Stems), how many
	// articles use it.
	StemUsers(stems []uint32) ([]int, error)
	// StemHolders returns, for each content stem, the articles that use
	// it, in DocNum order.
	StemHolders(stems []uint32) ([][]DocNum, error)
	// IDs calls fn with every article's id and number, in id order, until fn
	// returns false.
	IDs(fn func(id string, doc DocNum) bool) error
}

// Writer changes an index inside one transaction.
type Writer interface {
	Reader
	// Put adds articles. None of their ids may be present already
	// (ErrExists); a caller replacing an article removes it first. The
	// entries must be made by a Preparer with the store's Params: a store
	// may recompute an article's features from its text to remove it.
	Put(entries []Entry) error
	// Remove removes the articles with the given ids and all their postings,
	// and returns the ids that were present.
	Remove(ids []string) ([]string, error)
}

// ErrExists is returned by Put for an id that is already in the index.
var ErrExists = errors.New("article already in the index")

// FormatError says that a file is not an index this package can read: not
// an index at all, damaged, or of another format version. A command
// reports it as bad input.
type FormatError struct {
	Path   string
	Reason string
}

func (e *FormatError) Error() string { return fmt.Sprintf("%s: %s", e.Path, e.Reason) }

// LockedError says that another process held the index for longer than the
// lock timeout.
type LockedError struct {
	Path   string
	Writer bool // waiting to write (another writer) rather than to read
	Waited string
}

func (e *LockedError) Error() string {
	if e.Writer {
		return fmt.Sprintf("index %s is locked by another writer (waited %s for its lock); try again when it has finished", e.Path, e.Waited)
	}
	return fmt.Sprintf("index %s is locked by a writer committing a batch (waited %s for its lock); try again", e.Path, e.Waited)
}

// ParamsConflict says that a requested parameter differs from the one an
// index was built with.
type ParamsConflict struct {
	Name          string // the parameter, named as its command-line flag
	Stored, Asked string
}

func (e *ParamsConflict) Error() string {
	return fmt.Sprintf("--%s %s conflicts with the index, which was built with --%s %s", e.Name, e.Asked, e.Name, e.Stored)
}
