package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/align"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/internal/runs"
	"github.com/reprint-tool/reprint/paragraph"
	"github.com/reprint-tool/reprint/provenance"
	"github.com/reprint-tool/reprint/shingle"
)

// Check reports the reused wording between new articles and the indexed
// ones (and among the new ones), as detect.Run over the indexed corpus
// plus the new articles would report it, restricted to the matches that
// involve a new article. An indexed article with the id of a new one is
// taken as replaced by it: left out, as a report over the corpus with the
// new version would leave it out. The new articles come first in the
// answer's documents, in input order, then the indexed articles that
// appear in a match, in witness order.
//
// # How
//
// detect.Run links every occurrence of a shingle, and every member of an
// LSH bucket, to one origin only: the earliest witness among the articles
// that carry it (provenance.Compare order). So only a few indexed articles
// can take part in a match with a new article X, and Check finds them
// from the postings, which the Store keeps in witness order, and runs
// detect.Run over X and them (with provenance.Options.CorpusSize set to
// the whole corpus):
//
//   - X's origins: for each shingle of X, its earliest witness when that
//     ranks before X, kept when it gives X at least as many seeds as
//     detect needs to align a pair (two, at the default parameters); and
//     for each LSH bucket of each paragraph of X that detect would sign
//     (at least Threshold of its shingles recur somewhere in the corpus,
//     which the postings tell exactly), the bucket's earliest signed
//     member when that ranks before X, whether or not it verifies: it is
//     what keeps the bucket's later members from linking to X.
//   - X's copies, when X is the earliest witness of a shingle or bucket:
//     the later carriers with enough seeds (or a passage that sentence
//     alignment finds), and for each of those all its own origins: when
//     detect reconciles the candidates of one copy, the earlier origins
//     claim its words first, and the shingle passages of every origin claim
//     theirs before any sentence passage.
//   - The articles that share enough rare words with X to be compared by
//     sentence alignment (detect.RareUsers, detect.RareShared), from the
//     postings of X's rare content words: the earlier ones are X's origins,
//     the later ones its copies, with all their origins as above.
//   - A closure: an indexed article in the run that carries a shingle of
//     X (or of one of X's copies) whose earliest witness is not in the run
//     would become that shingle's earliest witness inside the run and make
//     a link the full run does not make; so the true earliest witness of
//     every such shingle joins the run, until nothing changes.
//
// A common shingle costs one posting read and at most one article, its
// earliest witness, however many articles carry it. A new article is
// usually the latest witness of what it shares, so it has origins and no
// copies; an article that is the earliest witness of passages many others
// copied brings them all in (and the answer holds all those matches).
//
// Kinds are detect's. The one thing a kind needs beyond the run is how
// widely a short passage is carried (provenance.Carried: the articles
// holding every shingle of its origin passage), which detect counts over
// the whole corpus and Check from the postings of the passage's shingles
// and the new articles.
//
// # How exact
//
// Every article of Reuters-21578 (19,043) and of the Helsinki corpus (612)
// checked against an index of its corpus (itself replaced) gives the
// matches the full report gives for it, span for span, with the same
// origin, copy, kind, words, Jaccard and containment (the consistency
// tests with -every-article). One thing in detect could make Check
// differ, though it did not on these corpora: a bucket's earliest signed
// member is in the run, but the run signs paragraphs by what recurs
// within the run.
//
// Group numbers are dense within the answer, and an indexed article's stats
// count only the reuse it shares with the new articles.
//
// # Explanations
//
// With CheckOptions.Explain each match carries the Explanation detect.Run
// gives it in the run over the new articles and the indexed ones chosen:
// shingle sets, exact and estimated similarities and collided LSH bands
// are measured from the articles' texts, the same as in a full report.
// What the run did with them is the run's: a shingle's earliest witness
// (for the seed counts) and a bucket's earliest signed member (for Linked)
// are those of the full corpus, which the choice above brings into the run,
// but whether a paragraph is signed is decided by what recurs within the
// run. So OriginSigned and CopySigned can differ from a full report's, for
// a paragraph that passes the signing test only with articles the run
// leaves out. Linked, and with it the routes, differs only as the matches
// themselves might (the second case above): a linked pair's Jaccard
// reaches the threshold, and then both paragraphs are signed in any run
// that holds them. On every seventh Helsinki article, 3 of 2,326
// explanations differed from the report's, each in one paragraph's signed
// flag, in a pair far below the threshold.
func Check(ctx context.Context, r Reader, p Params, news []reprint.Document, opt CheckOptions) (*reprint.Result, error) {
	c, err := newChecker(ctx, r, p, news, opt)
	if err != nil {
		return nil, err
	}
	defer putFeaturer(p, c.feat)
	return c.run()
}

