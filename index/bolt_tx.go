package index

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/internal/partition"
	"github.com/reprint-tool/reprint/provenance"
)

// boltTx is a Reader (and, when writable, a Writer) over one bbolt
// transaction.
type boltTx struct {
	b        *Bolt
	tx       *bolt.Tx
	ctx      context.Context
	writable bool

	counts *counts // loaded on first use; saved on commit when changed
	dirty  bool
	// witness caches articles' ids and dates for ordering postings.
	witness map[DocNum]*reprint.Document
}

var _ Writer = (*boltTx)(nil)

// counts are the index totals kept in meta, so that Stats reads one key.
type counts struct {
	articles, paragraphs, textBytes, shingles, buckets, stems int64
}

// fields lists the counts in their stored order.
func (c *counts) fields() []*int64 {
	return []*int64{&c.articles, &c.paragraphs, &c.textBytes, &c.shingles, &c.buckets, &c.stems}
}

func (t *boltTx) loadCounts() (*counts, error) {
	if t.counts != nil {
		return t.counts, nil
	}
	c := &counts{}
	if v := t.tx.Bucket(bucketMeta).Get(keyCounts); v != nil {
		fs := c.fields()
		if len(v) != 8*len(fs) {
			return nil, &FormatError{Path: t.b.path, Reason: "damaged index metadata (counts)"}
		}
		for i, p := range fs {
			*p = int64(binary.BigEndian.Uint64(v[8*i:]))
		}
	}
	t.counts = c
	return c, nil
}

func (t *boltTx) saveCounts() error {
	if !t.dirty {
		return nil
	}
	var v []byte
	for _, x := range t.counts.fields() {
		v = binary.BigEndian.AppendUint64(v, uint64(*x))
	}
	return t.tx.Bucket(bucketMeta).Put(keyCounts, v)
}

// Stats implements Reader.
func (t *boltTx) Stats() (Stats, error) {
	c, err := t.loadCounts()
	if err != nil {
		return Stats{}, err
	}
	st := Stats{
		Format: FormatVersion, Params: t.b.params,
		Articles: int(c.articles), Paragraphs: int(c.paragraphs), TextBytes: c.textBytes,
		Shingles: c.shingles, Buckets: c.buckets, Stems: c.stems,
	}
	if fi, err := os.Stat(t.b.path); err == nil {
		st.Size = fi.Size()
	}
	return st, nil
}

// Lookup implements Reader.
func (t *boltTx) Lookup(ids []string) ([]DocNum, []bool, error) {
	bk := t.tx.Bucket(bucketIDs)
	nums, ok := make([]DocNum, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		v := bk.Get([]byte(id))
		if v == nil {
			continue
		}
		if len(v) != 4 {
			return nil, nil, t.damaged("id entry of %q", id)
		}
		nums[i], ok[i] = DocNum(binary.BigEndian.Uint32(v)), true
	}
	return nums, ok, nil
}

func (t *boltTx) damaged(format string, args ...any) error {
	return &FormatError{Path: t.b.path, Reason: "damaged index: " + fmt.Sprintf(format, args...)}
}

func (t *boltTx) record(n DocNum, text bool) (reprint.Document, int, int, error) {
	v := t.tx.Bucket(bucketDocs).Get(docKey(n))
	if v == nil {
		// Numbers come from postings and ids: one that names nothing is
		// damage.
		return reprint.Document{}, 0, 0, t.damaged("no article number %d", n)
	}
	d, paras, textLen, err := decodeRecord(v, text)
	if err != nil {
		return d, 0, 0, t.damaged("record of article number %d", n)
	}
	return d, paras, textLen, nil
}

