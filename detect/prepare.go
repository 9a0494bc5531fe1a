package detect

import (
	"context"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/align"
	"github.com/reprint-tool/reprint/minhash"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/shingle"
)

// prepared is one article cut up for matching.
//
// Memory: per word, 8 bytes of hash, 8 of offsets, 8 of shingle and 1 of
// paragraph break; per paragraph, a 4-byte word index and (Bands+1)*8 bytes
// of LSH keys. Reuters-21578 (2.7M words, 110k paragraphs) holds about
// 90 MB here.
type prepared struct {
	paras []reprint.Span
	// text is the article as one side of an alignment: word hashes and
	// paragraph starts, one entry per word.
	text align.Text
	// starts and ends are each word's byte offsets in the article.
	starts, ends []int32
	// shingles[i] covers words[i : i+Shingle], across paragraph breaks (text
	// broken into short lines is still one run of shingles); the aligner
	// keeps passages from starting or ending with a scrap of a paragraph.
	shingles []uint64
	// paraTok[p] is the first token of paragraph p; paraTok[len(paras)] is
	// the number of words.
	paraTok []int32
	// keys holds, for each paragraph long enough to hold a reportable
	// passage, its index followed by the LSH bucket keys of its MinHash
	// signature (one per band). Signatures themselves are not kept: at 1 KiB
	// a paragraph they would be the largest thing in memory.
	keys []uint64
	// codes holds each word's code for sentence alignment (stem), when
	// counting the background made them, until building the article's
	// sentences takes them or alignment ends.
	codes []uint32
}

// paraShingles returns the shingles lying wholly inside paragraph p.
func (d *prepared) paraShingles(p, n int) []uint64 {
	a, b := int(d.paraTok[p]), int(d.paraTok[p+1])
	if b-a < n {
		return nil
	}
	return d.shingles[a : b-n+1]
}

func (e *engine) prepare(ctx context.Context) error {
	e.prep = make([]prepared, len(e.docs))
	toks := make([]*shingle.Tokenizer, e.workers)
	bufs := make([][]shingle.Token, e.workers) // token buffers, one per worker
	for w := range e.workers {
		toks[w] = shingle.NewTokenizer()
	}

	n := e.opt.Shingle
	return e.forEach(ctx, len(e.docs), func(w, i int) {
		text := e.docs[i].Text
		d := &e.prep[i]
		d.paras = paragraph.Split(text)
		tokens := toks[w].Append(bufs[w][:0], text)
		bufs[w] = tokens
		d.shingles = shingle.AppendWords(make([]uint64, 0, max(0, len(tokens)-n+1)), tokens, n)
		d.text.Words = make([]uint64, len(tokens))
		d.starts = make([]int32, len(tokens))
		d.ends = make([]int32, len(tokens))
		for k, t := range tokens {
			d.text.Words[k], d.starts[k], d.ends[k] = t.Hash, t.Start, t.End
		}
		d.text.Stops = SentenceStops(text, d.starts, d.ends)
		d.text.Breaks = make([]bool, len(tokens))
		d.paraTok = make([]int32, len(d.paras)+1)
		k := 0
		for p, s := range d.paras {
			for k < len(tokens) && int(tokens[k].Start) < s.Start {
				k++
			}
			d.paraTok[p] = int32(k)
			if k < len(tokens) {
				d.text.Breaks[k] = p > 0
			}
		}
		d.paraTok[len(d.paras)] = int32(len(tokens))
	})
}

// SentenceStops returns, for each word of text (its byte offsets starts
// and ends, as the tokenizer gives them), whether a sentence ends just
// before it: a full stop, question or exclamation mark or semicolon, then
// white space, lies between it and the word before (endsSentence), the
// word before is not an initial or an abbreviation ("J.", "U.S.", "Mr.",
// "Corp."), and the word does not start with a lower-case letter. That is
// stricter than sentence alignment's splitting (endsSentence alone), which
// must also cut rewritten and badly punctuated text into sentences, where
// a missed sentence end costs more than a false one (with this rule there,
// PAN random-edit recall falls from 0.820 to 0.786); align trims only at
// sure sentence ends.
func SentenceStops(text string, starts, ends []int32) []bool {
	stops := make([]bool, len(starts))
	for k := 1; k < len(starts); k++ {
		if !endsSentence(text[ends[k-1]:starts[k]]) {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[starts[k]:ends[k]])
		stops[k] = !unicode.IsLower(next) && !abbreviation(text[starts[k-1]:ends[k-1]])
	}
	return stops
}

