package detect

import (
	"context"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/minhash"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/shingle"
)

// prepared is one article cut up for matching.
//
// Memory: per word, a 16-byte token and an 8-byte shingle; per paragraph, a
// 4-byte token index and (Bands+1)*8 bytes of LSH keys. Reuters-21578 (2.7M
// words, 110k paragraphs) holds about 100 MB here.
type prepared struct {
	paras  []reprint.Span
	tokens []shingle.Token
	// shingles[i] covers tokens[i : i+Shingle]; it is 0 (no shingle) where
	// that window straddles a paragraph break. Passages that run on across a
	// break are still found: the aligner bridges the missing windows.
	shingles []uint64
	// paraTok[p] is the first token of paragraph p; paraTok[len(paras)] is
	// len(tokens).
	paraTok []int32
	// keys holds, for each paragraph long enough to hold a reportable
	// passage, its index followed by the LSH bucket keys of its MinHash
	// signature (one per band). Signatures themselves are not kept: at 1 KiB
	// a paragraph they would be the largest thing in memory.
	keys []uint64
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
	for w := range e.workers {
		toks[w] = shingle.NewTokenizer()
	}
	hasher := minhash.NewHasher(e.opt.Permutations, e.opt.Seed)
	n := e.opt.Shingle
	return e.forEach(ctx, len(e.docs), func(w, i int) {
		text := e.docs[i].Text
		d := &e.prep[i]
		d.paras = paragraph.Split(text)
		d.tokens = toks[w].Append(nil, text)
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
		for p := 1; p < len(d.paras); p++ {
			for k := max(0, int(d.paraTok[p])-n+1); k < int(d.paraTok[p]) && k < len(d.shingles); k++ {
				d.shingles[k] = 0
			}
		}
		for p := range d.paras {
			if int(d.paraTok[p+1]-d.paraTok[p]) < e.opt.MinWords {
				continue
			}
			d.keys = append(d.keys, uint64(p))
			d.keys = e.lsh.AppendKeys(d.keys, hasher.Signature(d.paraShingles(p, n)))
		}
	})
}
