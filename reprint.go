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
	// Phrase is a stock phrase: a few words, a scrap of a sentence, that
	// two articles share ("in a filing with the Securities and Exchange
	// Commission", "of his meeting with Russian President Vladimir Putin,").
	// Articles on one beat share such scraps by the dozen whether or not one
	// drew on the other, so a phrase alone is no sign of reuse.
	Phrase Kind = "phrase"
	// Syndicated is any other wording shared across articles: wire copy,
	// republished paragraphs, lifted sentences.
	Syndicated Kind = "syndicated"
)

// Reuse reports whether a match of kind k is a sign that one article drew
// on another: syndicated wording and quotations are; a stock phrase or site
// furniture is wording articles share without drawing on each other, and
// internal repetition joins no two articles.
func (k Kind) Reuse() bool { return k == Syndicated || k == Quote }

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
	// Explain says how the match was found. Detection fills it in only when
	// asked to (detect.Options.Explain); it is nil otherwise.
	Explain *Explanation
}

// Route is a way detection finds candidate passages.
type Route string

// The routes.
const (
	// ShingleRoute is shared word shingles: each occurrence of a shingle is
	// linked to its earliest witness, and an article pair with enough such
	// links (seeds) is aligned.
	ShingleRoute Route = "shingles"
	// LSHRoute is paragraph MinHash LSH: two paragraphs that share an LSH
	// bucket and verify (their Jaccard similarity reaches the threshold)
	// give a seed for every shingle they share.
	LSHRoute Route = "lsh"
	// SentenceRoute is sentence alignment: the two articles' sentences
	// agree in their content words, one pair after another, though they
	// may share few shingles (wording rewritten, translated, condensed).
	SentenceRoute Route = "sentences"
)

// Explanation is the evidence behind a match: what its two passages share,
// measured exactly and as MinHash estimates it, and what the run's
// candidate search did with them. Shingle sets leave out places with no
// shingle, as Jaccard and Containment do.
type Explanation struct {
	// SharedShingles is the number of distinct shingles the origin and copy
	// passages share; OriginShingles and CopyShingles are the numbers of
	// distinct shingles of each.
	SharedShingles, OriginShingles, CopyShingles int
	// Jaccard is |O∩C|/|O∪C| (as Match.Jaccard); OriginInCopy is |O∩C|/|O|,
	// the share of the origin passage found in the copy, and CopyInOrigin is
	// |O∩C|/|C|. Match.Containment is the larger of the two.
	Jaccard, OriginInCopy, CopyInOrigin float64
	// EstimatedJaccard is the MinHash estimate of Jaccard: the share of
	// agreeing slots of the two passages' signatures, made with the run's
	// hasher (permutations and seed).
	EstimatedJaccard float64
	// ShingleSeeds counts the places in the copy passage whose shingle the
	// run links to the origin article (the origin is that shingle's
	// earliest witness); PairShingleSeeds counts them over the whole copy
	// article. Detection aligns an article pair only when it has at least
	// min(2, MinWords-Shingle+1) seeds, from either route.
	ShingleSeeds, PairShingleSeeds int
	// Routes lists the routes that put seeds inside this passage:
	// ShingleRoute when ShingleSeeds > 0, LSHRoute when some paragraph pair
	// below is Linked, SentenceRoute when sentence alignment found the
	// passage or joined it with others, or pieces of one origin's wording
	// were joined across words that agree only as a rewording does. Several
	// may apply. It is empty when the passage holds no seed of its own: the
	// aligner reached its words from seeds of the same article pair beside
	// it (bridging at most MaxGap unmatched words), and the seeded words
	// went to earlier origins.
	Routes []Route
	// Paragraphs pairs each paragraph the origin passage lies in with each
	// paragraph the copy passage lies in that shares a shingle with it
	// (shingles wholly inside each paragraph), in paragraph order. For an
	// internal match a paragraph is not paired with itself.
	Paragraphs []ParagraphPair
}

// ParagraphPair compares a paragraph of a match's origin with one of its
// copy, as paragraph LSH sees them.
type ParagraphPair struct {
	Origin, Copy int // paragraph indexes in the two articles, from 0
	// SharedShingles is the number of distinct shingles the two paragraphs
	// share.
	SharedShingles int
	// Jaccard is exact over the two paragraphs' shingle sets;
	// EstimatedJaccard is the MinHash estimate from their signatures, the
	// signatures LSH bands.
	Jaccard, EstimatedJaccard float64
	// OriginSigned and CopySigned say whether the run signed each paragraph
	// for LSH: it signs only paragraphs of at least MinWords words enough of
	// whose shingles recur to reach the threshold with some paragraph.
	OriginSigned, CopySigned bool
	// Bands lists, ascending from 0, the LSH bands in which the two
	// paragraphs' signatures agree on every row, so that their bucket keys
	// are equal ("collide"). They are computed whether or not the run
	// signed the paragraphs.
	Bands []int
	// Linked is true when the run's LSH made this paragraph pair a
	// candidate and it verified: both paragraphs signed, the origin
	// paragraph the earliest signed member of a bucket they share (every
	// member of a bucket is linked to its earliest one only), and their
	// Jaccard at least the threshold.
	Linked bool
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