// CheckOptions tune a check.
type CheckOptions struct {
	Workers int // goroutines; 0 means GOMAXPROCS
	// Explain asks for each match's Explanation, as detect.Options.Explain
	// does (see Check).
	Explain bool
}

// featurers keeps Featurers between checks, by parameters: making one
// chooses the LSH banding, which costs a fifth of a millisecond.
var featurers = struct {
	sync.Mutex
	free map[Params][]*detect.Featurer
}{free: map[Params][]*detect.Featurer{}}

func getFeaturer(p Params) (*detect.Featurer, error) {
	featurers.Lock()
	if fs := featurers.free[p]; len(fs) > 0 {
		f := fs[len(fs)-1]
		featurers.free[p] = fs[:len(fs)-1]
		featurers.Unlock()
		return f, nil
	}
	featurers.Unlock()
	return detect.NewFeaturer(p.Options())
}

func putFeaturer(p Params, f *detect.Featurer) {
	featurers.Lock()
	defer featurers.Unlock()
	if len(featurers.free[p]) < 8 {
		featurers.free[p] = append(featurers.free[p], f)
	}
}

// ref names an article: an indexed one by its DocNum (>= 0), a new one by
// -(index+1).
type ref int64

func newRef(i int) ref      { return ref(-int64(i) - 1) }
func (x ref) isNew() bool   { return x < 0 }
func (x ref) newIndex() int { return int(-x - 1) }
func (x ref) num() DocNum   { return DocNum(x) }

// none is no article.
const none = ref(1 << 40)

// art is an article cut up as detect cuts it: word offsets, the shingle at
// each word and the first word of each paragraph.
type art struct {
	doc          *reprint.Document
	prepared     bool
	words        []uint64 // word hashes
	starts, ends []int32
	sh           []uint64
	sorted       []uint64 // sh sorted, to count occurrences
	paras        []reprint.Span
	paraTok      []int32 // paragraph p is words [paraTok[p], paraTok[p+1])
	keys         []detect.ParagraphKeys
	hasKeys      bool
	sents        *detect.Sentences // made on first use
	stems        []uint32          // detect.Stems, made on first use
	aligned      *align.Text       // text(), made on first use
}

// text returns the article as one side of an alignment, as detect makes
// it: word hashes, a break at the first word of every paragraph but the
// first, and where its sentences end. It is made once, from the prepared
// article.
func (a *art) text() align.Text {
	if a.aligned == nil {
		t := align.Text{Words: a.words, Breaks: make([]bool, len(a.words)), Stops: detect.SentenceStops(a.doc.Text, a.starts, a.ends)}
		for p := 1; p < len(a.paraTok)-1; p++ {
			if k := int(a.paraTok[p]); k < len(a.words) {
				t.Breaks[k] = true
			}
		}
		a.aligned = &t
	}
	return *a.aligned
}

func (a *art) count(h uint64) int {
	i, ok := slices.BinarySearch(a.sorted, h)
	if !ok {
		return 0
	}
	j := i
	for j < len(a.sorted) && a.sorted[j] == h {
		j++
	}
	return j - i
}

// paraShingles returns the shingles wholly inside paragraph p and the
// position of the first.
func (a *art) paraShingles(p, n int) ([]uint64, int) {
	s, e := int(a.paraTok[p]), int(a.paraTok[p+1])
	if e-s < n {
		return nil, s
	}
	return a.sh[s : e-n+1], s
}

