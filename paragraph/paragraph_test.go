package paragraph_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/paragraph"
)

// texts returns the texts of spans of s.
func texts(s string, spans []reprint.Span) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

// The examples below are written for these tests, in the layouts of the
// corpora reprint reads; none is copied from a corpus.

// wire is hard-wrapped wire copy: the dateline taken off the first line, new
// paragraphs indented, a dash left at the start of a line by the wrap, and a
// sign-off.
const wire = `Harbour workers in the port of Velmar
walked off the job on Tuesday after talks over a new pay scale
broke down, union officials said.
    The strike halted loading of grain and timber at the three
main quays, and shipping agents said at least nine vessels were
waiting at anchor outside the breakwater.
    A spokesman for the port authority said it hoped to resume
talks later this week.
    Exports through Velmar rose 12 pct last year to 4.1 mln
tonnes, most of it wheat shipped to grain buyers in North Africa
- and sawn timber.
 Reuter
`

// wireTable is wire copy with a table.
const wireTable = `The port authority gave these figures
for cargo handled in the first quarter, in tonnes:
              1987      1986
    Grain    412,000   388,500
    Timber    95,250   101,000
 Reuter`

// usenet is a Usenet post: headers, an attribution, a quote, hard-wrapped
// paragraphs separated by blank lines, and a signature.
const usenet = `From: j.doe@example.edu (Jane Doe)
Subject: Re: Velmar harbour strike
Date: 12 Mar 1993 10:04:11 GMT
Lines: 14

In article <1993Mar11.0932@example.org> sam@example.org writes:
>The port will be closed for at least another week, and nobody
>seems to know when the talks will start again.
>
>Does anyone have a contact at the union?

I spoke to one of the shop stewards yesterday and he thought the
dispute could be settled within days if the authority made a
better offer on overtime.  The grain traders are the ones losing
money, not the union.
Thanks to everyone who wrote to me about it.
Their letters were a great help.

-- 
Jane Doe, Department of Geography
`

// oneLine is scraped news with one paragraph a line and no blank lines.
const oneLine = `Velmar port strike enters second week
Shipping agents say nine vessels are still waiting at anchor as the dispute over pay drags on without talks.
The union said its members would not return until the port authority improved its offer on overtime and night shifts.
"We have been patient for two years," a shop steward told reporters outside the main gate on Monday.
HIDDEN COSTS
Grain traders warned that contracts worth millions could be lost if the ships were diverted.`

// blank is web news with paragraphs between blank lines, in CRLF, with a
// blank line holding a space and another a no-break space.
const blank = "Ferry fares to rise in spring\r\n\r\n" +
	"Fares on the island ferries will rise by 4% from April, the operator has announced.\r\n \r\n" +
	"The company blamed higher fuel costs and said timetables would not change.\r\n\u00a0\r\n" +
	"Source: Velmar Herald\r\n"

// bullets mixes blank-line paragraphs with a block of bullet lines, each
// of them a paragraph.
const bullets = `Velmar strike: what we know

  • Harbour workers walked out on Tuesday after talks over a new pay scale broke down late on Monday night.
  • Nine ships are waiting at anchor outside the breakwater, according to the shipping agents' association.
  • The port authority says it will not improve its offer until the workers return to the quays.

The union's other demands are:

- a 6% rise in basic pay
- double pay for night shifts
- an end to zero-hours contracts at the grain terminal

Source: Velmar Herald`