// abbreviation reports whether a word followed by a full stop is an
// initial (one letter, as "U.S." and "J." are tokenized) or one of the
// abbreviations that news writes before a name or a number.
func abbreviation(word string) bool {
	if utf8.RuneCountInString(word) == 1 {
		return true
	}
	if len(word) > 5 {
		return false
	}
	var buf [5]byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	_, ok := abbreviations[string(buf[:len(word)])]
	return ok
}

// abbreviations are the lower-cased abbreviations that end with a full stop
// and rarely end a sentence: titles, company forms, months, "No." and "vs.".
var abbreviations = map[string]struct{}{
	"mr": {}, "mrs": {}, "ms": {}, "dr": {}, "prof": {}, "rev": {}, "st": {}, "jr": {}, "sr": {},
	"gov": {}, "sen": {}, "rep": {}, "gen": {}, "col": {}, "lt": {}, "sgt": {}, "capt": {}, "cmdr": {},
	"inc": {}, "corp": {}, "co": {}, "ltd": {}, "bros": {}, "no": {}, "nos": {}, "vs": {}, "etc": {},
	"jan": {}, "feb": {}, "mar": {}, "apr": {}, "jun": {}, "jul": {}, "aug": {}, "sep": {}, "sept": {},
	"oct": {}, "nov": {}, "dec": {}, "ft": {}, "mt": {},
}

// sign computes the LSH keys of every paragraph that could pass
// verification against some other paragraph. A candidate pair of paragraphs
// verifies when the Jaccard similarity of their shingle sets reaches the
// threshold, the similarity LSH is tuned to find; that needs
// |A∩B| >= Threshold*|A∪B| >= Threshold*|A|, so A must hold at least that
// many shingles that occur elsewhere too. Most paragraphs of most corpora do
// not, and signing only the others saves most of the MinHash work without
// losing a candidate. (Passages contained in longer paragraphs are the
// shingle links' job.)
func (e *engine) sign(ctx context.Context) error {
	hasher := minhash.NewHasher(e.opt.Permutations, e.opt.Seed)
	n := e.opt.Shingle
	return e.forEach(ctx, len(e.prep), func(w, i int) {
		d := &e.prep[i]
		rep := e.repeated[i]
		k := 0
		for p := range d.paras {
			a, b := int(d.paraTok[p]), int(d.paraTok[p+1])
			if b-a < e.opt.MinWords {
				continue
			}
			// Possibly repeated shingles wholly inside the paragraph.
			for k < len(rep) && int(rep[k]) < a {
				k++
			}
			shared := 0
			for j := k; j < len(rep) && int(rep[j]) <= b-n; j++ {
				shared++
			}
			if shared == 0 { // most paragraphs: nothing in them recurs
				continue
			}
			// shared counts places, an upper bound on the distinct shared
			// shingles; compare it with the distinct shingles of A, which
			// need counting only when the test on all places fails.
			all := d.paraShingles(p, n)
			if float64(shared) < e.opt.Threshold*float64(len(all)) &&
				float64(shared) < e.opt.Threshold*float64(distinct(&e.scratch[w], all)) {
				continue
			}
			d.keys = append(d.keys, uint64(p))
			d.keys = e.lsh.AppendKeys(d.keys, hasher.Signature(all))
		}
	})
}

// distinct returns the number of distinct non-zero values in a.
func distinct(sc *scratch, a []uint64) int {
	n, _, _ := sc.intersect(a, nil)
	return n
}