type carry struct {
	news  int
	count int
}

type pairKey struct{ origin, copy ref }

type checker struct {
	ctx     context.Context
	r       Reader
	p       Params
	opt     detect.Options
	news    []reprint.Document
	workers int

	tok  *shingle.Tokenizer
	feat *detect.Featurer
	buf  []shingle.Token

	hidden     map[DocNum]bool
	indexed    int // articles in the index
	corpusSize int
	// bg is the corpus's background as detect needs it; its users are
	// those of the stems of the articles weighed so far (weigh): the
	// index's users of each, less the hidden articles that use it, plus the
	// new ones that do (delta).
	bg    *background
	delta map[uint32]int32

	meta  map[DocNum]*reprint.Document // ids and dates
	arts  map[ref]*art
	post  map[uint64][]Posting // shingle postings, hidden articles left out
	buck  map[uint64][]ParaPosting
	carry map[uint64][]carry // news carrying each of their shingles
	early map[uint64]ref
	// newKeys lists the signed paragraphs of new articles by bucket key.
	newKeys map[uint64][]paraRef
	signed  map[paraRef]bool

	included map[DocNum]bool
	// copies are indexed articles that a new one is the origin of: all
	// their origins matter.
	copies map[DocNum]bool
}

type paraRef struct {
	doc  ref
	para int
}

func newChecker(ctx context.Context, r Reader, p Params, news []reprint.Document, co CheckOptions) (*checker, error) {
	opt := p.Options()
	opt.Workers, opt.Explain = co.Workers, co.Explain
	feat, err := getFeaturer(p)
	if err != nil {
		return nil, err
	}
	c := &checker{
		ctx: ctx, r: r, p: p, opt: opt, news: news, workers: co.Workers,
		tok: shingle.NewTokenizer(), feat: feat,
		hidden: map[DocNum]bool{}, meta: map[DocNum]*reprint.Document{}, arts: map[ref]*art{},
		post: map[uint64][]Posting{}, buck: map[uint64][]ParaPosting{}, carry: map[uint64][]carry{},
		early: map[uint64]ref{}, newKeys: map[uint64][]paraRef{}, signed: map[paraRef]bool{},
		included: map[DocNum]bool{}, copies: map[DocNum]bool{},
	}
	ids := make([]string, len(news))
	seen := map[string]bool{}
	for i, d := range news {
		if seen[d.ID] {
			return nil, fmt.Errorf("check: two new articles have the id %q", d.ID)
		}
		seen[d.ID] = true
		ids[i] = d.ID
	}
	nums, present, err := r.Lookup(ids)
	if err != nil {
		return nil, err
	}
	for i, ok := range present {
		if ok {
			c.hidden[nums[i]] = true
		}
	}
	st, err := r.Stats()
	if err != nil {
		return nil, err
	}
	c.indexed = st.Articles
	c.corpusSize = st.Articles - len(c.hidden) + len(news)
	c.opt.Provenance.CorpusSize = c.corpusSize
	c.bg = &background{n: c.corpusSize, users: map[uint32]int32{}, r: r, hidden: c.hidden, holders: map[uint32][]ref{}}
	c.opt.Background = c.bg
	return c, nil
}

// stemsOf returns an article's distinct content stems.
func (c *checker) stemsOf(a *art) []uint32 {
	if a.stems == nil {
		a.stems = detect.Stems(a.doc.Text, a.words, a.starts, a.ends)
	}
	return a.stems
}

// countDelta sets c.delta: for each stem, the new articles that use it
// less the hidden ones (which the index counts and the run leaves out).
func (c *checker) countDelta() error {
	c.delta = map[uint32]int32{}
	for i := range c.news {
		stems := c.stemsOf(c.art(newRef(i)))
		for _, s := range stems {
			c.delta[s]++
		}
		c.bg.news = append(c.bg.news, stems)
	}
	var hidden []DocNum
	for n := range c.hidden {
		hidden = append(hidden, n)
	}
	slices.Sort(hidden)
	docs, err := c.r.Documents(hidden)
	if err != nil {
		return err
	}
	for i := range docs {
		a := c.prepare(&docs[i])
		for _, s := range c.stemsOf(a) {
			c.delta[s]--
		}
	}
	return nil
}

