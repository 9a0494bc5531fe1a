package detect

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/reprint-tool/reprint/align"
)

// Sentence alignment finds reuse that word shingles miss: wording rewritten
// word by word (words swapped for synonyms, inserted, dropped or reordered),
// translated there and back, or condensed. Such passages keep few five-word
// runs, but sentence by sentence they still share most of their content
// words.
//
// It runs on every pair of different articles that detection aligns (the
// pairs that share shingles or an LSH bucket), over all their sentence
// pairs, and depends on nothing but the two articles' texts and the
// corpus's Background, which an index keeps, so a check against an index
// finds what a full report finds. The method follows Sanchez-Perez,
// Sidorov and Gelbukh (PAN 2014):
//
//   - seeds: sentence pairs whose words (content words stemmed, numbers,
//     and function words, as a rewording keeps much of a sentence's
//     grammar) agree, by cosine and by Dice coefficient, each word weighed
//     by its tf-isf (isf the inverse frequency of a word among the
//     sentences of the two articles) times its background weight (how few
//     of the corpus's other articles use it); a pair that lies on either
//     side of a long shingle passage (before it in one article, after it in
//     the other) must agree more (crossCosine);
//   - growth: from the pair's shingle passages, and the seeds in them,
//     seeds grow sentence by sentence on both sides at once into the
//     neighbouring sentence pairs that agree by lower bars, so that wording
//     reused word for word is followed into the reworded sentences around
//     it;
//   - extension: seeds are clustered, alternately on the copy side and the
//     origin side, into fragments whose seeds lie at most sentenceGap
//     sentences apart; a fragment whose two sides do not agree as a whole is
//     clustered again with a smaller gap;
//   - summaries: each copy sentence's best seed is clustered again with a
//     wide gap on the origin side, and fragments whose origin side is much
//     longer than their copy side are kept as summaries;
//   - filtering: of fragments that overlap in the copy, summaries first and
//     then the one that agrees best stays.
//
// A fragment spans whole sentences on both sides. It is then stretched over
// the shingle passages it overlaps on both sides, less what one side's
// sentence runs on, in words of its own, past where they end on both
// (cutRunOn); reconcile (match.go) lets the shingle passages of every
// origin claim their words first, and joins what the fragment holds of its
// origin's wording into one match. A fragment that overlaps no shingle
// passage must stand out from the two articles' overall likeness.

// sentences is one article split into sentences, with each word's code
// (stem).
type sentences struct {
	once  sync.Once
	first []int32  // first[s] is sentence s's first word; first[count] the words
	stems []uint32 // stems[w]: word w's code (stem), 0 for a word that says nothing
	// numAt holds the words that hold a digit, ascending, and numHash
	// their normalised hashes, folded: the article's figures.
	numAt   []int32
	numHash []uint32
	// ids[off[s]:off[s+1]] are sentence s's distinct stems, as indexes
	// into vocab, and fw[s] the set of its function words (codes below
	// firstContent, one bit each).
	ids []int32
	off []int32
	fw  []functionSet
	// vocab holds the article's distinct stems, in order of first
	// occurrence, and keys and vals index them (an open-addressing table
	// from stem to vocabulary index); sf[v] is the
	// number of sentences holding stem v, and
	// post[postOff[v]:postOff[v+1]] those sentences, ascending.
	vocab         []uint32
	sf            []int32
	postOff, post []int32
	keys          []uint32
	vals          []int32
	// users[v] is how many of the corpus's articles (articles in all) use
	// stem v (Background; a function word counts as used by all), and
	// g2[v] the square of its background weight in a pair that does not
	// share it.
	users    []int32
	articles int
	g2       []float32
	// ka[s], la[s] and lb[s] are the sums of g², g² ln sf and g² ln² sf
	// over sentence s's stems, and w0, w1 and w2 the sums of g² sf²,
	// g² sf² ln sf and g² sf² ln² sf over the vocabulary: with them the
	// weighted tf-isf norm of a sentence, or of the whole article, against
	// any other article is a correction over the stems the two share.
	ka, la, lb []float64
	w0, w1, w2 float64
}

// count is the number of sentences.
func (s *sentences) count() int32 { return int32(len(s.first) - 1) }

// sentencesOf returns document d's sentences, building them on first use.
func (e *engine) sentencesOf(d int32) *sentences {
	s := &e.sents[d]
	s.once.Do(func() {
		p := &e.prep[d]
		text := e.docs[d].Text
		s.build(text, p.text.Words, p.codes, p.starts, p.ends, p.text.Breaks, e.bg)
		p.codes = nil
	})
	return s
}

