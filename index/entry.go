package index

import (
	"slices"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/shingle"
)

// Preparer turns documents into Entries. It keeps scratch space between
// calls, so one Preparer must not be used by two goroutines at once.
type Preparer struct {
	feat *detect.Featurer
	tok  *shingle.Tokenizer
	n    int
	toks []shingle.Token
	all  []uint64
	// words, starts and ends are toks' hashes and offsets.
	words        []uint64
	starts, ends []int32
}

// NewPreparer returns a Preparer for an index with parameters p.
func NewPreparer(p Params) (*Preparer, error) {
	f, err := detect.NewFeaturer(p.Options())
	if err != nil {
		return nil, err
	}
	return &Preparer{feat: f, tok: shingle.NewTokenizer(), n: p.Shingle}, nil
}

// Entry returns d's entry.
func (p *Preparer) Entry(d reprint.Document) Entry {
	f := p.feat.Features(d.Text)
	// The Featurer keeps distinct shingles only; which of them repeat
	// inside the article decides how many seeds a link to it makes.
	p.toks = p.tok.Append(p.toks[:0], d.Text)
	p.all = shingle.AppendWords(p.all[:0], p.toks, p.n)
	slices.Sort(p.all)
	var rep []uint64
	for i := 1; i < len(p.all); i++ {
		if h := p.all[i]; h != 0 && h == p.all[i-1] && (len(rep) == 0 || rep[len(rep)-1] != h) {
			rep = append(rep, h)
		}
	}
	p.words, p.starts, p.ends = p.words[:0], p.starts[:0], p.ends[:0]
	for _, t := range p.toks {
		p.words, p.starts, p.ends = append(p.words, t.Hash), append(p.starts, t.Start), append(p.ends, t.End)
	}
	return Entry{
		Doc:        d,
		Paragraphs: len(paragraph.Split(d.Text)),
		Shingles:   f.Shingles,
		Repeated:   rep,
		Keys:       f.Paragraphs,
		Stems:      detect.Stems(d.Text, p.words, p.starts, p.ends),
	}
}
