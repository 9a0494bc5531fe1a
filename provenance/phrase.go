package provenance

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
)

// phrase reports whether match m, between two different articles and not
// a quotation, is a stock phrase: shorter than phraseWords words, and a
// scrap of a sentence on either side rather than whole sentences on both.
// A lifted sentence, a headline or a caption is whole; a phrase is not
// (see reprint.Phrase). paras holds the paragraphs of m's two documents.
func phrase(docs []reprint.Document, paras [][]reprint.Span, m *reprint.Match, phraseWords int) bool {
	if m.Origin.Doc == m.Copy.Doc || m.Words >= phraseWords {
		return false
	}
	o, c := m.Origin, m.Copy
	return !wholeSentences(docs[o.Doc].Text, paras[o.Doc], o.Span) || !wholeSentences(docs[c.Doc].Text, paras[c.Doc], c.Span)
}

// wholeSentences reports whether span starts where a sentence or paragraph
// starts and ends where one ends.
func wholeSentences(text string, paras []reprint.Span, span reprint.Span) bool {
	if span.Len() <= 0 {
		return false
	}
	first, last := paraAt(paras, span.Start), paraAt(paras, span.End-1)
	if first < 0 || last < 0 {
		return false
	}
	p, q := paras[first], paras[last]
	return sentenceStart(text[p.Start:span.Start]) && sentenceEnd(text[span.Start:span.End], text[span.End:max(span.End, q.End)])
}

// paraAt returns the index of the paragraph holding byte pos, or -1.
func paraAt(paras []reprint.Span, pos int) int {
	k, found := slices.BinarySearchFunc(paras, pos, func(p reprint.Span, pos int) int {
		switch {
		case p.End <= pos:
			return -1
		case p.Start > pos:
			return 1
		}
		return 0
	})
	if !found {
		return -1
	}
	return k
}

// sentenceStart reports whether the text of a paragraph before a passage
// ends a sentence: it is only white space and opening marks, or it ends
// with a full stop, question or exclamation mark or semicolon (and any
// closing marks), then white space and any opening marks.
func sentenceStart(before string) bool {
	i, space := len(before), false
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(before[:i])
		if unicode.IsSpace(r) {
			space = true
		} else if !opener(r) {
			break
		}
		i -= n
	}
	return i == 0 || space && stops(before[:i])
}

// sentenceEnd reports whether a passage ends a sentence: its own text ends
// with a stop (and any closing marks), or what follows it in its paragraph
// is white space alone or starts with one.
func sentenceEnd(passage, after string) bool {
	if stops(passage) {
		return true
	}
	switch rest := strings.TrimLeftFunc(after, unicode.IsSpace); {
	case rest == "":
		return true
	case len(rest) < len(after):
		return false // a word follows after white space
	}
	return stops(after[:stopLen(after)])
}

// stopLen returns the length of the run of stops and closing marks that
// starts s, when white space or the end follows it; 0 otherwise.
func stopLen(s string) int {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != '.' && r != '!' && r != '?' && r != ';' && !closer(r) {
			break
		}
		i += n
	}
	if i < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[i:]); !unicode.IsSpace(r) {
			return 0
		}
	}
	return i
}

// stops reports whether s ends with a full stop, question or exclamation
// mark or semicolon, possibly followed by closing marks.
func stops(s string) bool {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case r == '.' || r == '!' || r == '?' || r == ';':
			return true
		case closer(r):
			i -= n
		default:
			return false
		}
	}
	return false
}

// opener and closer are the marks that may stand before a sentence's first
// word and after its stop.
func opener(r rune) bool {
	return r == '"' || r == '\'' || r == '(' || r == '[' || r == '“' || r == '‘' || r == '«' || r == '„' || r == '-' || r == '—' || r == '–' || r == '•' || r == '*'
}

func closer(r rune) bool {
	return r == '"' || r == '\'' || r == ')' || r == ']' || r == '”' || r == '’' || r == '»'
}