// build splits an article into sentences, given its words' normalised
// hashes, their codes (stem; nil to work them out), byte offsets and
// paragraph starts (breaks, nil for one paragraph), and the corpus's
// background: at paragraph breaks, after a full stop, question or
// exclamation mark or semicolon once a sentence holds minSentence words,
// and after maxSentence words without one. Quoted words count as any
// other: a quotation two articles share is found by shingles as well, and
// one that many articles carry makes a rewording around it widely told
// (widespread).
func (s *sentences) build(text string, words []uint64, codes []uint32, starts, ends []int32, breaks []bool, bg Background) {
	n := len(starts)
	s.stems = make([]uint32, n)
	s.first = make([]int32, 1, n/16+2)
	for w := range n {
		if w > 0 {
			long := int32(w) - s.first[len(s.first)-1]
			if breaks != nil && breaks[w] || long >= maxSentence ||
				long >= minSentence && endsSentence(text[ends[w-1]:starts[w]]) {
				s.first = append(s.first, int32(w))
			}
		}
		if hasDigit(text[starts[w]:ends[w]]) {
			s.numAt, s.numHash = append(s.numAt, int32(w)), append(s.numHash, nonZero32(words[w]))
		}
		if codes != nil {
			s.stems[w] = codes[w]
		} else {
			s.stems[w] = stem(text[starts[w]:ends[w]], words[w])
		}
	}
	s.first = append(s.first, int32(n))
	coded := 0
	for _, h := range s.stems {
		if h != 0 {
			coded++
		}
	}
	size := tableSize(coded)
	s.keys, s.vals = make([]uint32, size), make([]int32, size)
	s.ids = make([]int32, 0, coded)
	s.vocab, s.sf = make([]uint32, 0, coded/2), make([]int32, 0, coded/2)
	last := make([]int32, 0, coded/2) // per vocabulary index: the last sentence holding it, plus one
	s.off = make([]int32, 1, len(s.first))
	s.fw = make([]functionSet, 0, s.count())
	for i := range s.count() {
		var fw functionSet
		for _, h := range s.stems[s.first[i]:s.first[i+1]] {
			if h == 0 {
				continue
			}
			at := s.slot(h)
			if s.keys[at] == 0 {
				s.keys[at], s.vals[at] = h, int32(len(s.vocab))
				s.vocab = append(s.vocab, h)
				s.sf = append(s.sf, 0)
				last = append(last, 0)
			}
			if v := s.vals[at]; last[v] != i+1 {
				last[v] = i + 1
				s.ids = append(s.ids, v)
				s.sf[v]++
			}
			if !content(h) {
				fw.add(h)
			}
		}
		s.off = append(s.off, int32(len(s.ids)))
		s.fw = append(s.fw, fw)
	}
	// The table was sized for every content word; the vocabulary is
	// smaller, and the table lives as long as the run's alignment.
	if want := tableSize(len(s.vocab)); want < len(s.keys) {
		s.keys, s.vals = make([]uint32, want), make([]int32, want)
		for v, h := range s.vocab {
			at := s.slot(h)
			s.keys[at], s.vals[at] = h, int32(v)
		}
	}
	s.postOff = make([]int32, len(s.vocab)+1)
	for v, f := range s.sf {
		s.postOff[v+1] = s.postOff[v] + f
	}
	s.post = make([]int32, len(s.ids))
	fill := slices.Clone(s.postOff[:len(s.vocab)])
	ln := make([]float64, len(s.sf))
	s.articles = bg.Articles()
	s.users, s.g2 = make([]int32, len(s.sf)), make([]float32, len(s.sf))
	for v, f := range s.sf {
		// A function word is taken as used by every article.
		s.users[v] = int32(s.articles)
		if content(s.vocab[v]) {
			s.users[v] = int32(bg.Users(s.vocab[v]))
		}
		g := weight(int(s.users[v]), s.articles, 1)
		s.g2[v] = float32(g * g)
		g2 := float64(s.g2[v])
		ln[v] = math.Log(float64(f))
		f2 := float64(f) * float64(f) * g2
		s.w0 += f2
		s.w1 += f2 * ln[v]
		s.w2 += f2 * ln[v] * ln[v]
	}
	s.ka, s.la, s.lb = make([]float64, s.count()), make([]float64, s.count()), make([]float64, s.count())
	for i := range s.count() {
		for _, v := range s.ids[s.off[i]:s.off[i+1]] {
			s.post[fill[v]] = i
			fill[v]++
			g2 := float64(s.g2[v])
			s.ka[i] += g2
			s.la[i] += g2 * ln[v]
			s.lb[i] += g2 * ln[v] * ln[v]
		}
	}
}

// tableSize is the size of a vocabulary table for n stems: a power of two,
// at most half full.
func tableSize(n int) int {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return size
}

// slot returns the place of stem h in the vocabulary table: where it is,
// or the empty place where it would go.
func (s *sentences) slot(h uint32) uint32 {
	mask := uint32(len(s.keys) - 1)
	x := h * 0x9e3779b1
	i := (x ^ x>>16) & mask
	for s.keys[i] != 0 && s.keys[i] != h {
		i = (i + 1) & mask
	}
	return i
}

// find returns stem h's index in the vocabulary, or -1.
func (s *sentences) find(h uint32) int32 {
	if i := s.slot(h); s.keys[i] == h {
		return s.vals[i]
	}
	return -1
}

// norm2 is the square of sentence i's weighted tf-isf norm against an
// article pair with l the logarithm of their sentences, before the
// correction for the stems the two share: the sum over its stems of
// g² (l - ln sf)².
func (s *sentences) norm2(i int32, l float64) float64 {
	return s.ka[i]*l*l - 2*l*s.la[i] + s.lb[i]
}

// wholeNorm2 is the square of the article's weighted tf-isf norm as one
// bag of stems, sentence frequencies as counts, against an article pair
// with l the logarithm of their sentences, before the correction for the
// stems the two share: the sum over its stems of g² (l - ln sf)² sf².
func (s *sentences) wholeNorm2(l float64) float64 {
	return l*l*s.w0 - 2*l*s.w1 + s.w2
}

// endsSentence reports whether the text between two words ends a sentence.
// A full stop between digits or letters ("201.66", "U.S.") ends none.
func endsSentence(gap string) bool {
	end := false
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '.', '!', '?', ';':
			end = true
		case ' ', '\n', '\t', '\r':
			if end {
				return true
			}
		}
	}
	return false
}