// weigh makes sure the background holds the stems of the articles.
func (c *checker) weigh(as ...*art) error {
	var stems []uint32
	for _, a := range as {
		stems = append(stems, c.stemsOf(a)...)
	}
	need := missing(stems, func(s uint32) bool { _, ok := c.bg.users[s]; return ok })
	if len(need) == 0 {
		return nil
	}
	users, err := c.r.StemUsers(need)
	if err != nil {
		return err
	}
	for i, s := range need {
		c.bg.users[s] = int32(users[i]) + c.delta[s]
	}
	return nil
}

// minSeeds is the fewest seeds detect aligns a pair with (minPairSeeds).
func (c *checker) minSeeds() int { return min(2, c.p.MinWords-c.p.Shingle+1) }

func (c *checker) witness(x ref) *reprint.Document {
	if x.isNew() {
		return &c.news[x.newIndex()]
	}
	return c.meta[x.num()]
}

// compare orders two articles as witnesses; all indexed ones must have
// their meta loaded.
func (c *checker) compare(a, b ref) int {
	if a == b {
		return 0
	}
	return provenance.Compare(c.witness(a), c.witness(b))
}

func (c *checker) comparePara(a, b paraRef) int {
	return cmp.Or(c.compare(a.doc, b.doc), cmp.Compare(a.para, b.para))
}

// prepare cuts an article up.
func (c *checker) prepare(d *reprint.Document) *art {
	n := c.p.Shingle
	c.buf = c.tok.Append(c.buf[:0], d.Text)
	a := &art{doc: d, prepared: true, words: make([]uint64, len(c.buf)), starts: make([]int32, len(c.buf)), ends: make([]int32, len(c.buf))}
	for i, t := range c.buf {
		a.words[i], a.starts[i], a.ends[i] = t.Hash, t.Start, t.End
	}
	a.sh = shingle.AppendWords(nil, c.buf, n)
	a.sorted = slices.Clone(a.sh)
	slices.Sort(a.sorted)
	paras := paragraph.Split(d.Text)
	a.paras = paras
	a.paraTok = make([]int32, len(paras)+1)
	k := 0
	for p, s := range paras {
		for k < len(c.buf) && int(c.buf[k].Start) < s.Start {
			k++
		}
		a.paraTok[p] = int32(k)
	}
	a.paraTok[len(paras)] = int32(len(c.buf))
	return a
}

func (a *art) features(c *checker) []detect.ParagraphKeys {
	if !a.hasKeys {
		a.keys = c.feat.Features(a.doc.Text).Paragraphs
		a.hasKeys = true
	}
	return a.keys
}

// art returns an article read by load (or a new one), cut up on first use:
// most articles of a run are only detect's to read.
func (c *checker) art(x ref) *art {
	a := c.arts[x]
	if !a.prepared {
		*a = *c.prepare(a.doc)
	}
	return a
}

// load makes sure the indexed articles are read.
func (c *checker) load(nums []DocNum) error {
	need := missing(nums, func(n DocNum) bool { return c.arts[ref(n)] != nil })
	if len(need) == 0 {
		return nil
	}
	docs, err := c.r.Documents(need)
	if err != nil {
		return err
	}
	for i, n := range need {
		d := docs[i]
		c.arts[ref(n)] = &art{doc: &d}
		if c.meta[n] == nil {
			c.meta[n] = &reprint.Document{ID: d.ID, Title: d.Title, Source: d.Source, URL: d.URL, Date: d.Date}
		}
	}
	return c.ctx.Err()
}

// missing returns the distinct keys that known does not report, ascending:
// the ones still to be read from the index.
func missing[K cmp.Ordered](keys []K, known func(K) bool) []K {
	var need []K
	for _, k := range keys {
		if !known(k) {
			need = append(need, k)
		}
	}
	slices.Sort(need)
	return slices.Compact(need)
}

