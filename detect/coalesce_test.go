package detect_test

import (
	"strings"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
)

// TestCoalesceJoinsOnePassage: two matches of one origin in one copy that lie
// close together on both sides become one match when what lies between
// them is an edit (nothing, or an inserted sentence), and stay two when
// what lies between is long, unrelated on both sides, or another
// article's wording, or when the two together are short enough to be
// boilerplate. Each copy here rewrites the harbour story, which sentence
// alignment finds, and then quotes the mayor word for word; sentence
// alignment takes the quotation in when at most four sentences lie
// between, and coalescing joins the two across more sentences than that,
// as long as they are few words.
func TestCoalesceJoinsOnePassage(t *testing.T) {
	const (
		quote = `"We cannot wait another winter for this bridge to open again to the people of this city."`
		// inserted is five short lines a web page puts in: more sentences
		// than sentence alignment bridges, but few words.
		inserted = "Read more below this line. Sign up for our newsletter. Share this story with friends. Follow us on the web. Comments are closed now."
		// unrelatedOrigin and unrelatedCopy share no content word.
		unrelatedOrigin = "A spokesman said the figures had been checked twice by independent auditors and by the statistics office before publication."
		unrelatedCopy   = "Meanwhile a heavy storm closed two motorways in the north, flooded dozens of basements and cut electricity to thousands of homes."
		// unrelatedOrigin2 and unrelatedCopy2 are five short sentences
		// each, more than sentence alignment bridges.
		unrelatedOrigin2 = "Its report is published each quarter. Revisions follow a month later. Readers can download the tables. Older editions are archived online. Questions go to the press office."
		unrelatedCopy2   = "Forecasters expect calmer weather by Sunday. Ferries resumed their timetable today. Schools will open as usual. Drivers should still take care. Gritters are out on the hills."
		// shortA and shortB are two short quotations, apart in the copy.
		shortA = `"Nobody here has forgotten what happened last winter."`
		shortB = `"We will be ready long before the first snow falls."`
	)
	tests := []struct {
		name         string
		origin, copy string
		third        string // an article dated between the two, or ""
		want         int    // matches from origin in copy
	}{
		{"a quotation right after", harbour + " " + quote, harbourRewritten + " " + quote, "", 1},
		{"inserted lines", harbour + " " + quote, harbourRewritten + " " + inserted + " " + quote, "", 1},
		{"a long insertion", harbour + " " + quote, harbour + " " + filler(9, 60) + " " + quote, "", 2},
		{"unrelated on both sides", harbour + " " + unrelatedOrigin2 + " " + quote, harbourRewritten + " " + unrelatedCopy2 + " " + quote, "", 2},
		{"another article between", harbour + " " + quote, harbourRewritten + " " + unrelatedCopy + " " + quote, unrelatedCopy, 2},
		{"short enough to be boilerplate", filler(7, 40) + " " + shortA + " " + shortB, filler(8, 40) + " " + shortA + " In other news, the stock market was busy all day long. " + shortB, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day := func(d int) time.Time { return time.Date(2022, 5, d, 0, 0, 0, 0, time.UTC) }
			docs := []reprint.Document{
				{ID: "wire", Date: day(1), Text: tt.origin},
				{ID: "paper", Date: day(3), Text: tt.copy},
			}
			if tt.third != "" {
				docs = append(docs, reprint.Document{ID: "storm", Date: day(2), Text: tt.third})
			}
			res := run(t, docs)
			var got []string
			for _, m := range res.Matches {
				if m.Origin.Doc == 0 && m.Copy.Doc == 1 {
					got = append(got, docs[1].Text[m.Copy.Span.Start:m.Copy.Span.End])
				}
			}
			if len(got) != tt.want {
				t.Fatalf("%d matches from the wire in the paper, want %d: %q", len(got), tt.want, got)
			}
			if last := got[len(got)-1]; !strings.HasSuffix(last, tt.copy[strings.LastIndex(tt.copy, `"`)-20:]) {
				t.Errorf("the last match does not end with the copy: %q", last)
			}
		})
	}
}
