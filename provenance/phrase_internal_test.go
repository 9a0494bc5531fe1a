package provenance

import (
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/paragraph"
)

// span returns the span of the first occurrence of part in text.
func span(t testing.TB, text, part string) reprint.Span {
	t.Helper()
	i := strings.Index(text, part)
	if i < 0 {
		t.Fatalf("%q not in %q", part, text)
	}
	return reprint.Span{Start: i, End: i + len(part)}
}

func TestWholeSentences(t *testing.T) {
	tests := []struct {
		name, text, part string
		want             bool
	}{
		{"a sentence", "It rained. The river rose fast. Then it fell.", "The river rose fast.", true},
		{"stop left outside", "It rained. The river rose fast. Then it fell.", "The river rose fast", true},
		{"start of a paragraph", "The river rose fast. Then it fell.", "The river rose fast.", true},
		{"a whole paragraph without a stop", "Floods in the north\n\nThe river rose fast.", "Floods in the north", true},
		{"two sentences", "It rained. The river rose. It fell. Then dry.", "The river rose. It fell.", true},
		{"mid sentence start", "It rained and the river rose fast. Then it fell.", "the river rose fast.", false},
		{"mid sentence end", "It rained. The river rose fast on Monday. Then it fell.", "The river rose fast", false},
		{"comma after", "It rained. The river rose fast, and then it fell.", "The river rose fast", false},
		{"touching the word before", "It rained.The river rose fast. Then.", "The river rose fast.", false},
		{"quoted sentence", `He said: "The river rose fast." Then it fell.`, `The river rose fast.`, false}, // a colon starts no sentence
		{"after a closing quote", `"It rained." The river rose fast. Then.`, "The river rose fast.", true},
		{"opening quote before", `It rained. "The river rose fast," he said.`, "The river rose fast", false},
		{"question and exclamation", "Why? The river rose fast! Then.", "The river rose fast!", true},
		{"semicolon", "It rained; the river rose fast; then it fell.", "the river rose fast;", true},
		{"bullet", "• The river rose fast.", "The river rose fast.", true},
		{"across paragraphs", "It rained.\n\nThe river rose fast.", "rained.\n\nThe river", false},
		{"across whole paragraphs", "It rained.\n\nThe river rose fast.", "It rained.\n\nThe river rose fast.", true},
		{"multi-byte before", "Ça déborde. The river rose fast. Then.", "The river rose fast.", true},
		{"closing bracket after stop", "(It rained.) The river rose fast. Then.", "The river rose fast.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wholeSentences(tt.text, paragraph.Split(tt.text), span(t, tt.text, tt.part))
			if got != tt.want {
				t.Errorf("wholeSentences(%q in %q) = %v, want %v", tt.part, tt.text, got, tt.want)
			}
		})
	}
}

func TestPhrase(t *testing.T) {
	a := "Officials met on Monday. The sessions on election security have a higher level of urgency. More talks follow."
	b := "Nielsen said the sessions on election security have a higher level of urgency, and left."
	c := "In other news. The sessions on election security have a higher level of urgency. Markets rose."
	docs := []reprint.Document{{Text: a}, {Text: b}, {Text: c}}
	paras := [][]reprint.Span{paragraph.Split(a), paragraph.Split(b), paragraph.Split(c)}
	whole := "The sessions on election security have a higher level of urgency."
	scrap := "the sessions on election security have a higher level of urgency"
	match := func(o, c int, op, cp string, words int) *reprint.Match {
		return &reprint.Match{Words: words,
			Origin: reprint.Endpoint{Doc: o, Span: span(t, docs[o].Text, op)},
			Copy:   reprint.Endpoint{Doc: c, Span: span(t, docs[c].Text, cp)}}
	}
	tests := []struct {
		name  string
		m     *reprint.Match
		words int
		want  bool
	}{
		{"a scrap in the copy", match(0, 1, whole, scrap, 11), 16, true},
		{"a scrap in the origin", match(1, 0, scrap, whole, 11), 16, true},
		{"whole sentences on both sides", match(0, 2, whole, whole, 11), 16, false},
		{"long enough", match(0, 1, whole, scrap, 16), 16, false},
		{"phrases off", match(0, 1, whole, scrap, 11), 0, false},
		{"inside one article", match(1, 1, scrap, scrap, 11), 16, false},
	}
	for _, tt := range tests {
		if got := phrase(docs, paras, tt.m, tt.words); got != tt.want {
			t.Errorf("%s: phrase = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// FuzzWholeSentences checks that any span inside a paragraph is read
// without a panic, and that a whole paragraph is always whole sentences.
func FuzzWholeSentences(f *testing.F) {
	f.Add("It rained. The river rose fast, then fell.\n\nNext “quoted.” ok", 11, 30)
	f.Add("a.b. c", 0, 3)
	f.Add("Ça déborde; «oui» — non!", 3, 12)
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		paras := paragraph.Split(text)
		for _, p := range paras {
			if !wholeSentences(text, paras, p) {
				t.Fatalf("paragraph %v of %q is not whole sentences", p, text)
			}
		}
		if len(text) == 0 {
			return
		}
		a, b = min(max(a, 0), len(text)), min(max(b, 0), len(text))
		if a > b {
			a, b = b, a
		}
		wholeSentences(text, paras, reprint.Span{Start: a, End: b})
	})
}