// loadMeta makes sure the indexed articles' ids and dates are known.
func (c *checker) loadMeta(nums []DocNum) error {
	need := missing(nums, func(n DocNum) bool { return c.meta[n] != nil })
	if len(need) == 0 {
		return nil
	}
	ms, err := c.r.Meta(need)
	if err != nil {
		return err
	}
	for i, n := range need {
		m := ms[i]
		c.meta[n] = &m
	}
	return nil
}

// fetch makes sure the postings of the shingles are known, with the
// witness of each one's first (non-hidden) posting.
func (c *checker) fetch(hs []uint64) error {
	need := missing(hs, func(h uint64) bool { _, ok := c.post[h]; return ok || h == 0 })
	if len(need) == 0 {
		return nil
	}
	ps, err := c.r.Shingles(need)
	if err != nil {
		return err
	}
	var firsts []DocNum
	for i, h := range need {
		list := ps[i]
		if len(c.hidden) > 0 {
			list = slices.DeleteFunc(list, func(p Posting) bool { return c.hidden[p.Doc] })
		}
		c.post[h] = list
		if len(list) > 0 {
			firsts = append(firsts, list[0].Doc)
		}
	}
	return c.loadMeta(firsts)
}

// earliest returns the earliest witness of a fetched shingle in the whole
// corpus (indexed and new articles), or none.
func (c *checker) earliest(h uint64) ref {
	if e, ok := c.early[h]; ok {
		return e
	}
	best := none
	if ps := c.post[h]; len(ps) > 0 {
		best = ref(ps[0].Doc)
	}
	for _, cr := range c.carry[h] {
		if x := newRef(cr.news); best == none || c.compare(x, best) < 0 {
			best = x
		}
	}
	c.early[h] = best
	return best
}

// recurs reports whether shingle h occurs more than once in the whole
// corpus, given that article a (which carries it inside) does.
func (c *checker) recurs(h uint64, a ref, inA int) bool {
	if inA > 1 {
		return true
	}
	for _, cr := range c.carry[h] {
		if newRef(cr.news) != a {
			return true
		}
	}
	for _, p := range c.post[h] {
		if ref(p.Doc) != a {
			return true
		}
	}
	return false
}

// signedPara reports whether detect, over the whole corpus, would sign
// paragraph p of article x: whether at least Threshold of its shingles
// (counted by place, or by distinct value) recur in the corpus. Its
// shingles' postings must be fetched.
func (c *checker) signedPara(x ref, p int) bool {
	pr := paraRef{x, p}
	if s, ok := c.signed[pr]; ok {
		return s
	}
	a := c.art(x)
	all, _ := a.paraShingles(p, c.p.Shingle)
	s, e := int(a.paraTok[p]), int(a.paraTok[p+1])
	ok := false
	if e-s >= c.p.MinWords {
		shared := 0
		for _, h := range all {
			if h != 0 && c.recurs(h, x, a.count(h)) {
				shared++
			}
		}
		t := c.p.Threshold
		distinct := len(slices.Compact(slices.Sorted(slices.Values(all))))
		ok = shared > 0 && !(float64(shared) < t*float64(len(all)) && float64(shared) < t*float64(distinct))
	}
	c.signed[pr] = ok
	return ok
}

// signedIndexed is signedPara for an indexed article, loading it and the
// postings it needs.
func (c *checker) signedIndexed(n DocNum, p int) (bool, error) {
	if s, ok := c.signed[paraRef{ref(n), p}]; ok {
		return s, nil
	}
	if err := c.load([]DocNum{n}); err != nil {
		return false, err
	}
	a := c.art(ref(n))
	if p+1 >= len(a.paraTok) {
		return false, fmt.Errorf("check: article number %d has no paragraph %d", n, p)
	}
	all, _ := a.paraShingles(p, c.p.Shingle)
	if err := c.fetch(all); err != nil {
		return false, err
	}
	return c.signedPara(ref(n), p), nil
}

