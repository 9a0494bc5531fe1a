package corpus

import (
	"strings"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
)

// readText reads one plain-text article.
func (r *reader) readText(path, id string, data []byte) error {
	var text string
	if utf8.Valid(data) {
		text = string(data)
	} else {
		text = string(fromWindows1252(data))
		r.warn("%s: not valid UTF-8; decoded as Windows-1252", path)
	}
	doc := reprint.Document{ID: id, Text: text}
	if h, body, ok := parseHeader(text); ok {
		doc.Text = body
		doc.Title = h.title
		if doc.Title == "" {
			doc.Title = h.subject
		}
		doc.Source = h.source
		if doc.Source == "" {
			doc.Source = h.from
		}
		doc.URL = h.url
		if h.date != "" {
			t, err := parseDate(h.date)
			if err != nil {
				r.warn("%s: cannot read Date header %q; article undated", path, h.date)
			} else {
				doc.Date = t
			}
		}
	}
	return r.add(doc, place{path: path})
}

// header holds the fields of a mail-style header block that reprint uses.
// Values are unfolded, with runs of white space made single spaces.
type header struct {
	date, source, from, title, subject, url string
}

// parseHeader splits a leading block of "Key: value" lines, ended by a blank
// line, from text. Continuation lines start with a space or tab; lines may end
// in CRLF. The block is a header only if every line of it is a header or
// continuation line, every key is a single token (see splitHeaderLine), and
// at least one key is Date, From, Source, Title, Subject,
// Message-ID or Newsgroups (in any case). When it is, parseHeader returns
// its fields, the body after the blank line and true; otherwise a zero
// header, text itself and false.
func parseHeader(text string) (h header, body string, ok bool) {
	var (
		rest  = text
		known bool    // a key that marks a header block was seen
		cur   *string // the field a continuation line continues; nil to ignore
		lines int
	)
	for {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			return header{}, text, false // no blank line ends the block
		}
		line := strings.TrimSuffix(rest[:i], "\r")
		rest = rest[i+1:]
		if strings.TrimLeft(line, " \t\r") == "" {
			if lines == 0 || !known {
				return header{}, text, false
			}
			return h, rest, true
		}
		lines++
		if line[0] == ' ' || line[0] == '\t' {
			if lines == 1 {
				return header{}, text, false
			}
			if cur != nil {
				*cur = joinSpace(*cur, line)
			}
			continue
		}
		key, value, isHeader := splitHeaderLine(line)
		if !isHeader {
			return header{}, text, false
		}
		var field *string
		switch strings.ToLower(key) {
		case "date":
			field, known = &h.date, true
		case "source":
			field, known = &h.source, true
		case "from":
			field, known = &h.from, true
		case "title":
			field, known = &h.title, true
		case "subject":
			field, known = &h.subject, true
		case "message-id", "newsgroups":
			known = true
		case "url":
			field = &h.url
		}
		cur = nil
		if field != nil && *field == "" { // the first of repeated keys wins
			*field = joinSpace("", value)
			cur = field
		}
	}
}

// splitHeaderLine splits "Key: value". The key must be a single token
// followed directly by the colon: printable ASCII without spaces, as RFC 5322
// allows. Real keys are mostly letters, digits and hyphens, but Usenet has
// "Article-I.D." and "Nntp-Posting-Host-[nntpd-8755]".
func splitHeaderLine(line string) (key, value string, ok bool) {
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ':':
			if i == 0 {
				return "", "", false
			}
			return line[:i], line[i+1:], true
		case c < '!' || c > '~':
			return "", "", false
		}
	}
	return "", "", false
}

// joinSpace appends the words of s to the words of acc, separated by single
// spaces.
func joinSpace(acc, s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return acc
	}
	if acc != "" {
		return acc + " " + strings.Join(words, " ")
	}
	return strings.Join(words, " ")
}
