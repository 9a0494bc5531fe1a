package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/reprint-tool/reprint"
)

// The bbolt file holds six buckets:
//
//	meta      "magic" → "reprint-index"; "version" → FormatVersion (uint32);
//	          "params" → Params as JSON; "next" → the next DocNum (uint32);
//	          "counts" → articles, paragraphs, text bytes, shingle,
//	          bucket and stem postings (six uint64s)
//	ids       article id → DocNum (uint32)
//	docs      DocNum (uint32) → document record (below)
//	shingles  shard (uint16, the top 12 bits of the hash) → posting block
//	buckets   shard (uint16, the top 12 bits of the key) → posting block
//	stems     shard (uint16, the top 12 bits of the stem) → posting block
//
// All integers in keys and blocks are big-endian, so keys sort by number.
//
// A posting block holds one shard's postings as fixed-width entries sorted
// by the low 48 bits of the hash (so postings are told apart by 60 of the
// hash's 64 bits: a lookup among Reuters-21578's 2.6 million shingles finds
// a posting of another shingle with probability 2^-38), then by witness
// order of the article (then by paragraph): a shingle entry is 6 bytes of
// hash and 4 of DocNum, whose top bit says that the shingle repeats inside
// the article; a bucket entry is 6 bytes of key, 4 of DocNum and 3 of
// paragraph index. A stem entry is laid out as a shingle entry (the 32-bit
// stem in the low bits, the repeat bit unused) and ordered by DocNum, not
// witness order: only how many articles use a stem matters, and a batch's
// numbers come after every number before it, so merging needs no witness.
// Reuters-21578 has 1.1 million of them (11 MB).
//
// Sharding keeps the number of bbolt keys small: one key per hash would be
// millions, and bbolt spends about a microsecond per key written and 16
// bytes of page overhead per key stored. With 4,096 shards, Reuters-21578's
// 2.6 million shingle postings make blocks of about 640 entries (6.4 KB,
// two pages) and its 1.5 million bucket postings blocks of 4.7 KB; a lookup
// reads one block and binary-searches it. A batch of added articles
// rewrites each block it touches once, in shard order, so a block fills its
// pages instead of leaving them half empty after splits, as small blocks in
// shared pages did (65,536 shards made the file twice as large).
//
// The cost of that choice: a batch rewrites every block it touches, and a
// batch of more than a few hundred articles touches nearly all of them, so
// adding costs about the postings' size per batch (45 MB for Reuters) and
// leaves as much in free pages, which the next batch reuses. That is cheap
// up to about 10^5 articles with batches of a few thousand; a much larger
// index would want log-structured segments (immutable sorted runs merged in
// the background) instead.
const (
	shardBits = 12
	lowBits   = 64 - shardBits // a hash's shard is its top shardBits bits
	lowMask   = 1<<48 - 1      // an entry keeps the low 48 bits

	shingleWidth = 6 + 4
	bucketWidth  = 6 + 4 + 3

	repeatedFlag = 1 << 31
	maxDocNum    = repeatedFlag - 1
	maxPara      = 1<<24 - 1
)

var (
	bucketMeta     = []byte("meta")
	bucketIDs      = []byte("ids")
	bucketDocs     = []byte("docs")
	bucketShingles = []byte("shingles")
	bucketBuckets  = []byte("buckets")
	bucketStems    = []byte("stems")

	keyMagic   = []byte("magic")
	keyVersion = []byte("version")
	keyParams  = []byte("params")
	keyNext    = []byte("next")
	keyCounts  = []byte("counts")

	magic = []byte("reprint-index")
)

func docKey(n DocNum) []byte { return binary.BigEndian.AppendUint32(nil, uint32(n)) }

// stemKey is the 64-bit key of a 32-bit content stem in the stems blocks:
// the stem's top 12 bits (its shard) above the stem times an odd constant
// modulo 2^48, which tells every stem apart (an odd multiplier is
// invertible) and spreads a shard's stems over the 48 bits as findRun's
// guess of an entry's place expects.
func stemKey(s uint32) uint64 {
	return uint64(s>>(32-shardBits))<<lowBits | uint64(s)*0x9e3779b97f4a7c15&lowMask
}

func put48(b []byte, v uint64) {
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}

func get48(b []byte) uint64 {
	return uint64(b[0])<<40 | uint64(b[1])<<32 | uint64(b[2])<<24 | uint64(b[3])<<16 | uint64(b[4])<<8 | uint64(b[5])
}

// posting is a decoded entry of either kind of block: para is 0 in
// shingle blocks, and flag holds the repeated bit there.
type posting struct {
	low  uint64
	doc  DocNum
	flag bool
	para int
}

func blockWidth(bucket bool) int {
	if bucket {
		return bucketWidth
	}
	return shingleWidth
}

func decodeEntry(b []byte, bucket bool) posting {
	p := posting{low: get48(b)}
	d := binary.BigEndian.Uint32(b[6:])
	if bucket {
		p.doc = DocNum(d)
		p.para = int(b[10])<<16 | int(b[11])<<8 | int(b[12])
	} else {
		p.doc, p.flag = DocNum(d&^repeatedFlag), d&repeatedFlag != 0
	}
	return p
}

