package detect_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/shingle"
)

// harbour is a news passage; harbourRewritten says the same sentence by
// sentence in other words, keeping only a few five-word runs; harbourTopic
// is another article on the same story, sharing its topic words and one
// six-word phrase but none of its sentences.
const (
	harbour = "The city council approved a plan on Monday to rebuild the old harbour bridge, which has been closed to traffic since the storm last winter. " +
		"Engineers warned that the steel supports had rusted badly and could fail under heavy lorries. " +
		"The new bridge will carry two lanes of traffic and a separate path for cyclists and walkers. " +
		"Work is expected to start in the spring and to take about eighteen months. " +
		"The council will pay for most of the project from a regional transport fund, with the rest coming from harbour fees."
	harbourRewritten = "On Monday the town council backed a scheme to rebuild the old harbour bridge, which has stayed shut to vehicles since last winter's storm. " +
		"Engineers cautioned that the steel supports were badly rusted and might collapse beneath heavy trucks. " +
		"The replacement bridge is to carry two traffic lanes plus a separate path for walkers and cyclists. " +
		"Construction should begin in spring and last roughly eighteen months. " +
		"Most of the project will be funded by the council from a regional transport fund, and harbour fees will cover the remainder."
	harbourTopic = "Residents crowded into the town hall on Tuesday to argue about the old harbour bridge, which has divided the city for years. " +
		"Some shop owners said the closure had cost them customers and wanted a quick decision. " +
		"Others asked whether a ferry service would be cheaper than any bridge. " +
		"A local historian described how the first crossing was built by fishermen in the last century. " +
		"The meeting ended late without a vote, and another session is planned for next month."
)

// daily makes one article a day from pairs of id and passage, each passage
// set between paragraphs of filler of its own.
func daily(idPassage ...string) []reprint.Document {
	var docs []reprint.Document
	for k := 0; k+1 < len(idPassage); k += 2 {
		d := len(docs)
		docs = append(docs, reprint.Document{
			ID:   idPassage[k],
			Date: time.Date(2021, 3, d+1, 0, 0, 0, 0, time.UTC),
			Text: filler(2*d+1, 30-5*d) + "\n\n" + idPassage[k+1] + "\n\n" + filler(2*d+2, 30-5*d),
		})
	}
	return docs
}

// TestRewrittenPassageIsFound: a passage rewritten sentence by sentence,
// which shares too few five-word runs for the shingles to align it, is
// found whole by sentence alignment; an article that only shares the topic
// (and a phrase) is not aligned at all.
func TestRewrittenPassageIsFound(t *testing.T) {
	docs := daily("wire", harbour, "rewrite", harbourRewritten, "topic", harbourTopic)
	res := run(t, docs)
	covered := 0
	for _, m := range res.Matches {
		origin, copy := docs[m.Origin.Doc].ID, docs[m.Copy.Doc].ID
		switch {
		case origin == "wire" && copy == "rewrite":
			covered += m.Copy.Span.Len()
		case copy == "topic" || origin == "topic":
			t.Errorf("%s -> %s aligned: %q -> %q", origin, copy,
				docs[m.Origin.Doc].Text[m.Origin.Span.Start:m.Origin.Span.End], docs[m.Copy.Doc].Text[m.Copy.Span.Start:m.Copy.Span.End])
		}
	}
	if start := strings.Index(docs[1].Text, harbourRewritten); covered < 8*len(harbourRewritten)/10 {
		t.Errorf("the rewritten passage (bytes %d to %d) is covered by %d bytes of matches from the wire, want at least 80%% of its %d: %+v",
			start, start+len(harbourRewritten), covered, len(harbourRewritten), res.Matches)
	}
}

// longStory is fifteen sentences of one story; storyBrief condenses it into
// four, each taken from one sentence of the story, far apart.
var longStory = []string{
	"The national weather service issued a flood warning for the river valley on Thursday morning after two days of heavy rain.",
	"Forecasters said the river could rise above its banks by Friday evening near the old mill town.",
	"Schools in three districts announced that classes would be cancelled until the water level falls.",
	"The county opened emergency shelters in the high school gymnasium and the community centre.",
	"Volunteers filled sandbags outside the fire station through the night.",
	"The governor declared a state of emergency and asked the national guard to help with evacuations.",
	"Farmers moved cattle to higher pastures as the fields along the river began to flood.",
	"Power lines came down on the northern road, leaving about four thousand homes without electricity.",
	"Utility crews said repairs could take several days because of the flooded access roads.",
	"The railway suspended services between the two largest towns in the valley.",
	"Insurance companies urged homeowners to photograph any damage before starting repairs.",
	"A bridge on the county road was closed after engineers found cracks in its supports.",
	"Officials said no deaths or serious injuries had been reported so far.",
	"More rain is expected over the weekend, which could push the river even higher.",
	"Residents can follow updates on the county website and the local radio station.",
}