// verifies reports whether two paragraphs reach the threshold, as detect
// verifies an LSH candidate pair.
func (c *checker) verifies(a, b paraRef) bool {
	as, _ := c.art(a.doc).paraShingles(a.para, c.p.Shingle)
	bs, _ := c.art(b.doc).paraShingles(b.para, c.p.Shingle)
	j, _ := detect.Overlap(as, bs)
	return j >= c.p.Threshold
}

// bucketOrigin returns the earliest signed member of an LSH bucket in the
// whole corpus (none when it has no signed member). The bucket's postings
// must be fetched.
func (c *checker) bucketOrigin(key uint64) (paraRef, error) {
	best := paraRef{doc: none}
	for _, m := range c.newKeys[key] {
		if best.doc == none || c.comparePara(m, best) < 0 {
			best = m
		}
	}
	ps := c.buck[key]
	var nums []DocNum
	for _, p := range ps {
		nums = append(nums, p.Doc)
	}
	if err := c.loadMeta(nums); err != nil {
		return best, err
	}
	for _, p := range ps {
		m := paraRef{ref(p.Doc), p.Para}
		if best.doc != none && c.comparePara(best, m) < 0 {
			break
		}
		ok, err := c.signedIndexed(p.Doc, p.Para)
		if err != nil {
			return best, err
		}
		if ok {
			return m, nil
		}
	}
	return best, nil
}

func (c *checker) fetchBuckets(keys []uint64) error {
	need := missing(keys, func(k uint64) bool { _, ok := c.buck[k]; return ok })
	if len(need) == 0 {
		return nil
	}
	bs, err := c.r.Buckets(need)
	if err != nil {
		return err
	}
	for i, k := range need {
		list := bs[i]
		if len(c.hidden) > 0 {
			list = slices.DeleteFunc(list, func(p ParaPosting) bool { return c.hidden[p.Doc] })
		}
		c.buck[k] = list
	}
	return nil
}

