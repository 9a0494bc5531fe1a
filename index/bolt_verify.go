package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Verify reads the whole index and checks it: reprint's invariants (every
// article's record decodes and its id maps back to it, every shingle,
// bucket and stem posting of every article, recomputed from its text, is
// present, every posting names an article that exists, postings of one
// hash are in witness order (stems: in DocNum order), and the totals Stats
// reports add up), then bbolt's own page checks (tx.Check: no page
// reachable twice, none both used and free, every page accounted for). It
// costs a full read and a feature computation per article; `reprint index
// stats --verify` runs it.
func (b *Bolt) Verify(ctx context.Context) error {
	b.prepMu.Lock()
	defer b.prepMu.Unlock()
	prep, err := b.preparer()
	if err != nil {
		return err
	}
	return b.View(ctx, func(r Reader) error {
		t := r.(*boltTx)
		c, err := t.loadCounts()
		if err != nil {
			return err
		}
		var got counts
		present := map[DocNum]bool{}
		cur := t.tx.Bucket(bucketDocs).Cursor()
		for k, _ := cur.First(); k != nil; k, _ = cur.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if len(k) != 4 {
				return t.damaged("document key of %d bytes", len(k))
			}
			n := DocNum(binary.BigEndian.Uint32(k))
			d, paras, _, err := t.record(n, true)
			if err != nil {
				return err
			}
			if nums, ok, err := t.Lookup([]string{d.ID}); err != nil {
				return err
			} else if !ok[0] || nums[0] != n {
				return t.damaged("article %q (number %d) is not under its id", d.ID, n)
			}
			e := prep.Entry(d)
			if e.Paragraphs != paras {
				return t.damaged("article %q: %d paragraphs recorded, %d in its text", d.ID, paras, e.Paragraphs)
			}
			present[n] = true
			got.articles++
			got.paragraphs += int64(paras)
			got.textBytes += int64(len(d.Text))
			got.shingles += int64(len(e.Shingles))
			ps, err := t.Shingles(e.Shingles)
			if err != nil {
				return err
			}
			for i, h := range e.Shingles {
				_, rep := slices.BinarySearch(e.Repeated, h)
				if !slices.Contains(ps[i], Posting{Doc: n, Repeated: rep}) {
					return t.damaged("article %q: posting of shingle %016x missing", d.ID, h)
				}
			}
			got.stems += int64(len(e.Stems))
			ss, err := t.StemHolders(e.Stems)
			if err != nil {
				return err
			}
			for i, st := range e.Stems {
				if !slices.Contains(ss[i], n) {
					return t.damaged("article %q: posting of content stem %08x missing", d.ID, st)
				}
			}
			for _, pk := range e.Keys {
				if pk.Para > maxPara {
					continue
				}
				bs, err := t.Buckets(pk.Keys)
				if err != nil {
					return err
				}
				for i, key := range pk.Keys {
					got.buckets++
					if !slices.Contains(bs[i], ParaPosting{Doc: n, Para: pk.Para}) {
						return t.damaged("article %q paragraph %d: posting of LSH bucket %016x missing", d.ID, pk.Para, key)
					}
				}
			}
		}
		if got.articles != int64(t.tx.Bucket(bucketIDs).Stats().KeyN) {
			return t.damaged("%d ids for %d articles", t.tx.Bucket(bucketIDs).Stats().KeyN, got.articles)
		}
		for _, b := range []struct {
			name   []byte
			bucket bool
			want   int64
		}{{bucketShingles, false, got.shingles}, {bucketBuckets, true, got.buckets}, {bucketStems, false, got.stems}} {
			name, bucket, want := b.name, b.bucket, b.want
			n, err := t.checkBlocks(name, bucket, present)
			if err != nil {
				return err
			}
			if n != want {
				return t.damaged("%s: %d postings stored, %d expected from the articles", name, n, want)
			}
		}
		if got != *c {
			return t.damaged("totals recorded %+v, counted %+v", *c, got)
		}
		// bbolt's page checks run on a goroutine of bbolt's own, where a
		// fault on a damaged mapping could not be recovered; so they come
		// last, after the walk above has read every key and value here.
		var errs []error
		for err := range t.tx.Check() {
			errs = append(errs, err)
			if len(errs) == 10 {
				break
			}
		}
		if len(errs) > 0 {
			return &FormatError{Path: b.path, Reason: "damaged index: " + errors.Join(errs...).Error()}
		}
		return nil
	})
}

// checkBlocks checks every block of one postings bucket and returns how
// many postings it holds.
func (t *boltTx) checkBlocks(name []byte, bucket bool, present map[DocNum]bool) (int64, error) {
	w, witnesses := blockWidth(bucket), byWitness(name)
	var total int64
	cur := t.tx.Bucket(name).Cursor()
	for k, block := cur.First(); k != nil; k, block = cur.Next() {
		if len(k) != 2 || len(block) == 0 || len(block)%w != 0 {
			return 0, t.damaged("%s: bad block %x (%d bytes)", name, k, len(block))
		}
		var prev posting
		for off := 0; off < len(block); off += w {
			p := decodeEntry(block[off:], bucket)
			if !present[p.doc] {
				return 0, t.damaged("%s: posting of article number %d, which is not in the index", name, p.doc)
			}
			if off > 0 {
				ok := prev.low < p.low
				if prev.low == p.low && !witnesses {
					ok = prev.doc < p.doc
				} else if prev.low == p.low {
					x, err := t.compare(prev.doc, p.doc)
					if err != nil {
						return 0, err
					}
					ok = x < 0 || x == 0 && prev.para < p.para
				}
				if !ok {
					return 0, t.damaged("%s: block %x out of order", name, k)
				}
			}
			prev = p
			total++
		}
	}
	return total, nil
}

// String describes the index for messages.
func (b *Bolt) String() string { return fmt.Sprintf("index %s", b.path) }
