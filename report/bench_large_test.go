package report_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/report"
)

// largeWords is the vocabulary of the synthetic news text: mostly plain
// ASCII words and numbers, with a few non-ASCII ones (accents, typographic
// quotes and dashes, a currency sign, CJK) as real wire copy has.
var largeWords = strings.Fields(`the of and to a in said that for on is was with it
	as by at from be has have he his its an are were will would not but which
	they their this year percent mln dlrs billion pct company shares stock market
	prices trade bank government officials Monday Tuesday Wednesday Thursday Friday
	New York London Tokyo U.S. Reuters oil crude barrels export import tonnes wheat
	corn sugar coffee cocoa rates interest dollar yen sterling March April 1987
	1.25 4,480 155,221 quarter profit loss net revenue sales dividend share record
	expected analysts agreement minister ministry talks officials economic growth
	inflation federal reserve said. said, week, year. March, (Reuters) -- 5.93`)

var largeNonASCII = []string{"café", "naïve", "résumé", "“quoted”", "—", "€100", "São", "Zürich", "東京", "…"}

// largeResult is built once: a Result the size of a real run over
// Reuters-21578 (about 19,000 articles, 8,000 passages, 15,000 matches).
var largeResult = sync.OnceValue(func() *reprint.Result { return buildLarge(19000, 8000, 15000) })

// buildLarge builds a deterministic synthetic Result with nDocs articles
// and nPassages passages copied nMatches times in all. Ids are mostly short
// ("reuters-12345"), some about 60 bytes; passages are 20 to 300 words of
// English-like ASCII text with a few non-ASCII characters.
func buildLarge(nDocs, nPassages, nMatches int) *reprint.Result {
	rng := rand.New(rand.NewPCG(21578, 1987))
	text := func(words int) string {
		var b strings.Builder
		for i := range words {
			if i > 0 {
				if rng.IntN(40) == 0 {
					b.WriteString("\n")
				} else {
					b.WriteString(" ")
				}
			}
			if rng.IntN(150) == 0 {
				b.WriteString(largeNonASCII[rng.IntN(len(largeNonASCII))])
			} else {
				b.WriteString(largeWords[rng.IntN(len(largeWords))])
			}
		}
		return b.String()
	}
	docs := make([]reprint.Document, nDocs)
	texts := make([]strings.Builder, nDocs)
	stats := make([]reprint.DocStats, nDocs)
	base := time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC)
	for i := range docs {
		id := fmt.Sprintf("reuters-%d", i+1)
		if i%4 == 3 {
			id = fmt.Sprintf("wire/1987/%02d/%02d/commodities-and-markets/reuters-%05d.sgm", 1+i%12, 1+i%28, i+1)
		}
		docs[i] = reprint.Document{ID: id, Title: strings.ToUpper(text(3 + rng.IntN(6))), Source: "Reuters"}
		if i%50 != 0 {
			docs[i].Date = base.Add(time.Duration(i) * 17 * time.Minute)
		}
		w := 20 + rng.IntN(60)
		texts[i].WriteString(text(w))
		stats[i] = reprint.DocStats{Paragraphs: 1, Words: w}
	}
	add := func(doc int, s string, words int) reprint.Span {
		b := &texts[doc]
		b.WriteString("\n\n    ")
		start := b.Len()
		b.WriteString(s)
		stats[doc].Paragraphs++
		stats[doc].Words += words
		return reprint.Span{Start: start, End: b.Len()}
	}
	kinds := []reprint.Kind{reprint.Syndicated, reprint.Syndicated, reprint.Syndicated, reprint.Boilerplate, reprint.Quote}
	var matches []reprint.Match
	draws := make([]map[int]bool, nDocs)
	for g := range nPassages {
		// Spread nMatches over the passages: most have one or two copies, a
		// few very many.
		copies := 1 + (nMatches-nPassages)/nPassages
		if g < (nMatches-nPassages)%nPassages {
			copies++
		}
		switch {
		case g%97 == 0:
			copies += 10
		case g%97 == 1 && copies > 1:
			copies--
		}
		words := 20 + rng.IntN(281)
		s := text(words)
		origin := rng.IntN(nDocs)
		oSpan := add(origin, s, words)
		kind := kinds[rng.IntN(len(kinds))]
		internal := g%13 == 0
		var ms []reprint.Match
		for range copies {
			cp := rng.IntN(nDocs)
			k := kind
			if internal {
				cp, k = origin, reprint.Internal
			} else if cp == origin {
				cp = (cp + 1) % nDocs
			}
			cs := s
			if rng.IntN(3) == 0 && words > 25 {
				cs = s[:len(s)*3/4] // a trimmed copy
			}
			cSpan := add(cp, cs, words)
			j := 0.2 + 0.8*rng.Float64()
			if rng.IntN(2) == 0 {
				j = 1
			}
			ms = append(ms, reprint.Match{
				Group: g, Kind: k, Dated: !internal && docs[origin].Dated() && docs[cp].Dated(),
				Jaccard: j, Containment: min(1, j+0.1), Words: words,
				Origin: reprint.Endpoint{Doc: origin, Span: oSpan},
				Copy:   reprint.Endpoint{Doc: cp, Span: cSpan},
			})
			stats[cp].ReusedWords += words
			stats[cp].ReusedBytes += cSpan.Len()
			if cp != origin {
				if draws[cp] == nil {
					draws[cp] = map[int]bool{}
				}
				draws[cp][origin] = true
			}
		}
		slices.SortStableFunc(ms, func(a, b reprint.Match) int {
			if a.Copy.Doc != b.Copy.Doc {
				return a.Copy.Doc - b.Copy.Doc
			}
			return a.Copy.Span.Start - b.Copy.Span.Start
		})
		matches = append(matches, ms...)
	}
	for i := range docs {
		docs[i].Text = texts[i].String()
		stats[i].ReusedWords = min(stats[i].ReusedWords, stats[i].Words)
		stats[i].DrawsFrom = []int{}
		for d := range draws[i] {
			stats[i].DrawsFrom = append(stats[i].DrawsFrom, d)
		}
		slices.Sort(stats[i].DrawsFrom)
	}
	return &reprint.Result{
		Documents: docs, Stats: stats, Matches: matches,
		Params: reprint.Params{Shingle: 5, Permutations: 128, Seed: 1, Threshold: 0.5, Bands: 16, Rows: 8, MinWords: 8,
			Probability: []reprint.SimilarityProbability{{Jaccard: 0.5, Probability: 0.6}}},
		Warnings: []string{"synthetic corpus"},
	}
}

// BenchmarkWriteLarge renders a Reuters-sized Result in every format.
func BenchmarkWriteLarge(b *testing.B) {
	// As the reprint command does (see cmd/reprint/main.go).
	twwidth.SetCacheCapacity(0)
	r := largeResult()
	for _, f := range report.Formats() {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			if err := report.Write(&buf, f, r); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := report.Write(&buf, f, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