func appendEntry(dst []byte, p posting, bucket bool) []byte {
	var b [bucketWidth]byte
	put48(b[:], p.low)
	d := uint32(p.doc)
	if !bucket && p.flag {
		d |= repeatedFlag
	}
	binary.BigEndian.PutUint32(b[6:], d)
	if bucket {
		b[10], b[11], b[12] = byte(p.para>>16), byte(p.para>>8), byte(p.para)
	}
	return append(dst, b[:blockWidth(bucket)]...)
}

// findRun returns the entries of block whose low 48 bits are low, as a
// sub-slice of block. Hashes are uniform, so the entry's place is guessed
// from its value and the search widens from there: a few probes instead
// of a binary search's ten.
func findRun(block []byte, low uint64, bucket bool) ([]byte, error) {
	w := blockWidth(bucket)
	if len(block)%w != 0 {
		return nil, fmt.Errorf("posting block of %d bytes is not a whole number of %d-byte entries", len(block), w)
	}
	n := len(block) / w
	at := func(i int) uint64 { return get48(block[i*w:]) }
	// The first entry >= low lies in (lo, hi]; -1 and n stand for -inf and
	// +inf.
	g := min(n-1, int(low*uint64(n)>>48))
	lo, hi := -1, n
	if n > 0 {
		step := 4
		if at(g) >= low {
			hi = g
			for hi-step > lo && at(hi-step) >= low {
				hi -= step
				step *= 2
			}
			lo = max(lo, hi-step)
		} else {
			lo = g
			for lo+step < hi && at(lo+step) < low {
				lo += step
				step *= 2
			}
			hi = min(hi, lo+step)
		}
	}
	i := lo + 1 + sort.Search(hi-lo-1, func(k int) bool { return at(lo+1+k) >= low })
	// The run ends before the first entry > low: found by galloping, as a
	// common content stem's run holds thousands of entries.
	j, step := i, 1
	for j+step <= n && at(j+step-1) == low {
		j += step
		step *= 2
	}
	j += sort.Search(min(step, n-j), func(k int) bool { return at(j+k) != low })
	return block[i*w : j*w], nil
}

// A document record is: a version byte (1); the date as
// time.Time.MarshalBinary, length-prefixed (empty when undated); id, title,
// source and url, each length-prefixed (uvarint); the number of
// paragraphs and of text bytes (uvarints); then the text, zstd-compressed.
// Everything needed to order articles as witnesses comes before the text,
// so ordering reads no compressed bytes.
const recordVersion = 1

var (
	zenc     *zstd.Encoder
	zdec     *zstd.Decoder
	zstdOnce sync.Once
)

func codecs() (*zstd.Encoder, *zstd.Decoder) {
	zstdOnce.Do(func() {
		var err error
		// EncodeAll and DecodeAll are safe for concurrent use.
		zenc, err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderCRC(false))
		if err != nil {
			panic(err) // only for invalid options
		}
		zdec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
		if err != nil {
			panic(err)
		}
	})
	return zenc, zdec
}

func encodeRecord(d *reprint.Document, paragraphs int) ([]byte, error) {
	b := []byte{recordVersion}
	var date []byte
	if d.Dated() {
		var err error
		if date, err = d.Date.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("article %q: date: %w", d.ID, err)
		}
	}
	for _, s := range [][]byte{date, []byte(d.ID), []byte(d.Title), []byte(d.Source), []byte(d.URL)} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(paragraphs))
	b = binary.AppendUvarint(b, uint64(len(d.Text)))
	enc, _ := codecs()
	return enc.EncodeAll([]byte(d.Text), b), nil
}

var errRecord = errors.New("damaged document record")

// decodeRecord decodes a record; with text false it stops before the text.
func decodeRecord(b []byte, text bool) (d reprint.Document, paragraphs int, textLen int, err error) {
	if len(b) == 0 || b[0] != recordVersion {
		return d, 0, 0, errRecord
	}
	b = b[1:]
	field := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		f := b[k : k+int(n)]
		b = b[k+int(n):]
		return f, true
	}
	var fs [5][]byte
	for i := range fs {
		f, ok := field()
		if !ok {
			return d, 0, 0, errRecord
		}
		fs[i] = f
	}
	if len(fs[0]) > 0 {
		var t time.Time
		if err := t.UnmarshalBinary(fs[0]); err != nil {
			return d, 0, 0, errRecord
		}
		d.Date = t
	}
	d.ID, d.Title, d.Source, d.URL = string(fs[1]), string(fs[2]), string(fs[3]), string(fs[4])
	np, k := binary.Uvarint(b)
	if k <= 0 {
		return d, 0, 0, errRecord
	}
	b = b[k:]
	nt, k := binary.Uvarint(b)
	if k <= 0 || nt > 1<<40 {
		return d, 0, 0, errRecord
	}
	b = b[k:]
	if text {
		_, dec := codecs()
		out, err := dec.DecodeAll(b, make([]byte, 0, int(nt)))
		if err != nil || len(out) != int(nt) {
			return d, 0, 0, errRecord
		}
		d.Text = string(out)
	}
	return d, int(np), int(nt), nil
}
