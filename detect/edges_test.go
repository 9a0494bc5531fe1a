package detect_test

import (
	"strings"
	"testing"

	"github.com/reprint-tool/reprint"
)

// copySpan returns the copy side of the only match from docs[0] into
// docs[1], as text.
func copySpan(t *testing.T, docs []reprint.Document, res *reprint.Result) string {
	t.Helper()
	var got []string
	for _, m := range res.Matches {
		if m.Origin.Doc == 0 && m.Copy.Doc == 1 {
			got = append(got, docs[1].Text[m.Copy.Span.Start:m.Copy.Span.End])
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d matches from the origin into the copy, want 1: %q", len(got), got)
	}
	return got[0]
}

// A copy that rewrites the first sentences of a story, takes the last ones
// word for word and runs the last of them on into a clause of its own (no
// full stop between) reuses the story up to the words it took: the clause
// is its own, unless it is made of the origin's words.
func TestRunOnIsTheCopysOwn(t *testing.T) {
	rewritten := strings.Split(harbourRewritten, ". ")
	verbatim := strings.Split(harbour, ". ")
	head := strings.Join(rewritten[:3], ". ") + ". " + strings.Join(verbatim[3:], ". ")
	head = strings.TrimSuffix(head, ".")
	tests := []struct {
		name, runOn string
		cut         bool
	}{
		{"own words", ", the mayor told reporters outside after a long evening meeting with shopkeepers and angry residents", true},
		{"the origin's words", ", with the harbour bridge closed to traffic since the storm and the steel supports rusted badly", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := daily("wire", harbour, "copy", head+tt.runOn+".")
			got := copySpan(t, docs, run(t, docs))
			switch {
			case tt.cut && strings.Contains(got, "mayor"):
				t.Errorf("the match takes in the copy's own clause: %q", got)
			case tt.cut && !strings.HasSuffix(strings.TrimRight(got, ","), "harbour fees"):
				t.Errorf("the match ends %q, want it to end with the words taken, \"harbour fees\"", got[max(0, len(got)-40):])
			case !tt.cut && !strings.HasSuffix(got, "rusted badly."):
				t.Errorf("the match ends %q, want it to take in the run-on made of the origin's words", got[max(0, len(got)-40):])
			}
		})
	}
}

// bridgeBlock is a paragraph of over 60 words that the copy below takes
// word for word.
const bridgeBlock = "The regional assembly voted on Wednesday to fund a new rail link between the two northern ports, ending a dispute that had lasted almost a decade. " +
	"The line will run for forty kilometres along the coast and is due to open in six years. " +
	"Freight companies welcomed the decision, saying the ports had lost business to rivals in the south because goods had to travel by road. " +
	"Environmental groups said they would watch the route closely."

// A sentence pair that only shares the story's subject and lies before a
// block taken word for word in one article and after it in the other is
// not part of that reuse; a sentence the copy moved across the block, near
// word for word, still is.
func TestCrossingSentencesStayOut(t *testing.T) {
	after := "Officials at both ports said the rail link would bring hundreds of new jobs to the coast and lower the cost of freight for local farmers."
	tests := []struct {
		name, before, mark string
		in                 bool
	}{
		{"alike in subject", "Union leaders at both ports said for years that a rail link along the coast would bring jobs and cheaper freight, but farmers feared the cost of the new line.", "Union leaders", false},
		{"moved, near word for word", "Officials at the two ports said the rail link would bring hundreds of new jobs to the coast and cut the cost of freight for local farmers.", "hundreds of new jobs", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := daily("wire", bridgeBlock+" "+after, "copy", tt.before+" "+bridgeBlock)
			got := copySpan(t, docs, run(t, docs))
			if in := strings.Contains(got, tt.mark); in != tt.in {
				t.Errorf("the sentence before the block is in the match: %v, want %v (match %q)", in, tt.in, got)
			}
		})
	}
}

// Two articles that share a passage word for word and then the first word
// of their next sentences ("The") share no more: the sentences after are
// not part of the reuse, however the passage's rewritten start widens it.
func TestSharedFirstWordTakesNoSentence(t *testing.T) {
	rewritten := strings.Split(harbourRewritten, ". ")
	verbatim := strings.Split(harbour, ". ")
	origin := harbour + " The restaurant by the quay feels more like a house than a dining room."
	copy := strings.Join(rewritten[:3], ". ") + ". " + strings.Join(verbatim[3:], ". ") +
		" The great outdoors, with open fields and mountains, is home to hundreds of animals."
	docs := daily("wire", origin, "copy", copy)
	if got := copySpan(t, docs, run(t, docs)); strings.Contains(got, "outdoors") || !strings.Contains(got, "harbour fees") {
		t.Errorf("match %q, want it to end with the shared passage, before \"The great outdoors\"", got)
	}
}