func (c *checker) run() (*reprint.Result, error) {
	// The new articles, their shingles and who carries them.
	var hs []uint64
	for i := range c.news {
		a := c.prepare(&c.news[i])
		c.arts[newRef(i)] = a
		runs.Each(a.sorted, func(h uint64) uint64 { return h }, func(run []uint64) {
			if h := run[0]; h != 0 {
				c.carry[h] = append(c.carry[h], carry{news: i, count: len(run)})
				hs = append(hs, h)
			}
		})
	}
	if err := c.fetch(hs); err != nil {
		return nil, err
	}
	if err := c.countDelta(); err != nil {
		return nil, err
	}

	// Seeds by pair, from shingle links that involve a new article.
	seeds := map[pairKey]int{}
	for i := range c.news {
		x := newRef(i)
		a := c.art(x)
		for _, h := range a.sh {
			if h == 0 {
				continue
			}
			if e := c.earliest(h); e != x {
				seeds[pairKey{e, x}]++
			}
		}
	}
	for _, h := range hs {
		e := c.earliest(h)
		if !e.isNew() {
			continue
		}
		for _, p := range c.post[h] {
			n := 1
			if p.Repeated {
				n = 2
			}
			seeds[pairKey{e, ref(p.Doc)}] += n
		}
	}

	// LSH links that involve a new article.
	var keys []uint64
	for i := range c.news {
		x := newRef(i)
		for _, pk := range c.art(x).features(c) {
			if c.signedPara(x, pk.Para) {
				for _, k := range pk.Keys {
					c.newKeys[k] = append(c.newKeys[k], paraRef{x, pk.Para})
					keys = append(keys, k)
				}
			}
		}
	}
	if err := c.fetchBuckets(keys); err != nil {
		return nil, err
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	lshOrigins := map[DocNum]bool{}
	bucketPairs := map[pairKey]bool{}
	for _, k := range keys {
		m1, err := c.bucketOrigin(k)
		if err != nil {
			return nil, err
		}
		if !m1.doc.isNew() {
			// An indexed origin (or a blocker that verifies with nothing:
			// in the run it keeps the bucket's later members from linking
			// to each other, as in the full run).
			lshOrigins[m1.doc.num()] = true
			if err := c.load([]DocNum{m1.doc.num()}); err != nil {
				return nil, err
			}
			for _, m := range c.newKeys[k] {
				if c.verifies(m1, m) {
					seeds[pairKey{m1.doc, m.doc}] += 2
				}
			}
			continue
		}
		// A new article is the bucket's origin: its later signed members.
		for _, p := range c.buck[k] {
			ok, err := c.signedIndexed(p.Doc, p.Para)
			if err != nil {
				return nil, err
			}
			if ok && c.verifies(m1, paraRef{ref(p.Doc), p.Para}) {
				seeds[pairKey{m1.doc, ref(p.Doc)}] += 2
				bucketPairs[pairKey{m1.doc, ref(p.Doc)}] = true
			}
		}
	}

	// X's origins, and X's copies.
	for pk, n := range seeds {
		if n < c.minSeeds() || pk.origin == none {
			continue
		}
		switch {
		case !pk.origin.isNew() && pk.copy.isNew():
			c.included[pk.origin.num()] = true
		case pk.origin.isNew() && !pk.copy.isNew():
			d := pk.copy.num()
			if !bucketPairs[pk] {
				// Seeds far apart (common phrases) align into nothing:
				// then d cannot be a copy, and its origins need not come.
				ok, err := c.alignable(pk.origin, d)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			c.copies[d] = true
			c.included[d] = true
		}
	}
	for n := range lshOrigins {
		c.included[n] = true
	}
	// Rare-word links (detect's rareLinks): the indexed articles that share
	// enough rare words with a new one are its origins, or its copies.
	for i := range c.news {
		x := newRef(i)
		partners, err := c.rarePartners(x)
		if err != nil {
			return nil, err
		}
		for _, d := range partners {
			if c.compare(ref(d), x) > 0 {
				c.copies[d] = true
			}
			c.included[d] = true
		}
	}
	if err := c.copyOrigins(); err != nil {
		return nil, err
	}
	if err := c.closure(); err != nil {
		return nil, err
	}
	return c.detect()
}

// alignable reports whether the shingle seeds linking new article x (their
// earliest witness) to indexed article d align into a passage at all, as
// detect aligns them, or detect's sentence alignment finds one between
// them: when neither does, d holds no copy of x's wording.
func (c *checker) alignable(x ref, d DocNum) (bool, error) {
	if err := c.load([]DocNum{d}); err != nil {
		return false, err
	}
	xa, da := c.art(x), c.art(ref(d))
	first := map[uint64]int32{}
	for p := len(xa.sh) - 1; p >= 0; p-- {
		if h := xa.sh[p]; h != 0 && c.early[h] == x {
			first[h] = int32(p)
		}
	}
	var seeds []align.Seed
	for q, h := range da.sh {
		if p, ok := first[h]; ok {
			seeds = append(seeds, align.Seed{O: p, C: int32(q)})
		}
	}
	opt := align.Defaults(c.p.Shingle)
	opt.MaxGap, opt.MinWords = c.p.MaxGap, c.p.MinWords
	if len(align.Passages(xa.text(), da.text(), seeds, false, opt)) > 0 {
		return true, nil
	}
	// detect aligns the pair sentence by sentence as well.
	xs, err := c.sentences(xa)
	if err != nil {
		return false, err
	}
	ds, err := c.sentences(da)
	if err != nil {
		return false, err
	}
	return detect.Reworded(xs, ds, c.p.MinWords), nil
}

// sentences returns the article's sentences, as detect splits them.
func (c *checker) sentences(a *art) (*detect.Sentences, error) {
	if a.sents == nil {
		if err := c.weigh(a); err != nil {
			return nil, err
		}
		t := a.text()
		a.sents = detect.NewSentences(a.doc.Text, t.Words, a.starts, a.ends, t.Breaks, c.bg)
	}
	return a.sents, nil
}

// copyOrigins adds, for each indexed copy d of a new article X, d's
// origins (by shingles, LSH buckets and rare words): detect gives d's
// words to its earliest origins first, and to the shingle passages of all
// its origins before any sentence passage, so they decide what is left of
// X's passage in d.
//
// All of d's origins, not only those of its words near X's passage: an
// origin in the run that carries other shingles of d whose earliest
// witness is not in the run becomes their earliest witness there, and
// seeds it should not have can chain, MaxGap words at a time, into X's
// passage. (Looking only near the passage made 2 of the 19,043 checks of
// Reuters-21578 lose a match; the price of looking everywhere is paid only
// by an article that is the earliest witness of passages others copied,
// rarely a new one.)
func (c *checker) copyOrigins() error {
	var ds []DocNum
	for d := range c.copies {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	if err := c.load(ds); err != nil {
		return err
	}
	for _, d := range ds {
		a := c.art(ref(d))
		if err := c.fetch(a.sh); err != nil {
			return err
		}
		seeds := map[ref]int{}
		for _, h := range a.sh {
			if h == 0 {
				continue
			}
			if e := c.earliest(h); e != ref(d) && !e.isNew() {
				seeds[e]++
			}
		}
		for e, n := range seeds {
			if n >= c.minSeeds() {
				c.included[e.num()] = true
			}
		}
		partners, err := c.rarePartners(ref(d))
		if err != nil {
			return err
		}
		for _, e := range partners {
			if c.compare(ref(e), ref(d)) < 0 {
				c.included[e] = true
			}
		}
		var keys []uint64
		for _, pk := range a.features(c) {
			if c.signedPara(ref(d), pk.Para) {
				keys = append(keys, pk.Keys...)
			}
		}
		if err := c.fetchBuckets(keys); err != nil {
			return err
		}
		for _, k := range keys {
			m1, err := c.bucketOrigin(k)
			if err != nil {
				return err
			}
			if m1.doc != none && !m1.doc.isNew() && m1.doc != ref(d) {
				c.included[m1.doc.num()] = true
			}
		}
	}
	return nil
}

// rarePartners returns the indexed articles (hidden ones left out) that
// share at least detect.RareShared rare words with article x, words that
// at most detect.RareUsers articles of the corpus use, with their ids and
// dates loaded.
func (c *checker) rarePartners(x ref) ([]DocNum, error) {
	a := c.art(x)
	if err := c.weigh(a); err != nil {
		return nil, err
	}
	var rare []uint32
	for _, s := range c.stemsOf(a) {
		if u := c.bg.users[s]; u >= 2 && u <= detect.RareUsers {
			rare = append(rare, s)
		}
	}
	holders, err := c.bg.holdersOf(rare)
	if err != nil {
		return nil, err
	}
	shared := map[DocNum]int{}
	for _, hs := range holders {
		for _, d := range hs {
			if !d.isNew() && d != x {
				shared[d.num()]++
			}
		}
	}
	var out []DocNum
	for d, n := range shared {
		if n >= detect.RareShared {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out, c.loadMeta(out)
}

// closure adds the earliest witness of every shingle of a new article (or
// of an indexed copy of one) that another article of the run carries, so
// that no article of the run stands in for a witness it does not load.
func (c *checker) closure() error {
	var focus []ref
	for i := range c.news {
		focus = append(focus, newRef(i))
	}
	for d := range c.copies {
		focus = append(focus, ref(d))
	}
	slices.Sort(focus)
	for changed := true; changed; {
		changed = false
		for _, y := range focus {
			hs := c.art(y).sorted
			for k := 0; k < len(hs); k++ {
				h := hs[k]
				if h == 0 || k > 0 && hs[k-1] == h {
					continue
				}
				e := c.earliest(h)
				if e == none || e == y || e.isNew() || c.included[e.num()] {
					continue
				}
				if c.carriedElsewhere(h, y) {
					c.included[e.num()] = true
					changed = true
				}
			}
		}
	}
	return nil
}

// carriedElsewhere reports whether an article of the run other than y
// carries h.
func (c *checker) carriedElsewhere(h uint64, y ref) bool {
	for _, cr := range c.carry[h] {
		if newRef(cr.news) != y {
			return true
		}
	}
	for _, p := range c.post[h] {
		if ref(p.Doc) != y && c.included[p.Doc] {
			return true
		}
	}
	return false
}