var storyBrief = []string{
	"The weather service warned of floods in the river valley on Thursday after two days of heavy rain.",
	"The governor declared a state of emergency and the national guard is helping with evacuations.",
	"About four thousand homes lost electricity when power lines came down on the northern road.",
	"More rain over the weekend could push the river higher still.",
}

// TestSummaryIsOneMatch: a brief that condenses a long story, one sentence
// drawn from every few of the story's, is one match whose origin side runs
// from the first sentence it draws on to the last.
func TestSummaryIsOneMatch(t *testing.T) {
	docs := daily("story", strings.Join(longStory, " "), "brief", strings.Join(storyBrief, " "))
	res := run(t, docs)
	if len(res.Matches) != 1 {
		t.Fatalf("%d matches, want 1: %+v", len(res.Matches), res.Matches)
	}
	m := res.Matches[0]
	o := docs[0].Text[m.Origin.Span.Start:m.Origin.Span.End]
	c := docs[1].Text[m.Copy.Span.Start:m.Copy.Span.End]
	if !strings.HasPrefix(o, "The national weather service") || !strings.HasSuffix(o, "push the river even higher.") {
		t.Errorf("origin side %q, want the story from its first sentence to its fourteenth", o)
	}
	if c != strings.Join(storyBrief, " ") {
		t.Errorf("copy side %q, want the whole brief, sentence by sentence", c)
	}
}

// tokens returns the normalised hash and byte offsets of each word of text.
func tokens(text string) (words []uint64, starts, ends []int32) {
	for _, tk := range shingle.Tokens(text) {
		words, starts, ends = append(words, tk.Hash), append(starts, tk.Start), append(ends, tk.End)
	}
	return words, starts, ends
}

// sentencesOf splits text into sentences with background bg.
func sentencesOf(text string, bg detect.Background) *detect.Sentences {
	words, starts, ends := tokens(text)
	return detect.NewSentences(text, words, starts, ends, nil, bg)
}

// TestReworded: the exported test a check uses agrees with Run.
func TestReworded(t *testing.T) {
	pair := &detect.UserCounts{N: 2} // no other article to learn from
	wire, rewrite, topic := sentencesOf(harbour, pair), sentencesOf(harbourRewritten, pair), sentencesOf(harbourTopic, pair)
	if !detect.Reworded(wire, rewrite, 8) {
		t.Error("the rewritten passage is not reworded from the wire")
	}
	if detect.Reworded(wire, topic, 8) || detect.Reworded(topic, wire, 8) {
		t.Error("an article on the same topic is reworded from the wire")
	}
	if detect.Reworded(wire, rewrite, 1000) {
		t.Error("a passage shorter than minWords is reported")
	}
}

// TestBackgroundWeighsWords: the content words two articles share say
// less when most articles of their corpus use them. The rewritten harbour
// story is reworded from the wire over the two articles alone, and over a
// corpus where each word the two share is used by 900 of 1,000 articles
// (and each word only one of them uses, by that one): there the words they
// share are the corpus's, not each other's, and no passage is found.
func TestBackgroundWeighsWords(t *testing.T) {
	stems := func(text string) []uint32 {
		words, starts, ends := tokens(text)
		return detect.Stems(text, words, starts, ends)
	}
	wide := &detect.UserCounts{N: 1000, Of: map[uint32]int32{}}
	for _, s := range stems(harbour) {
		wide.Of[s] = 1
	}
	for _, s := range stems(harbourRewritten) {
		if wide.Of[s] == 1 {
			wide.Of[s] = 900
		} else {
			wide.Of[s] = 1
		}
	}
	if pair := (&detect.UserCounts{N: 2}); !detect.Reworded(sentencesOf(harbour, pair), sentencesOf(harbourRewritten, pair), 8) {
		t.Error("over the two articles alone, the rewrite is not reworded from the wire")
	}
	if detect.Reworded(sentencesOf(harbour, wide), sentencesOf(harbourRewritten, wide), 8) {
		t.Error("with the words they share used by most of the corpus, the rewrite is still reworded from the wire")
	}
}

// TestStems: an article's content stems are its distinct content words'
// stems, ascending: inflections fold, numbers count, function words and
// words of one or two letters do not.
func TestStems(t *testing.T) {
	stems := func(text string) []uint32 {
		words, starts, ends := tokens(text)
		return detect.Stems(text, words, starts, ends)
	}
	got := stems("The bridges of the city; a bridge in 2019, and THE BRIDGE of it.")
	if want := stems("bridge city 2019"); !slices.Equal(got, want) {
		t.Errorf("stems %v, want %v (bridge, city and 2019)", got, want)
	}
	if !slices.IsSorted(got) || len(got) != 3 {
		t.Errorf("stems %v: want three, ascending", got)
	}
	if len(stems("the of a which however")) != 0 {
		t.Error("function words have content stems")
	}
}