// pan is one long paragraph a line, as in the PAN corpus, with a heading.
const pan = `The history of the Velmar grain trade
Grain has been shipped from the quays at Velmar since the middle of the eighteenth century, when merchants from the coast first bought wheat from the farms of the river valley and sent it south in small sailing ships that could cross the bar at high tide.
By the end of the nineteenth century the trade had grown so much that the town built a breakwater and three stone quays, and the first steam elevators were put up beside the railway sidings to load ships directly from the wagons.`

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"white space", " \t\r\n\u00a0\u2003\n\u200b\ufeff\f\u2029", nil},
		{"one word", "word", []string{"word"}},
		{"trimmed", " \t\u00a0 Hello, world. \u3000\r\n", []string{"Hello, world."}},
		{"wire", wire, []string{
			"Harbour workers in the port of Velmar\nwalked off the job on Tuesday after talks over a new pay scale\nbroke down, union officials said.",
			"The strike halted loading of grain and timber at the three\nmain quays, and shipping agents said at least nine vessels were\nwaiting at anchor outside the breakwater.",
			"A spokesman for the port authority said it hoped to resume\ntalks later this week.",
			"Exports through Velmar rose 12 pct last year to 4.1 mln\ntonnes, most of it wheat shipped to grain buyers in North Africa\n- and sawn timber.",
			"Reuter",
		}},
		{"wire table", wireTable, []string{
			"The port authority gave these figures\nfor cargo handled in the first quarter, in tonnes:",
			"1987      1986",
			"Grain    412,000   388,500",
			"Timber    95,250   101,000",
			"Reuter",
		}},
		{"usenet", usenet, []string{
			"From: j.doe@example.edu (Jane Doe)",
			"Subject: Re: Velmar harbour strike",
			"Date: 12 Mar 1993 10:04:11 GMT",
			"Lines: 14",
			"In article <1993Mar11.0932@example.org> sam@example.org writes:",
			">The port will be closed for at least another week, and nobody\n>seems to know when the talks will start again.",
			">",
			">Does anyone have a contact at the union?",
			"I spoke to one of the shop stewards yesterday and he thought the\ndispute could be settled within days if the authority made a\nbetter offer on overtime.  The grain traders are the ones losing\nmoney, not the union.",
			"Thanks to everyone who wrote to me about it.",
			"Their letters were a great help.",
			"--",
			"Jane Doe, Department of Geography",
		}},
		{"one paragraph a line", oneLine, strings.Split(oneLine, "\n")},
		{"blank lines", blank, []string{
			"Ferry fares to rise in spring",
			"Fares on the island ferries will rise by 4% from April, the operator has announced.",
			"The company blamed higher fuel costs and said timetables would not change.",
			"Source: Velmar Herald",
		}},
		{"bullets", bullets, []string{
			"Velmar strike: what we know",
			"• Harbour workers walked out on Tuesday after talks over a new pay scale broke down late on Monday night.",
			"• Nine ships are waiting at anchor outside the breakwater, according to the shipping agents' association.",
			"• The port authority says it will not improve its offer until the workers return to the quays.",
			"The union's other demands are:",
			"- a 6% rise in basic pay",
			"- double pay for night shifts",
			"- an end to zero-hours contracts at the grain terminal",
			"Source: Velmar Herald",
		}},
		{"pan", pan, strings.Split(pan, "\n")},
		{"quote markers", "|> The port will be closed for at least another week, and nobody\n|> seems to know when the talks will start again.\n\nWell, I heard otherwise.",
			[]string{"|> The port will be closed for at least another week, and nobody\n|> seems to know when the talks will start again.", "Well, I heard otherwise."}},
		{"nested quotes", ">> It will close.\n> No it won't.\nIt did.",
			[]string{">> It will close.", "> No it won't.", "It did."}},
		{"line ends", "one\rtwo\u0085three\u2028four\u2029five\ffive\vsix",
			[]string{"one", "two", "three", "four", "five", "five", "six"}},
		{"short lines", "Thanks,\nBob", []string{"Thanks,", "Bob"}},
		{"headline over short paragraph", "Strike ends at Velmar after nine days\nThe dockers voted to go back to work on Friday.",
			[]string{"Strike ends at Velmar after nine days", "The dockers voted to go back to work on Friday."}},
		{"wrapped pair", "I'm thinking of going to Velmar in the spring - has anyone been\nthere recently and can tell me whether the ferry still runs?",
			[]string{"I'm thinking of going to Velmar in the spring - has anyone been\nthere recently and can tell me whether the ferry still runs?"}},
		{"invalid UTF-8", "caf\xe9 au lait\n\n\xff\xfe", []string{"caf\xe9 au lait", "\xff\xfe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := paragraph.Split(tt.text)
			checkSpans(t, tt.text, spans)
			if got := texts(tt.text, spans); !slices.Equal(got, tt.want) {
				t.Errorf("Split gives %d paragraphs:\n%s\nwant %d:\n%s", len(got), strings.Join(got, "\n¶\n"), len(tt.want), strings.Join(tt.want, "\n¶\n"))
			}
		})
	}
}

