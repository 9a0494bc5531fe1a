package detect

import (
	"slices"

	"github.com/reprint-tool/reprint/minhash"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/shingle"
)

// Features are what a persistent index keeps of an article to find it again
// as a candidate for a later one: the hashes Run links occurrences by, made
// by the same code with the same options, so that an index lookup finds
// exactly the articles Run would link.
type Features struct {
	// Shingles holds the article's distinct shingle hashes, ascending (zero,
	// which stands for no shingle, left out).
	Shingles []uint64
	// Paragraphs holds the LSH bucket keys of every paragraph long enough to
	// hold a reportable passage, one key per band.
	Paragraphs []ParagraphKeys
}

// ParagraphKeys are one paragraph's LSH bucket keys.
type ParagraphKeys struct {
	Para int // index among the article's paragraphs
	Keys []uint64
}

// Featurer computes Features. It keeps scratch space between calls, so one
// Featurer must not be used by two goroutines at once.
type Featurer struct {
	opt    Options
	lsh    minhash.LSH
	hasher *minhash.Hasher
	tok    *shingle.Tokenizer
	buf    []shingle.Token
}

// NewFeaturer returns a Featurer for opt, which must be valid.
func NewFeaturer(opt Options) (*Featurer, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	lsh, err := minhash.NewLSH(opt.Threshold, opt.Permutations)
	if err != nil {
		return nil, err
	}
	return &Featurer{opt: opt, lsh: lsh, hasher: minhash.NewHasher(opt.Permutations, opt.Seed), tok: shingle.NewTokenizer()}, nil
}

// LSH returns the banding the keys are made with.
func (f *Featurer) LSH() minhash.LSH { return f.lsh }

// Features returns the features of an article's text.
func (f *Featurer) Features(text string) Features {
	n := f.opt.Shingle
	f.buf = f.tok.Append(f.buf[:0], text)
	all := shingle.AppendWords(nil, f.buf, n)
	var out Features
	// Paragraph p's shingles are those wholly inside it, as Run signs them.
	k := 0
	for p, s := range paragraph.Split(text) {
		for k < len(f.buf) && int(f.buf[k].Start) < s.Start {
			k++
		}
		a := k
		for k < len(f.buf) && int(f.buf[k].Start) < s.End {
			k++
		}
		if k-a < f.opt.MinWords {
			continue
		}
		keys := f.lsh.AppendKeys(nil, f.hasher.Signature(all[a:k-n+1]))
		if len(keys) > 0 {
			out.Paragraphs = append(out.Paragraphs, ParagraphKeys{Para: p, Keys: keys})
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	if len(all) > 0 && all[0] == 0 {
		all = all[1:]
	}
	out.Shingles = all
	return out
}
