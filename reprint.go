// Package reprint holds the domain types shared by the stages that find
// wording reused between news articles: the articles themselves, the reused
// passages found in them and the parameters a run used. The stages live in
// subpackages, in the order the data flows: corpus (reading), paragraph and
// shingle (splitting and normalising), minhash (signatures and LSH), detect
// (candidate search, verification and alignment), provenance (kinds and
// origins) and report (rendering).
package reprint

import "time"

// Document is one article as read. Text is the article body as UTF-8; every
// offset reprint reports is a byte offset into Text.
type Document struct {
	ID     string
	Title  string
	Source string // outlet or publisher; empty when unknown
	URL    string
	Date   time.Time // zero when the article is undated
	Text   string
}

// Dated reports whether the article carries a date.
func (d *Document) Dated() bool { return !d.Date.IsZero() }

// Span is a half-open byte range [Start, End) of a document's Text.
type Span struct {
	Start, End int
}

// Len is the number of bytes in the span.
func (s Span) Len() int { return s.End - s.Start }

// Kind says what sort of reuse a match is.
type Kind string

// The kinds of reuse, from the most to the least specific test that decides
// them (see package provenance).
const (
	// Internal is wording repeated inside one article: repeated standfirsts,
	// captions and pull quotes.
	Internal Kind = "internal"
	// Boilerplate is site furniture: wording that recurs across articles of
	// one source, or across very many articles.
	Boilerplate Kind = "boilerplate"
	// Quote is shared wording that is a quotation in the articles that carry it.
	Quote Kind = "quote"
	// Syndicated is any other wording shared across articles: wire copy,
	// republished paragraphs, lifted sentences.
	Syndicated Kind = "syndicated"
)

// Endpoint is one side of a match: a passage of one document.
type Endpoint struct {
	Doc  int // index into Result.Documents
	Span Span
}

// Match is one copy of a reused passage, attributed to its origin. A passage
// found in five articles gives four matches, all with the same Origin document
// and the same Group.
type Match struct {
	Group int // matches of one passage share a group number, numbered from 0
	Kind  Kind
	// Dated is true when the origin was chosen because it is dated strictly
	// earlier than the copy; false when dates are missing or equal and the
	// origin was picked by the tie-break rule (or the match is internal).
	Dated bool
	// Jaccard and Containment are exact, over the word-shingle sets of the
	// two passages: |O∩C|/|O∪C| and |O∩C|/min(|O|,|C|).
	Jaccard     float64
	Containment float64
	Words       int // words in the copy passage
	Origin      Endpoint
	Copy        Endpoint
}

// DocStats summarises one document's part in the reuse.
type DocStats struct {
	Paragraphs  int
	Words       int
	ReusedWords int // words of this document inside any copy passage
	ReusedBytes int // bytes of this document inside any copy passage (union)
	// DrawsFrom lists the indexes of the other documents this one's copy
	// passages come from, ascending.
	DrawsFrom []int
}

// Params records the parameters a run used, so that a result can be
// reproduced and its detection guarantees read.
type Params struct {
	Shingle      int     // words per shingle
	Permutations int     // MinHash signature length
	Seed         uint64  // MinHash seed
	Threshold    float64 // LSH Jaccard threshold
	Bands, Rows  int
	MinWords     int // shortest passage reported, in words
	// Probability is the chance that LSH makes two paragraphs a candidate
	// pair, at a few Jaccard similarities.
	Probability []SimilarityProbability
}

// SimilarityProbability is one point of the LSH S-curve.
type SimilarityProbability struct {
	Jaccard     float64
	Probability float64
}

// Skip records an input that was not read, and why.
type Skip struct {
	Path   string
	Line   int // 1-based line for JSONL input, 0 otherwise
	Reason string
}

// Result is everything a run found, ready for rendering.
type Result struct {
	Documents []Document
	Stats     []DocStats // parallel to Documents
	Matches   []Match
	Params    Params
	Skipped   []Skip
	Warnings  []string
	// Index is set when the result is a check against an index: the
	// first Index.Checked documents are the articles checked, and those
	// after them indexed articles that the matches involve.
	Index *IndexCheck
}

// IndexCheck describes a check against an index.
type IndexCheck struct {
	Checked int // articles checked (read from the input)
	Indexed int // articles in the index
}