// hasDigit reports whether a word holds a decimal digit.
func hasDigit(word string) bool {
	for _, r := range word {
		if '0' <= r && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// otherFigures reports whether the copy side c of a passage states figures
// that its origin side o mostly does not: at least two distinct numbers
// (words holding a digit, as normalised), fewer than half of which the
// origin side holds. Rewording keeps a passage's facts, its numbers among
// them, while a template filled in again (results tables, dividend
// notices, datelines) keeps the words around them.
func (t *sentScratch) otherFigures(so *sentences, o align.Range, sc *sentences, c align.Range) bool {
	figures := func(s *sentences, r align.Range) []uint32 {
		i, _ := slices.BinarySearch(s.numAt, int32(r.Start))
		j, _ := slices.BinarySearch(s.numAt, int32(r.End))
		return s.numHash[i:j]
	}
	t.x = append(t.x[:0], figures(sc, c)...)
	slices.Sort(t.x)
	x, y := slices.Compact(t.x), figures(so, o)
	if len(x) < 2 {
		return false
	}
	in := 0
	for _, h := range x {
		if slices.Contains(y, h) {
			in++
		}
	}
	return 2*in < len(x)
}

// stem returns the code sentence alignment compares a word by: a function
// word's number (1 to len(functionWords)), the stem of a content word (a
// hash, firstContent or above: content reports which), or 0 for a word of
// one or two letters, which says nothing. hash is the word's normalised
// hash (Token.Hash). A number (a word that starts with a digit) is a
// content word as normalised, whatever its length: figures tell passages
// apart. A word of ASCII letters and digits (apostrophes, straight or
// curly, dropped as the tokenizer drops them) is lower-cased and loses a
// common English inflection ("-s", "-es", "-ed", "-ing", "-ly") and then
// a final "e", so that "reported" and "reports", "closed" and "close"
// agree; other words keep their normalised hash. The stem of a word
// spelled out so depends on its normalised form alone, so such words with
// one hash have one stem.
func stem(word string, hash uint64) uint32 {
	if len(word) > 0 && '0' <= word[0] && word[0] <= '9' {
		return contentCode(hash)
	}
	if len(word) < 3 && (len(word) == 0 || word[0] < utf8.RuneSelf && word[len(word)-1] < utf8.RuneSelf) {
		return 0 // ASCII, so fewer than three letters
	}
	if len(word) <= maxFunctionWord {
		if f := functionWords.code(hash); f != 0 {
			return f
		}
	}
	if len(word) > 64 {
		return contentCode(hash) // as normalised: no English inflection this long matters
	}
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(word); i++ {
		switch c := word[i]; {
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		case c == '\'':
		case c == 0xE2 && i+2 < len(word) && word[i+1] == 0x80 && (word[i+2] == 0x98 || word[i+2] == 0x99): // ‘ ’
			i += 2
		case c == 0xCA && i+1 < len(word) && word[i+1] == 0xBC: // ʼ
			i++
		default:
			if c < 0x80 {
				continue
			}
			return contentCode(hash) // other scripts and letters: as normalised
		}
	}
	n := len(b)
	if n < 3 {
		return 0
	}
	cut := 0
	switch {
	case n > 5 && b[n-3] == 'i' && b[n-2] == 'n' && b[n-1] == 'g':
		cut = 3
	case n > 4 && (b[n-2] == 'e' && (b[n-1] == 'd' || b[n-1] == 's') || b[n-2] == 'l' && b[n-1] == 'y'):
		cut = 2
	case n > 3 && b[n-1] == 's' && b[n-2] != 's':
		cut = 1
	}
	if m := n - cut; m > 3 && b[m-1] == 'e' { // "close", "closed"
		cut++
	}
	if cut == 0 {
		return contentCode(hash) // the normalised hash is that of b
	}
	return contentCode(xxhash.Sum64(b[:n-cut]))
}

// firstContent is the least code of a content word: the codes below it
// number the function words.
const firstContent = 1 << 8

// content reports whether a word's code (stem) is that of a content word.
func content(code uint32) bool { return code >= firstContent }

// functionSet is a set of function words, one bit per code.
type functionSet [firstContent / 64]uint64

func (f *functionSet) add(code uint32) { f[code/64] |= 1 << (code % 64) }

// common returns the function words in both f and g.
func (f *functionSet) common(g *functionSet) functionSet {
	var c functionSet
	for w := range f {
		c[w] = f[w] & g[w]
	}
	return c
}

// count returns the number of function words in f.
func (f *functionSet) count() int32 {
	n := 0
	for _, set := range f {
		n += bits.OnesCount64(set)
	}
	return int32(n)
}

// contentCode folds a content word's 64-bit hash into a code of 32 bits,
// firstContent or above.
func contentCode(h uint64) uint32 {
	if x := uint32(h ^ h>>32); x >= firstContent {
		return x
	}
	return uint32(h>>8) | firstContent
}

// nonZero32 folds a 64-bit hash into 32 bits other than 0.
func nonZero32(h uint64) uint32 {
	if x := uint32(h ^ h>>32); x != 0 {
		return x
	}
	return 1
}

// wordCodes is a small open-addressing table from words' hashes (non-zero)
// to codes.
type wordCodes struct {
	keys  []uint64
	codes []uint32
}

// newWordCodes numbers words from 1, in order.
func newWordCodes(words []string) wordCodes {
	size := 256
	for size < 8*len(words) { // mostly empty: most words looked up are not in it
		size *= 2
	}
	t := wordCodes{keys: make([]uint64, size), codes: make([]uint32, size)}
	for k, w := range words {
		h := xxhash.Sum64String(w)
		i := h & uint64(size-1)
		for t.keys[i] != 0 && t.keys[i] != h {
			i = (i + 1) & uint64(size-1)
		}
		t.keys[i], t.codes[i] = h, uint32(k+1)
	}
	return t
}

// code returns the code of the word with hash h, or 0.
func (t wordCodes) code(h uint64) uint32 {
	mask := uint64(len(t.keys) - 1)
	for i := h & mask; t.keys[i] != 0; i = (i + 1) & mask {
		if t.keys[i] == h {
			return t.codes[i]
		}
	}
	return 0
}

// maxFunctionWord is the most bytes a function word takes, spelled in
// ASCII letters; one spelled in other characters (full-width letters)
// is read as a content word.
const maxFunctionWord = 7

// functionWords numbers the function words (functionWordList) by the hash
// the tokenizer gives them (xxhash of the case-folded word).
var functionWords = newWordCodes(functionWordList)

// functionWordList holds English function words of three letters or more,
// each of at most maxFunctionWord letters and fewer than firstContent in
// all. They take part in comparing sentences, as a reworded sentence keeps
// much of its grammar, but not in comparing content.
var functionWordList = []string{
	"the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her",
	"was", "one", "our", "out", "has", "him", "his", "how", "its", "may", "new", "now",
	"old", "see", "two", "way", "who", "did", "get", "she", "too", "use", "that", "with",
	"have", "this", "will", "your", "from", "they", "been", "were", "said", "each", "which",
	"their", "there", "what", "about", "would", "these", "other", "into", "more", "some",
	"could", "them", "than", "then", "also", "only", "over", "such", "very", "when", "where",
	"while", "after", "before", "being", "both", "does", "doing", "during", "just", "most",
	"should", "those", "through", "under", "until", "upon", "whom", "whose", "why", "yet",
	"own", "same", "few", "here", "off", "again", "further", "once", "because", "between",
	"against", "above", "below", "down", "nor", "per", "via", "shall", "might", "must",
	"many", "much", "even", "ever", "every", "like", "well", "made", "make", "however",
}

// Sentence alignment's settings, fixed rather than flags. They were chosen
// on half of the PAN 2013 training corpus (the even-numbered lines of its
// pairs file, "reprint eval pan -half even") and checked on the other half
// and on news; blockWords, crossCosine and runOnShare were chosen on the
// whole corpus and checked on each half (PlagDet 0.904 on each).
const (
	// seedCosine and seedDice are the least weighted cosine and Dice
	// coefficient of a sentence pair that seeds a fragment, and seedShared
	// the fewest words the two sentences share (one of them at least a
	// content word).
	seedCosine = 0.3
	seedDice   = 0.3
	seedShared = 2
	// growCosine, growDice and growShared are the lower bars of a sentence
	// pair that grows out of a seed or a shingle passage next to it
	// (growSeeds).
	growCosine = 0.2
	growDice   = 0.2
	growShared = 2
	// sentenceGap is the most sentences between two seeds of one fragment,
	// on either side.
	sentenceGap = 4
	// Wording reused word for word fixes where a copy sits in its origin: a
	// sentence pair that lies before a shingle passage of at least
	// blockWords words in one article and after it in the other seeds
	// nothing unless it agrees by crossCosine. Two articles on one subject
	// hold such weakly alike sentences anywhere; a sentence the copy moved
	// across the block agrees more.
	blockWords  = 60
	crossCosine = 0.6
	// runOnShare: where one side of a sentence passage ends (or starts)
	// with its shingle passages and the other side's sentence runs on past
	// them, that run-on is the other article's own text, and is cut off,
	// when fewer than runOnShare of its content words are words of the
	// passage's first side.
	runOnShare = 1.0 / 3
	// summaryGap is the most origin sentences between two seeds of a
	// fragment whose copy condenses its origin: its origin side spans at
	// least summaryRatio times the copy's sentences.
	summaryGap   = 40
	summaryRatio = 3
	// summaryContain is the least share of a summary's distinct content
	// words that its origin holds.
	summaryContain = 0.5
	// fragmentCosine is the least tf-isf cosine of a fragment's two sides,
	// taken as wholes.
	fragmentCosine = 0.34
	// passageDice is the least Dice coefficient of the distinct content
	// words of a sentence passage's two sides that verifies it when its
	// shingles do not (a passage narrowed by an earlier origin is measured
	// again).
	passageDice = 0.3
	// maxSentence is the most words one sentence holds; longer runs
	// without a full stop are cut. minSentence is the fewest: a shorter
	// run joins the next sentence of its paragraph.
	maxSentence = 60
	minSentence = 4
	// wordCover is the share of a sentence passage's copy words that
	// shingle passages must cover for their ends to be its ends.
	wordCover = 0.8
	// maxStretch bounds how much longer the copy side of a sentence passage
	// may be than its origin side: rewording does not make a text half as
	// long again, but repeating it does, and each repetition is a match of
	// its own.
	maxStretch = 1.5
	// minSeeds is the fewest sentence pairs of a fragment: one sentence
	// like another is common between articles on one story. A fragment that
	// overlaps no shingle passage, rewording alone, needs more: pureSeeds
	// sentence pairs in the same order on both sides, and sides that agree
	// by pureContrast more than the two articles do as wholes (articles
	// on one story agree sentence by sentence throughout; a rewritten
	// passage stands out).
	minSeeds     = 2
	pureSeeds    = 2
	pureContrast = 0.0
	// A fragment found by rewording alone must also not be widely told:
	// of the content words its two sides share that at most wideUsers
	// articles of the corpus use (a story's telling words: its people,
	// places, figures), wideShare or more must not be used together by
	// wideCarriers or more other articles. Many outlets retell the
	// statement of one official in their own words; two of them agreeing
	// is the story's, not a copy.
	wideUsers    = 50
	wideShare    = 0.6
	wideCarriers = 2
)

// sentencePair is one pair of sentences: i in the origin, j in the copy.
type sentencePair struct{ i, j int32 }

// fragment is a run of origin sentences [o0, o1) reused as the copy
// sentences [c0, c1), and how well its two sides agree.
type fragment struct {
	o0, o1, c0, c1 int32
	sim            float64
	summary        bool  // the copy condenses the origin
	seeds          int   // sentence pairs
	ordered        int32 // of which in the same order on both sides, at most
}

// sentScratch is the reusable working memory of sentence alignment.
type sentScratch struct {
	// The stems the two articles share: their index in each vocabulary
	// and their weight squared (tf-isf times background weight); mapO and
	// mapC give each vocabulary index its shared index plus one (0 for a
	// stem not shared).
	sharedO, sharedC []int32
	w                []float64
	mapO, mapC       []int32
	// fnShared gives each function word the pair shares its shared index
	// plus one.
	fnShared [firstContent]int32
	// Norm corrections per sentence, and the copy sentences' shared stems
	// (byCopy[byCopyOff[j]:byCopyOff[j+1]]).
	corrO, corrC      []float64
	byCopyOff, byCopy []int32
	fill              []int32
	logs              []float64 // logs[n] is ln n
	background        float64   // the pair's cosine as wholes
	dot               []float64 // per origin sentence, for one copy sentence
	shared            []int32
	touched           []int32
	cntO, cntC        []int32 // per vocabulary index, for a fragment's cosine
	l                 float64 // the logarithm of the pair's sentences
	seeds, seeds2     []sentencePair
	held              []block // the shingle passages as sentences (heldSentences)
	blocks            []block // the long ones, for crossing seeds
	seedOf            []int32
	queue             []sentencePair
	frags             []fragment
	x, y              []uint32
}

// log returns the natural logarithm of n > 0, from a table that grows as
// needed (sentence frequencies are small integers).
func (t *sentScratch) log(n int) float64 {
	for len(t.logs) <= n {
		t.logs = append(t.logs, math.Log(float64(len(t.logs))))
	}
	return t.logs[n]
}

// release zeroes what a pair's alignment set in the arrays kept clean
// between pairs: the shared stems' marks and the norm corrections.
func (t *sentScratch) release(so, sc *sentences) {
	for k, vo := range t.sharedO {
		vc := t.sharedC[k]
		t.mapO[vo], t.mapC[vc] = 0, 0
		if h := so.vocab[vo]; !content(h) {
			t.fnShared[h] = 0
		}
		for _, i := range so.post[so.postOff[vo]:so.postOff[vo+1]] {
			t.corrO[i] = 0
		}
		for _, j := range sc.post[sc.postOff[vc]:sc.postOff[vc+1]] {
			t.corrC[j] = 0
		}
	}
}

// grow returns a with length n and every element zero.
func grow[T any](a []T, n int) []T {
	a = resize(a, n)
	clear(a)
	return a
}

// sentencePassages returns the passages that sentence alignment finds
// between origin so and copy sc, two different documents, whose shingle
// passages are ps, as word ranges at least minWords long on both sides.
func sentencePassages(t *sentScratch, so, sc *sentences, ps []align.Passage, minWords int) []rewording {
	no, nc := so.count(), sc.count()
	if no == 0 || nc == 0 {
		return nil
	}
	// The stems the two share, found by looking up the smaller vocabulary
	// in the larger one's table.
	t.sharedO, t.sharedC = t.sharedO[:0], t.sharedC[:0]
	if len(so.vocab) <= len(sc.vocab) {
		for v, h := range so.vocab {
			if u := sc.find(h); u >= 0 {
				t.sharedO, t.sharedC = append(t.sharedO, int32(v)), append(t.sharedC, u)
			}
		}
	} else {
		for u, h := range sc.vocab {
			if v := so.find(h); v >= 0 {
				t.sharedO, t.sharedC = append(t.sharedO, v), append(t.sharedC, int32(u))
			}
		}
	}
	if len(t.sharedO) < seedShared {
		return nil
	}
	// Weights, norm corrections, and each copy sentence's shared stems.
	t.l = math.Log(float64(no + nc))
	l := t.l
	t.w = grow(t.w, len(t.sharedO))
	// These arrays, and those of seeding and clustering below, are left all
	// zero after each pair (release, and their users), so they are resized
	// and not cleared.
	t.mapO, t.mapC = resize(t.mapO, len(so.vocab)), resize(t.mapC, len(sc.vocab))
	t.corrO, t.corrC = resize(t.corrO, int(no)), resize(t.corrC, int(nc))
	defer t.release(so, sc)
	t.byCopyOff = grow(t.byCopyOff, int(nc)+1)
	// The two articles' cosine as wholes (sentence frequencies as counts),
	// from each article's norm corrected for the stems the two share.
	var dot float64
	nO, nC := so.wholeNorm2(l), sc.wholeNorm2(l)
	for k, vo := range t.sharedO {
		vc := t.sharedC[k]
		t.mapO[vo], t.mapC[vc] = int32(k+1), int32(k+1)
		if h := so.vocab[vo]; !content(h) {
			t.fnShared[h] = int32(k + 1)
		}
		fo, fc := so.sf[vo], sc.sf[vc]
		// A shared stem has its isf over both articles, and its background
		// weight with both of them users.
		isf, g := l-t.log(int(fo+fc)), weight(int(so.users[vo]), so.articles, 2)
		t.w[k] = isf * isf * g * g
		lo, lc := l-t.log(int(fo)), l-t.log(int(fc))
		do, dc := t.w[k]-lo*lo*float64(so.g2[vo]), t.w[k]-lc*lc*float64(sc.g2[vc])
		dot += t.w[k] * float64(fo) * float64(fc)
		nO += do * float64(fo) * float64(fo)
		nC += dc * float64(fc) * float64(fc)
		for _, i := range so.post[so.postOff[vo]:so.postOff[vo+1]] {
			t.corrO[i] += do
		}
		for _, j := range sc.post[sc.postOff[vc]:sc.postOff[vc+1]] {
			t.corrC[j] += dc
			t.byCopyOff[j+1]++
		}
	}
	for j := range nc {
		t.byCopyOff[j+1] += t.byCopyOff[j]
	}
	t.byCopy = grow(t.byCopy, int(t.byCopyOff[nc]))
	t.fill = append(t.fill[:0], t.byCopyOff[:nc]...)
	for k, vc := range t.sharedC {
		for _, j := range sc.post[sc.postOff[vc]:sc.postOff[vc+1]] {
			t.byCopy[t.fill[j]] = int32(k)
			t.fill[j]++
		}
	}

	t.background = 0
	if nO > 0 && nC > 0 {
		t.background = dot / math.Sqrt(nO*nC)
	}
	// Seeds: every sentence pair that agrees.
	t.dot, t.shared = resize(t.dot, int(no)), resize(t.shared, int(no))
	t.seeds = t.seeds[:0]
	t.held, t.blocks = t.held[:0], t.blocks[:0]
	for _, p := range ps {
		o0, o1 := heldSentences(so, p.O)
		c0, c1 := heldSentences(sc, p.C)
		t.held = append(t.held, block{o0, o1, c0, c1})
		if min(p.O.Len(), p.C.Len()) >= blockWords {
			t.blocks = append(t.blocks, t.held[len(t.held)-1])
		}
	}
	for j := range nc {
		stems := t.byCopy[t.byCopyOff[j]:t.byCopyOff[j+1]]
		nj := sc.off[j+1] - sc.off[j]
		// A seed shares at most all of these k stems with an origin
		// sentence of at least k, so its Dice is at most 2k/(k+nj).
		if k := len(stems); k < seedShared || float64(2*k) < seedDice*float64(k+int(nj)) {
			continue
		}
		// The origin sentences that share a content word with it; the
		// function words they share are added below, from their sets (a
		// function word's postings hold most sentences).
		t.touched = t.touched[:0]
		for _, k := range stems {
			w, vo := t.w[k], t.sharedO[k]
			if !content(so.vocab[vo]) {
				continue
			}
			for _, i := range so.post[so.postOff[vo]:so.postOff[vo+1]] {
				if t.shared[i] == 0 {
					t.touched = append(t.touched, i)
				}
				t.shared[i]++
				t.dot[i] += w
			}
		}
		// Each copy sentence seeds with its best origin sentence only: a
		// copy sentence also like origin sentences elsewhere must not
		// stretch a fragment's origin side.
		normC := t.norm(sc, t.corrC, j)
		// The function words shared add at most fnDot, the weight of all
		// those of j that the pair shares.
		fnDot := 0.0
		for _, k := range stems {
			if !content(so.vocab[t.sharedO[k]]) {
				fnDot += t.w[k]
			}
		}
		best, bestCos := int32(-1), float32(0)
		for _, i := range t.touched {
			normO := t.norm(so, t.corrO, i)
			if normO == 0 || normC == 0 || (t.dot[i]+fnDot)/(normO*normC) < seedCosine {
				t.shared[i], t.dot[i] = 0, 0
				continue
			}
			common := so.fw[i].common(&sc.fw[j])
			if agrees(t.shared[i]+common.count(), so.off[i+1]-so.off[i], nj, seedShared, seedDice) {
				for w, set := range common {
					for ; set != 0; set &= set - 1 {
						t.dot[i] += t.w[t.fnShared[w*64+bits.TrailingZeros64(set)]-1]
					}
				}
				if cos := t.dot[i] / (normO * normC); cos >= seedCosine && float32(cos) > bestCos {
					best, bestCos = i, float32(cos)
				}
			}
			t.shared[i], t.dot[i] = 0, 0
		}
		if best >= 0 && (bestCos >= crossCosine || !t.crosses(best, j)) {
			t.seeds = append(t.seeds, sentencePair{best, j})
		}
	}
	if len(ps) > 0 {
		t.seeds = t.growSeeds(so, sc, t.seeds)
	}
	if len(t.seeds) == 0 {
		return nil
	}

	// Extension and filtering. Clustering sorts its seeds, so the summary
	// run gets a copy of them.
	t.cntO, t.cntC = resize(t.cntO, len(so.vocab)), resize(t.cntC, len(sc.vocab))
	t.seeds2 = append(t.seeds2[:0], t.seeds...)
	t.frags = t.cluster(so, sc, t.seeds, sentenceGap, sentenceGap, t.frags[:0])
	// Summaries: a copy that condenses a long origin passage draws on
	// origin sentences far apart. Fragments clustered with a wide origin
	// gap that come out summary-shaped go first.
	n0 := len(t.frags)
	t.frags = t.cluster(so, sc, t.seeds2, sentenceGap, summaryGap, t.frags)
	kept := t.frags[:n0]
	for _, f := range t.frags[n0:] {
		if f.o1-f.o0 >= summaryRatio*(f.c1-f.c0) && f.c1-f.c0 >= 2 {
			f.summary = true
			kept = append(kept, f)
		}
	}
	t.frags = kept
	slices.SortFunc(t.frags, func(a, b fragment) int {
		if a.summary != b.summary {
			if a.summary {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.sim, a.sim), cmp.Compare(b.c1-b.c0, a.c1-a.c0),
			cmp.Compare(a.c0, b.c0), cmp.Compare(a.o0, b.o0))
	})
	var out []rewording
	kept = t.frags[:0]
	for _, f := range t.frags {
		if slices.ContainsFunc(kept, func(k fragment) bool { return f.c0 < k.c1 && k.c0 < f.c1 }) {
			continue
		}
		p := align.Passage{
			O: align.Range{Start: int(so.first[f.o0]), End: int(so.first[f.o1])},
			C: align.Range{Start: int(sc.first[f.c0]), End: int(sc.first[f.c1])},
		}
		if min(p.O.Len(), p.C.Len()) < minWords || float64(p.C.Len()) > maxStretch*float64(p.O.Len()) || f.seeds < minSeeds {
			continue
		}
		kept = append(kept, f)
		p.Seeds = f.seeds
		out = append(out, rewording{Passage: p, summary: f.summary, ordered: f.ordered, contrast: f.sim - t.background, otherFigures: t.otherFigures(so, p.O, sc, p.C)})
	}
	return out
}

// rewording is a passage sentence alignment found, and whether its copy
// condenses the origin.
type rewording struct {
	align.Passage
	summary bool
	// ordered counts its sentence pairs that follow each other in the same
	// order on both sides, and contrast is how much more its two sides
	// agree (tf-isf cosine) than the two articles do as wholes.
	ordered  int32
	contrast float64
	// otherFigures: its copy side states figures its origin side does not
	// (otherFigures).
	otherFigures bool
}

// cluster groups seeds into fragments whose seeds lie at most gap sentences
// apart on both sides, splitting on the copy side and then the origin side
// until neither splits; a fragment whose sides do not agree as a whole is
// clustered again with a smaller gap, or dropped at gap 0. Sorting reorders
// seeds.
func (t *sentScratch) cluster(so, sc *sentences, seeds []sentencePair, gapC, gapO int32, out []fragment) []fragment {
	slices.SortFunc(seeds, func(a, b sentencePair) int { return cmp.Or(cmp.Compare(a.j, b.j), cmp.Compare(a.i, b.i)) })
	for len(seeds) > 0 {
		k := 1
		for k < len(seeds) && seeds[k].j-seeds[k-1].j-1 <= gapC {
			k++
		}
		group := seeds[:k]
		seeds = seeds[k:]
		slices.SortFunc(group, func(a, b sentencePair) int { return cmp.Or(cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j)) })
		split := false
		for m := 1; m < len(group); m++ {
			if group[m].i-group[m-1].i-1 > gapO {
				split = true
				break
			}
		}
		if split {
			for len(group) > 0 {
				m := 1
				for m < len(group) && group[m].i-group[m-1].i-1 <= gapO {
					m++
				}
				out = t.cluster(so, sc, group[:m], gapC, gapO, out)
				group = group[m:]
			}
			continue
		}
		f := fragment{o0: group[0].i, o1: group[len(group)-1].i + 1, c0: group[0].j, c1: group[0].j + 1}
		for _, p := range group {
			f.c0, f.c1 = min(f.c0, p.j), max(f.c1, p.j+1)
		}
		f.seeds = len(group)
		f.ordered = ordered(group)
		if f.sim = t.cosine(so, sc, f); f.sim >= fragmentCosine {
			out = append(out, f)
		} else if gapO > gapC {
			// A summary's gap narrows by halves to the usual one.
			out = t.cluster(so, sc, group, gapC, max(gapC, gapO/2), out)
		} else if gapO > 0 {
			out = t.cluster(so, sc, group, gapC-1, gapO-1, out)
		}
	}
	return out
}

// cosine is the tf-isf cosine of a fragment's two sides, each taken as
// one bag of content words.
func (t *sentScratch) cosine(so, sc *sentences, f fragment) float64 {
	l := t.l
	var dot, no, nc float64
	t.touched = t.touched[:0]
	for _, v := range so.ids[so.off[f.o0]:so.off[f.o1]] {
		if t.cntO[v] == 0 {
			t.touched = append(t.touched, v)
		}
		t.cntO[v]++
	}
	for _, v := range sc.ids[sc.off[f.c0]:sc.off[f.c1]] {
		t.cntC[v]++
	}
	for _, v := range t.touched {
		x := l - t.log(int(so.sf[v]))
		a, w := float64(t.cntO[v]), x*x*float64(so.g2[v])
		if k := t.mapO[v]; k > 0 {
			w = t.w[k-1]
			dot += w * a * float64(t.cntC[t.sharedC[k-1]])
		}
		no += w * a * a
		t.cntO[v] = 0
	}
	for _, v := range sc.ids[sc.off[f.c0]:sc.off[f.c1]] {
		b := float64(t.cntC[v])
		if b == 0 {
			continue // counted already
		}
		x := l - t.log(int(sc.sf[v]))
		w := x * x * float64(sc.g2[v])
		if k := t.mapC[v]; k > 0 {
			w = t.w[k-1]
		}
		nc += w * b * b
		t.cntC[v] = 0
	}
	if no == 0 || nc == 0 {
		return 0
	}
	return dot / math.Sqrt(no*nc)
}

// sentenceVerifies reports whether a passage found by sentence alignment,
// which shares too few shingles to verify as wording, verifies as a
// rewording: it is longer on the copy side than a passage that can be
// boilerplate (provenance.Options ShortWords; short passages stay the
// shingles' job, as whether one is boilerplate depends on the other
// articles that carry it), and the distinct content words of its two sides,
// weighed by the background, agree (contentAgrees; for a summary, at least
// summaryContain of the weight of the copy's content words is in words the
// origin holds).
func (e *engine) sentenceVerifies(t *sentScratch, c candidate) bool {
	if c.p.C.Len() <= e.opt.Provenance.ShortWords {
		return false
	}
	if c.summary {
		// The copy is shorter: most of its content words must come from the
		// origin.
		shared, no, nc := t.contentShared(e.sentencesOf(c.origin), c.p.O, e.sentencesOf(c.copy), c.p.C)
		return no > 0 && nc > 0 && shared >= summaryContain*nc
	}
	return e.contentAgrees(t, c.origin, c.p.O, c.copy, c.p.C)
}

// contentAgrees reports whether words o of document origin and words c of
// document copy agree as the two sides of a rewording do (sentScratch's
// contentAgrees).
func (e *engine) contentAgrees(t *sentScratch, origin int32, o align.Range, copy int32, c align.Range) bool {
	return t.contentAgrees(e.sentencesOf(origin), o, e.sentencesOf(copy), c)
}

// contentAgrees reports whether words o of origin so and words c of copy
// sc agree as the two sides of a rewording do: the Dice coefficient of
// their distinct content words, each weighed by the background, reaches
// passageDice.
func (t *sentScratch) contentAgrees(so *sentences, o align.Range, sc *sentences, c align.Range) bool {
	shared, no, nc := t.contentShared(so, o, sc, c)
	return no > 0 && nc > 0 && 2*shared >= passageDice*(no+nc)
}

// contentShared returns the weight of the distinct content words (stems)
// that words o of origin so and words c of copy sc share, and the weight
// of those each holds, each word weighed by the background (as one the
// pair shares, or as one it does not). Over two articles the weights are
// counts.
func (t *sentScratch) contentShared(so *sentences, o align.Range, sc *sentences, c align.Range) (shared, no, nc float64) {
	x, y := t.contents(so, o, sc, c)
	for len(x) > 0 || len(y) > 0 {
		switch {
		case len(y) == 0 || len(x) > 0 && x[0] < y[0]:
			no += so.weightOf(x[0], 1)
			x = x[1:]
		case len(x) == 0 || y[0] < x[0]:
			nc += sc.weightOf(y[0], 1)
			y = y[1:]
		default:
			g := so.weightOf(x[0], 2)
			shared, no, nc = shared+g, no+g, nc+g
			x, y = x[1:], y[1:]
		}
	}
	return shared, no, nc
}

// contents returns the distinct content stems of words a of article sa and
// of words b of article sb, ascending, in the scratch's x and y.
func (t *sentScratch) contents(sa *sentences, a align.Range, sb *sentences, b align.Range) (x, y []uint32) {
	t.x, t.y = appendContent(t.x[:0], sa.stems[a.Start:a.End]), appendContent(t.y[:0], sb.stems[b.Start:b.End])
	return t.x, t.y
}

// weightOf is the background weight of stem h, which the article uses, in
// a pair of which in articles use it.
func (s *sentences) weightOf(h uint32, in int) float64 {
	return weight(int(s.users[s.find(h)]), s.articles, in)
}

// widespread reports whether the content words that the two sides of
// passage p (words of origin so and copy sc) share are widely told in the
// corpus: of those that at most wideUsers articles use, wideShare or more
// are used together by at least wideCarriers articles besides the two.
func (e *engine) widespread(t *sentScratch, so, sc *sentences, p align.Passage) bool {
	x, y := t.contents(so, p.O, sc, p.C)
	var telling []uint32
	for _, h := range x {
		if _, ok := slices.BinarySearch(y, h); ok && so.users[so.find(h)] <= wideUsers {
			telling = append(telling, h)
		}
	}
	if len(telling) == 0 {
		return false
	}
	least := int(math.Ceil(wideShare * float64(len(telling))))
	// The two articles use every one of them.
	return e.bg.Carriers(telling, least)-2 >= wideCarriers
}

// withFragments returns the candidates of one document pair, origin o
// (sentences so) and copy c (sentences sc): its shingle passages, and its
// sentence passages, each stretched over the shingle passages it overlaps
// on both sides (their ends are its ends when they cover most of it, being
// exact; otherwise a run-on past them is cut, with t's scratch, unless so
// is nil). A sentence passage that only covers one shingle passage adds
// nothing and is left out. One that takes in no shingle passage is
// rewording alone, and is left out unless it has pureSeeds sentence pairs
// in order, stands out by pureContrast, states no figures of its own, and
// is not widely told: told, asked last as it may read the corpus's
// background, reports whether it is (nil: never).
func withFragments(t *sentScratch, so, sc *sentences, o, c int32, ps []align.Passage, frags []rewording, told func(align.Passage) bool, out []candidate) []candidate {
	for _, p := range ps {
		out = append(out, candidate{origin: o, copy: c, p: p})
	}
	if len(frags) == 0 {
		return out
	}
	taken := make([]bool, len(ps))
	for _, r := range frags {
		f := r.Passage
		hull, covered, n := align.Passage{}, 0, 0
		for grew := true; grew; {
			grew = false
			for k, p := range ps {
				if taken[k] || !overlaps(p.O, f.O) || !overlaps(p.C, f.C) {
					continue
				}
				taken[k], grew = true, true
				f.O = align.Range{Start: min(f.O.Start, p.O.Start), End: max(f.O.End, p.O.End)}
				f.C = align.Range{Start: min(f.C.Start, p.C.Start), End: max(f.C.End, p.C.End)}
				f.Seeds += p.Seeds
				covered += p.C.Len()
				if n++; n == 1 {
					hull = p
				} else {
					hull.O = align.Range{Start: min(hull.O.Start, p.O.Start), End: max(hull.O.End, p.O.End)}
					hull.C = align.Range{Start: min(hull.C.Start, p.C.Start), End: max(hull.C.End, p.C.End)}
				}
			}
		}
		if n == 0 && (r.ordered < pureSeeds || r.contrast < pureContrast || r.otherFigures || told != nil && told(r.Passage)) {
			continue
		}
		if float64(covered) >= wordCover*float64(f.C.Len()) {
			if n == 1 {
				continue
			}
			hull.Seeds = f.Seeds
			f = hull
		} else if n > 0 && so != nil {
			f = t.cutRunOn(so, sc, f, hull)
		}
		out = append(out, candidate{origin: o, copy: c, p: f, sentences: true, summary: r.summary})
	}
	return out
}

func overlaps(a, b align.Range) bool { return a.Start < b.End && b.Start < a.End }

// cutRunOn returns sentence passage f, which takes in shingle passages
// whose hull is hull, less what one side's sentence runs on past the hull
// where the other side stops with it, at either end, when that run-on is
// the side's own text (runsOn): a copy that adds a clause of its own to a
// sentence it took word for word does not take the clause from the origin.
func (t *sentScratch) cutRunOn(so, sc *sentences, f, hull align.Passage) align.Passage {
	switch {
	case f.O.End == hull.O.End && f.C.End > hull.C.End && t.runsOn(sc, hull.C.End-1, align.Range{Start: hull.C.End, End: f.C.End}, so, f.O):
		f.C.End = hull.C.End
	case f.C.End == hull.C.End && f.O.End > hull.O.End && t.runsOn(so, hull.O.End-1, align.Range{Start: hull.O.End, End: f.O.End}, sc, f.C):
		f.O.End = hull.O.End
	}
	switch {
	case f.O.Start == hull.O.Start && f.C.Start < hull.C.Start && t.runsOn(sc, hull.C.Start, align.Range{Start: f.C.Start, End: hull.C.Start}, so, f.O):
		f.C.Start = hull.C.Start
	case f.C.Start == hull.C.Start && f.O.Start < hull.O.Start && t.runsOn(so, hull.O.Start, align.Range{Start: f.O.Start, End: hull.O.Start}, sc, f.C):
		f.O.Start = hull.O.Start
	}
	return f
}

// runsOn reports whether words r of article s, which lie in the sentence
// holding word w, are s's own: fewer than runOnShare of their distinct
// content words are words of other, the passage's side in article o.
func (t *sentScratch) runsOn(s *sentences, w int, r align.Range, o *sentences, other align.Range) bool {
	k := sentenceAt(s, w)
	if r.Start < int(s.first[k]) || r.End > int(s.first[k+1]) {
		return false // more than the rest of one sentence: sentences agree there
	}
	x, y := t.contents(s, r, o, other)
	return len(x) > 0 && float64(intersection(x, y)) < runOnShare*float64(len(x))
}

// Sentences are an article's sentences as sentence alignment reads them.
type Sentences struct{ s sentences }

// NewSentences splits an article into sentences, given its text and, for
// each word as the tokenizer gives it (shingle.Tokens), its normalised hash
// and byte offsets, and the words that start a paragraph (breaks, nil for
// one paragraph), as detect prepares an article, with the background of
// its corpus.
func NewSentences(text string, words []uint64, starts, ends []int32, breaks []bool, bg Background) *Sentences {
	s := new(Sentences)
	s.s.build(text, words, nil, starts, ends, breaks, bg)
	return s
}

// Reworded reports whether sentence alignment finds any passage of at least
// minWords words from origin o in copy c, verified or not: a check against
// an index asks it to learn whether Run would align two articles whose
// shingle seeds align into nothing.
func Reworded(o, c *Sentences, minWords int) bool {
	return len(sentencePassages(new(sentScratch), &o.s, &c.s, nil, minWords)) > 0
}

// ordered returns the length of the longest run of seeds, taken in copy
// order, whose origin sentences also ascend (a longest increasing
// subsequence; groups are small). It sorts seeds by copy sentence.
func ordered(seeds []sentencePair) int32 {
	s := slices.Clone(seeds)
	slices.SortFunc(s, func(a, b sentencePair) int { return cmp.Or(cmp.Compare(a.j, b.j), cmp.Compare(a.i, b.i)) })
	var tails []int32
	lastJ := int32(-1)
	for _, p := range s {
		if p.j == lastJ {
			continue // one origin sentence per copy sentence
		}
		lastJ = p.j
		k, _ := slices.BinarySearch(tails, p.i+1)
		if k == len(tails) {
			tails = append(tails, p.i)
		} else {
			tails[k] = p.i
		}
	}
	return int32(len(tails))
}

// growSeeds adds seeds that grow out of the pair's shingle passages, as
// sentences (t.held; anchors: each passage's first and last sentence
// pairs, the first and last sentences it holds at least half of, and the
// seeds inside it), one sentence pair at a time on both sides at once: the pair
// just before or just after a seed or anchor, on both sides, becomes a seed
// when it agrees by the lower growth bars (growCosine, growDice,
// growShared) and its copy sentence has no seed yet. Wording reused word
// for word is thus followed into the sentences around it that were
// reworded.
func (t *sentScratch) growSeeds(so, sc *sentences, seeds []sentencePair) []sentencePair {
	nc, no := sc.count(), so.count()
	t.seedOf = resize(t.seedOf, int(nc))
	for j := range t.seedOf {
		t.seedOf[j] = -1
	}
	for _, p := range seeds {
		t.seedOf[p.j] = p.i
	}
	queue := t.queue[:0]
	for _, b := range t.held {
		for _, x := range [...]sentencePair{{b.o0, b.c0}, {b.o1, b.c1}} {
			if t.seedOf[x.j] < 0 {
				t.seedOf[x.j] = x.i
				seeds = append(seeds, x)
			}
			queue = append(queue, sentencePair{t.seedOf[x.j], x.j})
		}
		for _, x := range seeds {
			if x.i >= b.o0 && x.i <= b.o1 && x.j >= b.c0 && x.j <= b.c1 {
				queue = append(queue, x)
			}
		}
	}
	for q := 0; q < len(queue); q++ {
		for _, d := range [...]int32{-1, 1} {
			i, j := queue[q].i+d, queue[q].j+d
			if i < 0 || j < 0 || i >= no || j >= nc || t.seedOf[j] >= 0 || !t.grows(so, sc, i, j) {
				continue
			}
			t.seedOf[j] = i
			seeds = append(seeds, sentencePair{i, j})
			queue = append(queue, sentencePair{i, j})
		}
	}
	t.queue = queue
	return seeds
}

// grows reports whether origin sentence i and copy sentence j agree by the
// growth bars.
func (t *sentScratch) grows(so, sc *sentences, i, j int32) bool {
	var dot float64
	var shared int32
	ids := so.ids[so.off[i]:so.off[i+1]]
	for _, k := range t.byCopy[t.byCopyOff[j]:t.byCopyOff[j+1]] {
		if slices.Contains(ids, t.sharedO[k]) {
			dot += t.w[k]
			shared++
		}
	}
	if !agrees(shared, so.off[i+1]-so.off[i], sc.off[j+1]-sc.off[j], growShared, growDice) {
		return false
	}
	normO, normC := t.norm(so, t.corrO, i), t.norm(sc, t.corrC, j)
	return normO > 0 && normC > 0 && dot/(normO*normC) >= growCosine
}

// agrees reports whether two sentences of ni and nj content words that
// share shared of them share at least least, with a Dice coefficient of at
// least dice.
func agrees(shared, ni, nj, least int32, dice float64) bool {
	return shared >= least && float64(2*shared) >= dice*float64(ni+nj)
}

// norm is sentence i's tf-isf norm against the pair being aligned, with
// corr the corrections of its article's sentences (corrO or corrC).
func (t *sentScratch) norm(s *sentences, corr []float64, i int32) float64 {
	return math.Sqrt(max(0, s.norm2(i, t.l)+corr[i]))
}

// block is a long shingle passage as sentences: o0 to o1 in the origin, c0
// to c1 in the copy, inclusive.
type block struct{ o0, o1, c0, c1 int32 }

// crosses reports whether origin sentence i and copy sentence j lie on
// either side of one of the pair's blocks: before it in one article and
// after it in the other.
func (t *sentScratch) crosses(i, j int32) bool {
	for _, b := range t.blocks {
		if i < b.o0 && j > b.c1 || i > b.o1 && j < b.c0 {
			return true
		}
	}
	return false
}

// heldSentences returns the first and last sentences of s that the words r
// hold at least half of: a passage that reaches a word or two into a
// sentence (a "The" two articles share after one ends) does not make that
// sentence part of it. When r holds half of none, they are the sentences of
// its first and last words.
func heldSentences(s *sentences, r align.Range) (int32, int32) {
	a, b := sentenceAt(s, r.Start), sentenceAt(s, r.End-1)
	held := func(k int32) bool {
		lo, hi := max(int32(r.Start), s.first[k]), min(int32(r.End), s.first[k+1])
		return 2*(hi-lo) >= s.first[k+1]-s.first[k]
	}
	x, y := a, b
	for x < b && !held(x) {
		x++
	}
	for y > x && !held(y) {
		y--
	}
	if !held(x) {
		return a, b
	}
	return x, y
}

// sentenceAt returns the sentence holding word w.
func sentenceAt(s *sentences, w int) int32 {
	k, _ := slices.BinarySearch(s.first, int32(w)+1)
	return int32(k - 1)
}
