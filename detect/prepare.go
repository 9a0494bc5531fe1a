package detect

import (
	"context"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/minhash"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/shingle"
)

// prepared is one article cut up for matching.
type prepared struct {
	paras  []reprint.Span
	tokens []shingle.Token
	words  []uint64 // word hashes, parallel to tokens
	// shingles[i] covers tokens[i : i+Shingle], across paragraph breaks.
	shingles []uint64
	// paraTok[p] is the first token of paragraph p; paraTok[len(paras)] is
	// len(tokens).
	paraTok []int32
	// sigs[p] is paragraph p's MinHash signature, nil for paragraphs too
	// short to hold a reportable passage.
	sigs [][]uint64
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
	hashers := make([]*minhash.Hasher, e.workers)
	for w := range e.workers {
		toks[w] = shingle.NewTokenizer()
		hashers[w] = minhash.NewHasher(e.opt.Permutations, e.opt.Seed)
	}
	n := e.opt.Shingle
	return e.forEach(ctx, len(e.docs), func(w, i int) {
		text := e.docs[i].Text
		d := &e.prep[i]
		d.paras = paragraph.Split(text)
		d.tokens = toks[w].Append(nil, text)
		d.words = make([]uint64, len(d.tokens))
		for k, t := range d.tokens {
			d.words[k] = t.Hash
		}
		d.shingles = shingle.AppendWords(nil, d.tokens, n)
		d.paraTok = make([]int32, len(d.paras)+1)
		k := 0
		for p, s := range d.paras {
			for k < len(d.tokens) && int(d.tokens[k].Start) < s.Start {
				k++
			}
			d.paraTok[p] = int32(k)
		}
		d.paraTok[len(d.paras)] = int32(len(d.tokens))
		d.sigs = make([][]uint64, len(d.paras))
		for p := range d.paras {
			if int(d.paraTok[p+1]-d.paraTok[p]) < e.opt.MinWords {
				continue
			}
			d.sigs[p] = hashers[w].Signature(d.paraShingles(p, n))
		}
	})
}