// TestExactWordingBeforeRewording: wording that a copy shares word for word
// with one article is that article's, even when an earlier article says the
// same in other words: shingle passages claim before sentence passages.
func TestExactWordingBeforeRewording(t *testing.T) {
	docs := daily("rewrite", harbourRewritten, "wire", harbour, "copy", harbour)
	res := run(t, docs)
	var fromWire int
	for _, m := range res.Matches {
		if docs[m.Copy.Doc].ID != "copy" {
			continue
		}
		text := docs[m.Copy.Doc].Text[m.Copy.Span.Start:m.Copy.Span.End]
		switch docs[m.Origin.Doc].ID {
		case "wire":
			fromWire += len(text)
		case "rewrite":
			// Only a run the rewrite shares word for word, which is the
			// earlier article's by the earliest-witness rule.
			if !strings.Contains(harbourRewritten, text) {
				t.Errorf("the copy takes %q from the rewrite, which words it differently", text)
			}
		}
	}
	if fromWire < len(harbour)*8/10 {
		t.Errorf("the copy takes %d bytes from the wire, want most of the passage (%d)", fromWire, len(harbour))
	}
}

// TestGrowthFollowsCopiedWording: a sentence copied word for word is
// followed into the sentence after it, which the copy reworded too freely
// to seed a fragment on its own (four content words of nine and ten
// shared: tf-isf cosine 0.26), but not into the next one, which says
// something else.
func TestGrowthFollowsCopiedWording(t *testing.T) {
	const (
		copied    = "The harbour authority said on Monday that the old ferry terminal will close at the end of the month for repairs to its leaking roof."
		original  = "Passengers were told to use the temporary pier near the fish market, where buses will wait for every boat."
		reworded  = "Travellers should board from the temporary pier beside the fish market, where coaches meet them."
		unrelated = "Local councillors have promised a decision on a second bridge by the autumn."
	)
	docs := daily("wire", copied+" "+original+" The terminal opened in 1962 and was last renovated twenty years ago.",
		"rewrite", copied+" "+reworded+" "+unrelated)
	res := run(t, docs)
	text := docs[1].Text
	// The match ends with the last word the two sentences share.
	want := strings.Index(text, reworded) + strings.Index(reworded, "fish market") + len("fish market")
	found := false
	for _, m := range res.Matches {
		if docs[m.Origin.Doc].ID != "wire" || docs[m.Copy.Doc].ID != "rewrite" {
			continue
		}
		found = true
		got := text[m.Copy.Span.Start:m.Copy.Span.End]
		if !strings.Contains(got, copied) || m.Copy.Span.End < want {
			t.Errorf("match %q: want the copied sentence and the reworded one after it", got)
		}
		if strings.Contains(got, "councillors") {
			t.Errorf("match %q reaches into the unrelated sentence", got)
		}
	}
	if !found {
		t.Fatalf("no match from wire to rewrite: %+v", res.Matches)
	}
}

// harbourFigures is harbour with figures in it; harbourFiguresRewritten
// says the same in other words, keeping every figure.
const (
	harbourFigures = "The city council approved a plan on Monday to rebuild the old harbour bridge for 42 million pounds, which has been closed to traffic since the storm of 2019. " +
		"Engineers warned that 17 of its 64 steel supports had rusted badly and could fail under lorries heavier than 40 tonnes. " +
		"The new bridge will carry 2 lanes of traffic and a separate path, 3 metres wide, for cyclists and walkers. " +
		"Work is expected to start in April 2022 and to take about 18 months. " +
		"The council will pay 30 million pounds from a regional transport fund, with the other 12 million coming from harbour fees."
	harbourFiguresRewritten = "On Monday the town council backed a 42 million pound scheme to rebuild the old harbour bridge, which has stayed shut to vehicles since the 2019 storm. " +
		"Engineers cautioned that 17 of the 64 steel supports were badly rusted and might collapse beneath trucks over 40 tonnes. " +
		"The replacement bridge is to carry 2 traffic lanes plus a separate 3 metre path for walkers and cyclists. " +
		"Construction should begin in April 2022 and last roughly 18 months. " +
		"A regional transport fund will provide 30 million pounds of the cost, and harbour fees will cover the remaining 12 million."
)

// TestRewordingKeepsItsFigures: a passage reworded with its figures kept is
// found by sentence alignment alone; the same words around other figures,
// a template filled in again for another bridge, are not a rewording of it.
func TestRewordingKeepsItsFigures(t *testing.T) {
	other := strings.NewReplacer("42", "55", "2019", "2017", "17", "9", "64", "48", "40", "30", "3 metre", "5 metre",
		"2022", "2023", "18", "24", "30 million", "41 million", "12 million", "14 million").Replace(harbourFiguresRewritten)
	for _, tt := range []struct {
		name, copy string
		want       bool
	}{
		{"the same figures", harbourFiguresRewritten, true},
		{"other figures", other, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs := daily("wire", harbourFigures, "copy", tt.copy)
			covered := 0
			for _, m := range run(t, docs).Matches {
				covered += m.Copy.Span.Len()
			}
			if got := covered >= 8*len(tt.copy)/10; got != tt.want {
				t.Errorf("%d of the copy's %d bytes are matched; want it found: %v", covered, len(tt.copy), tt.want)
			}
		})
	}
}
