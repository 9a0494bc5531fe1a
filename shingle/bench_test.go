package shingle_test

import (
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/internal/shareddata"
	"github.com/reprint-tool/reprint/shingle"
)

// nonASCII is a hand-written sample of news-like text in languages that need
// the non-ASCII path: German, French, Finnish, Russian and Greek.
const nonASCII = `Die Bürgermeisterin der Stadt erklärte am Dienstag, dass die Straße
über den Fluss wegen Überschwemmungen gesperrt bleibt. „Wir prüfen täglich“,
sagte sie. Le préfet a annoncé jeudi que les écoles rouvriront après les
fêtes ; les élèves déjà évacués rentreront à pied. Kaupunginvaltuusto päätti
tiistaina, että sillan korjaus alkaa ensi keväänä ja kestää ärsyttävän
pitkään. Мэр города заявил во вторник, что мост через реку будет закрыт до
весны. Ο δήμαρχος της πόλης δήλωσε την Τρίτη ότι η γέφυρα θα παραμείνει
κλειστή μέχρι την άνοιξη. `

func seedText(b *testing.B) string {
	return strings.Join(seeds(b), "\n\n")
}

func benchTokens(b *testing.B, text string) {
	tk := shingle.NewTokenizer()
	dst := tk.Append(nil, text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		dst = tk.Append(dst[:0], text)
	}
	b.ReportMetric(float64(len(dst))*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mtokens/s")
}

func BenchmarkTokens(b *testing.B) {
	b.Run("seeds", func(b *testing.B) { benchTokens(b, seedText(b)) })
	b.Run("non-ASCII", func(b *testing.B) { benchTokens(b, strings.Repeat(nonASCII, 10)) })
	b.Run("reuters", func(b *testing.B) {
		texts := reuters(b)
		if len(texts) > 2000 {
			texts = texts[:2000]
		}
		benchTokens(b, strings.Join(texts, "\n"))
	})
}

func BenchmarkWords(b *testing.B) {
	toks := shingle.Tokens(seedText(b))
	for _, n := range []int{3, 5, 8} {
		b.Run("n="+string(rune('0'+n)), func(b *testing.B) {
			dst := make([]uint64, 0, len(toks))
			b.ReportAllocs()
			for range b.N {
				dst = shingle.AppendWords(dst[:0], toks, n)
			}
			b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mtokens/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(toks)), "ns/token")
		})
	}
}

// reuters returns the texts of the Reuters-21578 corpus, which is research
// data kept outside the repository; the caller skips when it is absent.
func reuters(tb testing.TB) []string {
	tb.Helper()
	return shareddata.JSONLTexts(tb, "reuters21578.jsonl.gz")
}