// Meta implements Reader.
func (t *boltTx) Meta(docs []DocNum) ([]reprint.Document, error) {
	out := make([]reprint.Document, len(docs))
	for i, n := range docs {
		d, _, _, err := t.record(n, false)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// Documents implements Reader.
func (t *boltTx) Documents(docs []DocNum) ([]reprint.Document, error) {
	out := make([]reprint.Document, len(docs))
	for i, n := range docs {
		d, _, _, err := t.record(n, true)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// Shingles implements Reader.
func (t *boltTx) Shingles(hashes []uint64) ([][]Posting, error) {
	return postingsOf(t, bucketShingles, hashes, false, shingleWidth, func(p posting) Posting {
		return Posting{Doc: p.doc, Repeated: p.flag}
	})
}

// Buckets implements Reader.
func (t *boltTx) Buckets(keys []uint64) ([][]ParaPosting, error) {
	return postingsOf(t, bucketBuckets, keys, true, bucketWidth, func(p posting) ParaPosting {
		return ParaPosting{Doc: p.doc, Para: p.para}
	})
}

// StemUsers implements Reader.
func (t *boltTx) StemUsers(stems []uint32) ([]int, error) {
	out := make([]int, len(stems))
	err := t.blocks(bucketStems, stemKeys(stems), false, func(i int, run []byte) { out[i] = len(run) / shingleWidth })
	return out, err
}

// StemHolders implements Reader.
func (t *boltTx) StemHolders(stems []uint32) ([][]DocNum, error) {
	return postingsOf(t, bucketStems, stemKeys(stems), false, shingleWidth, func(p posting) DocNum { return p.doc })
}

func stemKeys(stems []uint32) []uint64 {
	keys := make([]uint64, len(stems))
	for i, s := range stems {
		keys[i] = stemKey(s)
	}
	return keys
}

// postingsOf reads the postings of each hash from the named blocks, entries
// of width bytes, each made into a T by conv.
func postingsOf[T any](t *boltTx, name []byte, hashes []uint64, bucket bool, width int, conv func(posting) T) ([][]T, error) {
	out := make([][]T, len(hashes))
	err := t.blocks(name, hashes, bucket, func(i int, run []byte) {
		ps := make([]T, len(run)/width)
		for k := range ps {
			ps[k] = conv(decodeEntry(run[k*width:], bucket))
		}
		out[i] = ps
	})
	return out, err
}

// blocks calls fn with the postings of each hash that has any. It visits
// the hashes in order with one cursor, stepping to the next block rather
// than searching the tree when that is near: a check looks up hundreds of
// hashes, and a bbolt search from the root costs a microsecond.
func (t *boltTx) blocks(name []byte, hashes []uint64, bucket bool, fn func(i int, run []byte)) error {
	order := make([]int, len(hashes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(hashes[a], hashes[b]) })
	cur := t.tx.Bucket(name).Cursor()
	var k, block []byte
	have := -1 // shard of the cursor's key; -1 before the first seek
	for _, i := range order {
		h := hashes[i]
		want := int(h >> lowBits)
		if have < 0 || want < have || want-have > 32 {
			k, block = cur.Seek(binary.BigEndian.AppendUint16(nil, uint16(want)))
		}
		for ; k != nil; k, block = cur.Next() {
			if len(k) != 2 {
				return t.damaged("%s: key of %d bytes", name, len(k))
			}
			if int(binary.BigEndian.Uint16(k)) >= want {
				break
			}
		}
		if k == nil {
			have = 1 << 16
			continue
		}
		have = int(binary.BigEndian.Uint16(k))
		if have != want {
			continue
		}
		run, err := findRun(block, h&lowMask, bucket)
		if err != nil {
			return t.damaged("%s block: %v", name, err)
		}
		if len(run) > 0 {
			fn(i, run)
		}
	}
	return nil
}

// IDs implements Reader.
func (t *boltTx) IDs(fn func(id string, doc DocNum) bool) error {
	c := t.tx.Bucket(bucketIDs).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) != 4 {
			return t.damaged("id entry of %q", k)
		}
		if !fn(string(k), DocNum(binary.BigEndian.Uint32(v))) {
			return nil
		}
	}
	return nil
}

// compare orders two articles of the index as witnesses.
func (t *boltTx) compare(a, b DocNum) (int, error) {
	wa, err := t.witnessOf(a)
	if err != nil {
		return 0, err
	}
	wb, err := t.witnessOf(b)
	if err != nil {
		return 0, err
	}
	return provenance.Compare(wa, wb), nil
}

func (t *boltTx) witnessOf(n DocNum) (*reprint.Document, error) {
	if d := t.witness[n]; d != nil {
		return d, nil
	}
	d, _, _, err := t.record(n, false)
	if err != nil {
		return nil, err
	}
	if t.witness == nil {
		t.witness = map[DocNum]*reprint.Document{}
	}
	w := &reprint.Document{ID: d.ID, Date: d.Date}
	t.witness[n] = w
	return w, nil
}

// newPosting is a posting about to be merged into a block: rank orders the
// articles of one Put among themselves.
type newPosting struct {
	posting
	rank int
}

// Put implements Writer.
func (t *boltTx) Put(entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	meta, ids, docs := t.tx.Bucket(bucketMeta), t.tx.Bucket(bucketIDs), t.tx.Bucket(bucketDocs)
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if seen[e.Doc.ID] || ids.Get([]byte(e.Doc.ID)) != nil {
			return fmt.Errorf("index %s: %q: %w", t.b.path, e.Doc.ID, ErrExists)
		}
		if e.Doc.ID == "" {
			return fmt.Errorf("index %s: an article without an id cannot be indexed", t.b.path)
		}
		seen[e.Doc.ID] = true
	}
	c, err := t.loadCounts()
	if err != nil {
		return err
	}
	next := DocNum(binary.BigEndian.Uint32(meta.Get(keyNext)))
	if uint64(next)+uint64(len(entries)) > maxDocNum {
		return fmt.Errorf("index %s: full (%d article numbers used)", t.b.path, next)
	}

	// Records are compressed in parallel, outside bbolt.
	recs := make([][]byte, len(entries))
	errs := make([]error, len(entries))
	forEach(runtime.GOMAXPROCS(0), len(entries), func(_, i int) {
		recs[i], errs[i] = encodeRecord(&entries[i].Doc, entries[i].Paragraphs)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	docs.FillPercent = 1 // numbers only grow: append-only pages
	if t.witness == nil {
		t.witness = map[DocNum]*reprint.Document{}
	}
	light := make([]reprint.Document, len(entries))
	for i, e := range entries {
		n := next + DocNum(i)
		if err := docs.Put(docKey(n), recs[i]); err != nil {
			return fmt.Errorf("index %s: store %q: %w", t.b.path, e.Doc.ID, err)
		}
		if err := ids.Put([]byte(e.Doc.ID), binary.BigEndian.AppendUint32(nil, uint32(n))); err != nil {
			return fmt.Errorf("index %s: store %q: %w", t.b.path, e.Doc.ID, err)
		}
		light[i] = reprint.Document{ID: e.Doc.ID, Date: e.Doc.Date}
		t.witness[n] = &light[i]
		c.articles++
		c.paragraphs += int64(e.Paragraphs)
		c.textBytes += int64(len(e.Doc.Text))
	}
	if err := meta.Put(keyNext, binary.BigEndian.AppendUint32(nil, uint32(next)+uint32(len(entries)))); err != nil {
		return fmt.Errorf("index %s: %w", t.b.path, err)
	}
	t.dirty = true
	ranks := provenance.Ranks(light)

	sh := partition.Spread(shards, func(emit func(int, newPosting)) {
		for i, e := range entries {
			n := next + DocNum(i)
			for _, h := range e.Shingles {
				_, rep := slices.BinarySearch(e.Repeated, h)
				emit(int(h>>lowBits), newPosting{posting: posting{low: h & lowMask, doc: n, flag: rep}, rank: ranks[i]})
			}
		}
	})
	bu := partition.Spread(shards, func(emit func(int, newPosting)) {
		for i, e := range entries {
			n := next + DocNum(i)
			for _, pk := range e.Keys {
				if pk.Para > maxPara {
					continue // past 16 million paragraphs: found by shingles only
				}
				for _, key := range pk.Keys {
					emit(int(key>>lowBits), newPosting{posting: posting{low: key & lowMask, doc: n, para: pk.Para}, rank: ranks[i]})
				}
			}
		}
	})
	st := partition.Spread(shards, func(emit func(int, newPosting)) {
		for i, e := range entries {
			n := next + DocNum(i)
			for _, s := range e.Stems {
				k := stemKey(s)
				emit(int(k>>lowBits), newPosting{posting: posting{low: k & lowMask, doc: n}})
			}
		}
	})
	for _, ps := range sh {
		c.shingles += int64(len(ps))
	}
	for _, ps := range bu {
		c.buckets += int64(len(ps))
	}
	for _, ps := range st {
		c.stems += int64(len(ps))
	}
	if err := t.mergeAll(bucketShingles, sh, false); err != nil {
		return err
	}
	if err := t.mergeAll(bucketBuckets, bu, true); err != nil {
		return err
	}
	return t.mergeAll(bucketStems, st, false)
}

// byWitness reports whether the postings of the named bucket are kept in
// witness order (shingles and buckets); stem postings are kept by DocNum.
func byWitness(name []byte) bool { return !bytes.Equal(name, bucketStems) }

const shards = 1 << shardBits

// mergeAll merges new postings into their blocks. It runs in four steps so
// that the work can use every core while only one goroutine touches the
// bbolt transaction (which is not safe for concurrent use): read the
// blocks; sort each shard's new postings and find which indexed articles
// share a hash with one of them (the only ones whose witness order is
// needed); load those articles' dates and ids; merge; write the blocks
// back in shard order. Stem postings, kept by DocNum, skip the witnesses.
func (t *boltTx) mergeAll(name []byte, ps [][]newPosting, bucket bool) error {
	witnesses := byWitness(name)
	bk := t.tx.Bucket(name)
	bk.FillPercent = 0.95 // blocks are rewritten in key order
	old := make([][]byte, shards)
	for s := range ps {
		if len(ps[s]) > 0 {
			old[s] = bk.Get(binary.BigEndian.AppendUint16(nil, uint16(s)))
		}
	}
	need := make([][]DocNum, shards)
	errs := make([]error, shards)
	workers := runtime.GOMAXPROCS(0)
	forEach(workers, shards, func(_, s int) {
		if len(ps[s]) == 0 {
			return
		}
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				errs[s] = t.b.damaged(r)
			}
		}()
		slices.SortFunc(ps[s], func(a, b newPosting) int {
			return cmp.Or(cmp.Compare(a.low, b.low), cmp.Compare(a.rank, b.rank), cmp.Compare(a.para, b.para),
				cmp.Compare(a.doc, b.doc))
		})
		if witnesses {
			need[s], errs[s] = collisions(old[s], ps[s], bucket)
		}
	})
	if err := firstError(errs); err != nil {
		return t.damaged("%v", err)
	}
	for _, ns := range need {
		for _, n := range ns {
			if _, err := t.witnessOf(n); err != nil {
				return err
			}
		}
	}
	if err := t.ctx.Err(); err != nil {
		return err
	}
	blocks := make([][]byte, shards)
	forEach(workers, shards, func(_, s int) {
		if len(ps[s]) == 0 {
			return
		}
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				errs[s] = t.b.damaged(r)
			}
		}()
		blocks[s] = t.merge(old[s], ps[s], bucket, witnesses)
	})
	if err := firstError(errs); err != nil {
		return err
	}
	for s, b := range blocks {
		if b == nil {
			continue
		}
		if err := bk.Put(binary.BigEndian.AppendUint16(nil, uint16(s)), b); err != nil {
			return fmt.Errorf("index %s: %w", t.b.path, err)
		}
	}
	return nil
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// collisions returns the indexed articles of block that share a hash with
// one of ps (sorted by hash).
func collisions(block []byte, ps []newPosting, bucket bool) ([]DocNum, error) {
	w := blockWidth(bucket)
	if len(block)%w != 0 {
		return nil, fmt.Errorf("posting block of %d bytes", len(block))
	}
	var out []DocNum
	k := 0
	for off := 0; off < len(block) && k < len(ps); off += w {
		low := get48(block[off:])
		for k < len(ps) && ps[k].low < low {
			k++
		}
		if k < len(ps) && ps[k].low == low {
			out = append(out, decodeEntry(block[off:], bucket).doc)
		}
	}
	return out, nil
}