// TestSplitLongWrapped checks that hard-wrapped text with no paragraph marks
// at all is cut at sentence ends after twelve lines, and after 36 lines at
// the latest.
func TestSplitLongWrapped(t *testing.T) {
	sentence := "The quays were quiet again on Thursday as the strike went on and the ships waited outside. "
	text := strings.TrimSpace(wrap(strings.Repeat(sentence, 20), 60))
	spans := paragraph.Split(text)
	checkSpans(t, text, spans)
	lines := strings.Count(text, "\n") + 1
	if len(spans) < 2 {
		t.Fatalf("%d lines in %d paragraphs", lines, len(spans))
	}
	for _, p := range texts(text, spans) {
		n := strings.Count(p, "\n") + 1
		if n > 36 || !strings.HasSuffix(p, ".") && n != 36 {
			t.Errorf("paragraph of %d lines: %q", n, p)
		}
	}
	// With no sentence ends at all, 36 lines is the limit.
	text = strings.TrimSpace(wrap(strings.Repeat("and the ships waited outside ", 300), 60))
	for _, p := range texts(text, paragraph.Split(text)) {
		if n := strings.Count(p, "\n") + 1; n > 36 {
			t.Errorf("paragraph of %d lines", n)
		}
	}
}

// wrap wraps s greedily at width columns.
func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s) {
		if col > 0 && col+1+len(w) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// TestSeeds checks the committed seed articles: in all of them, blank-line
// separated or not, every line is a paragraph of its own.
func TestSeeds(t *testing.T) {
	paths, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(paths) != 5 {
		t.Fatalf("seeds: %v, %v", paths, err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		spans := paragraph.Split(text)
		checkSpans(t, text, spans)
		var want []string
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimFunc(l, unicode.IsSpace); l != "" {
				want = append(want, l)
			}
		}
		if got := texts(text, spans); !slices.Equal(got, want) {
			t.Errorf("%s: %d paragraphs, want one a line, %d", filepath.Base(p), len(got), len(want))
		}
	}
}

// isSpace is white space as Split trims it.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// checkSpans checks that spans are in order, never empty, never
// overlapping, trimmed, and cover every byte of text that is not white
// space.
func checkSpans(t *testing.T, text string, spans []reprint.Span) {
	t.Helper()
	end := 0
	for i, sp := range spans {
		if sp.Start < end || sp.End <= sp.Start || sp.End > len(text) {
			t.Fatalf("span %d [%d,%d) after %d in %d bytes", i, sp.Start, sp.End, end, len(text))
		}
		if r, _ := utf8.DecodeRuneInString(text[sp.Start:sp.End]); isSpace(r) && r != utf8.RuneError {
			t.Fatalf("span %d %q starts with white space", i, text[sp.Start:sp.End])
		}
		if r, _ := utf8.DecodeLastRuneInString(text[sp.Start:sp.End]); isSpace(r) && r != utf8.RuneError {
			t.Fatalf("span %d %q ends with white space", i, text[sp.Start:sp.End])
		}
		for gap := text[end:sp.Start]; gap != ""; {
			r, size := utf8.DecodeRuneInString(gap)
			if !isSpace(r) || r == utf8.RuneError {
				t.Fatalf("byte %d (%q) before span %d is in no span", sp.Start-len(gap), gap[:size], i)
			}
			gap = gap[size:]
		}
		end = sp.End
	}
	for gap := text[end:]; gap != ""; {
		r, size := utf8.DecodeRuneInString(gap)
		if !isSpace(r) || r == utf8.RuneError {
			t.Fatalf("byte %d (%q) after the last span is in no span", len(text)-len(gap), gap[:size])
		}
		gap = gap[size:]
	}
}