// merge returns the entries of block and ps (one shard's, sorted) in block
// order: by hash, then witness order, then paragraph, or by hash and then
// DocNum when witnesses is false. The witnesses of the articles that
// collisions named are in t.witness.
func (t *boltTx) merge(block []byte, ps []newPosting, bucket, witnesses bool) []byte {
	w := blockWidth(bucket)
	dst := make([]byte, 0, len(block)+len(ps)*w)
	k := 0
	for off := 0; off < len(block); off += w {
		old := decodeEntry(block[off:], bucket)
		for k < len(ps) {
			p := &ps[k]
			before := p.low < old.low
			if p.low == old.low {
				if witnesses {
					x := provenance.Compare(t.witness[p.doc], t.witness[old.doc])
					before = x < 0 || x == 0 && p.para < old.para
				} else {
					before = p.doc < old.doc
				}
			}
			if !before {
				break
			}
			dst = appendEntry(dst, p.posting, bucket)
			k++
		}
		dst = append(dst, block[off:off+w]...)
	}
	for ; k < len(ps); k++ {
		dst = appendEntry(dst, ps[k].posting, bucket)
	}
	return dst
}

// Remove implements Writer.
func (t *boltTx) Remove(ids []string) ([]string, error) {
	idb, docs := t.tx.Bucket(bucketIDs), t.tx.Bucket(bucketDocs)
	c, err := t.loadCounts()
	if err != nil {
		return nil, err
	}
	t.b.prepMu.Lock()
	defer t.b.prepMu.Unlock()
	prep, err := t.b.preparer()
	if err != nil {
		return nil, err
	}
	gone := map[DocNum]bool{}
	shShards, buShards, stShards := map[uint16]bool{}, map[uint16]bool{}, map[uint16]bool{}
	var removed []string
	for _, id := range ids {
		if err := t.ctx.Err(); err != nil {
			return nil, err
		}
		v := idb.Get([]byte(id))
		if v == nil {
			continue
		}
		if len(v) != 4 {
			return nil, t.damaged("id entry of %q", id)
		}
		n := DocNum(binary.BigEndian.Uint32(v))
		if gone[n] {
			continue
		}
		d, _, _, err := t.record(n, true)
		if err != nil {
			return nil, err
		}
		e := prep.Entry(d)
		for _, h := range e.Shingles {
			shShards[uint16(h>>lowBits)] = true
		}
		for _, s := range e.Stems {
			stShards[uint16(stemKey(s)>>lowBits)] = true
		}
		nb := 0
		for _, pk := range e.Keys {
			if pk.Para > maxPara {
				continue
			}
			for _, key := range pk.Keys {
				buShards[uint16(key>>lowBits)] = true
				nb++
			}
		}
		gone[n] = true
		removed = append(removed, id)
		c.articles--
		c.paragraphs -= int64(e.Paragraphs)
		c.textBytes -= int64(len(d.Text))
		c.shingles -= int64(len(e.Shingles))
		c.buckets -= int64(nb)
		c.stems -= int64(len(e.Stems))
		if err := docs.Delete(docKey(n)); err != nil {
			return nil, fmt.Errorf("index %s: %w", t.b.path, err)
		}
		if err := idb.Delete([]byte(id)); err != nil {
			return nil, fmt.Errorf("index %s: %w", t.b.path, err)
		}
		delete(t.witness, n)
	}
	if len(removed) == 0 {
		return nil, nil
	}
	t.dirty = true
	if err := t.filter(bucketShingles, shShards, gone, false); err != nil {
		return nil, err
	}
	if err := t.filter(bucketBuckets, buShards, gone, true); err != nil {
		return nil, err
	}
	if err := t.filter(bucketStems, stShards, gone, false); err != nil {
		return nil, err
	}
	return removed, nil
}

// filter rewrites the given shards without the postings of gone articles.
func (t *boltTx) filter(name []byte, shards map[uint16]bool, gone map[DocNum]bool, bucket bool) error {
	bk := t.tx.Bucket(name)
	w := blockWidth(bucket)
	keys := make([]uint16, 0, len(shards))
	for s := range shards {
		keys = append(keys, s)
	}
	slices.Sort(keys)
	for _, s := range keys {
		key := binary.BigEndian.AppendUint16(nil, s)
		block := bk.Get(key)
		if len(block)%w != 0 {
			return t.damaged("posting block of %d bytes", len(block))
		}
		var out []byte
		for off := 0; off < len(block); off += w {
			if !gone[decodeEntry(block[off:], bucket).doc] {
				out = append(out, block[off:off+w]...)
			}
		}
		var err error
		if len(out) == 0 {
			err = bk.Delete(key)
		} else if !bytes.Equal(out, block) {
			err = bk.Put(key, out)
		}
		if err != nil {
			return fmt.Errorf("index %s: %w", t.b.path, err)
		}
	}
	return nil
}
