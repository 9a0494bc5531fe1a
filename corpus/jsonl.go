package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/reprint-tool/reprint"
)

// jsonArticle is one line of a JSONL file. Other fields are ignored.
type jsonArticle struct {
	ID     *string `json:"id"`
	Text   *string `json:"text"`
	Title  string  `json:"title"`
	Date   string  `json:"date"`
	Source string  `json:"source"`
	URL    string  `json:"url"`
}

// readJSONL reads the articles of a JSONL file, one a line, from next, which
// hands over the file's bytes in chunks (see wholeFile and gzipChunks). A
// line may be any length. The file is read to the end, so that the outcome
// is that of reading it whole first: when it turns out to hold a NUL byte or
// to be a corrupt gzip file, the documents read from it are taken back.
// at, if not nil, is told the bytes parsed so far, every progressStep.
func (r *reader) readJSONL(path string, next func() ([]byte, error), at func(parsed int64)) error {
	var (
		docs, skips = len(r.c.Documents), len(r.c.Skipped) // to take back
		chunk       []byte                                 // unsplit rest of the current chunk
		pending     []byte                                 // the start of a line split across chunks
		end         bool                                   // next has nothing more
		streamErr   error                                  // from next
		nul         bool                                   // the file holds a NUL byte
		fail        error                                  // the first bad line, unless SkipBad
		decoded     int                                    // lines decoded as Windows-1252
		firstDecd   int
		parsed      int64 // bytes of the lines taken, newlines included
		told        int64 // parsed when at was last called
	)
	// fetch gets the next chunk; it reports false at the end of the file.
	fetch := func() bool {
		if end {
			return false
		}
		c, err := next()
		if hasNUL(c) {
			nul = true
		}
		chunk = c
		if err != nil {
			end = true
			if err != io.EOF {
				streamErr = err
			}
		}
		return len(c) > 0 || !end
	}
	// nextLine returns the next line, without its newline.
	nextLine := func() ([]byte, bool) {
		for {
			if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
				line := chunk[:i]
				chunk = chunk[i+1:]
				if len(pending) > 0 {
					line = append(pending, line...)
					pending = line[:0]
				}
				return line, true
			}
			// The chunk ends in the middle of a line; next may reuse it.
			pending = append(pending, chunk...)
			chunk = nil
			if !fetch() || nul || streamErr != nil {
				if len(pending) > 0 && !nul && streamErr == nil {
					line := pending
					pending = nil
					return line, true
				}
				return nil, false
			}
		}
	}

	for n := 1; fail == nil; n++ {
		if err := r.canceled(); err != nil {
			return err
		}
		line, ok := nextLine()
		if !ok {
			break
		}
		if parsed += int64(len(line)) + 1; at != nil && parsed-told >= progressStep {
			at(parsed)
			told = parsed
		}
		if n == 1 {
			line = dropBOM(line)
		}
		line = bytes.Trim(line, " \t\r")
		if len(line) == 0 {
			continue
		}
		if !utf8.Valid(line) {
			line = fromWindows1252(line)
			if decoded == 0 {
				firstDecd = n
			}
			decoded++
		}
		doc, err := parseJSONArticle(line)
		if err != nil {
			fail = r.bad(&InputError{Path: path, Line: n, Err: err})
			continue
		}
		fail = r.add(doc, place{path, n})
	}
	for !nul && streamErr == nil && fetch() { // read to the end
		if err := r.canceled(); err != nil {
			return err
		}
	}

	takeBack := func() {
		for _, d := range r.c.Documents[docs:] {
			delete(r.seen, d.ID)
		}
		r.c.Documents = r.c.Documents[:docs]
		r.c.Skipped = r.c.Skipped[:skips]
	}
	switch {
	case streamErr != nil:
		takeBack()
		return r.bad(&InputError{Path: path, Err: streamErr})
	case nul:
		takeBack()
		r.skipNUL(path)
		return nil
	case fail != nil:
		return fail
	}
	switch {
	case decoded == 1:
		r.warn("%s:%d: not valid UTF-8; decoded as Windows-1252", path, firstDecd)
	case decoded > 1:
		r.warn("%s: %d lines not valid UTF-8 (the first is line %d); decoded as Windows-1252",
			path, decoded, firstDecd)
	}
	return nil
}

// wholeFile hands over data in one chunk, for readJSONL.
func wholeFile(data []byte) func() ([]byte, error) {
	return func() ([]byte, error) {
		c := data
		data = nil
		if c == nil {
			return nil, io.EOF
		}
		return c, nil
	}
}

// parseJSONArticle parses one line of JSONL, which must be valid UTF-8.
func parseJSONArticle(line []byte) (reprint.Document, error) {
	if line[0] != '{' {
		return reprint.Document{}, errors.New("not a JSON object")
	}
	a, ok := scanArticle(line)
	if !ok {
		if err := json.Unmarshal(line, &a); err != nil {
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				return reprint.Document{}, fmt.Errorf("malformed JSON at byte %d: %w", se.Offset, err)
			case errors.As(err, &te) && te.Field != "":
				return reprint.Document{}, fmt.Errorf("field %q: want a string, got %s", te.Field, te.Value)
			}
			return reprint.Document{}, fmt.Errorf("malformed JSON: %w", err)
		}
	}
	switch {
	case a.ID == nil:
		return reprint.Document{}, errors.New(`missing field "id"`)
	case *a.ID == "":
		return reprint.Document{}, errors.New(`empty "id"`)
	case a.Text == nil:
		return reprint.Document{}, errors.New(`missing field "text"`)
	}
	doc := reprint.Document{
		ID:     *a.ID,
		Title:  a.Title,
		Source: a.Source,
		URL:    a.URL,
		Text:   *a.Text,
	}
	if a.Date != "" {
		t, err := parseISODate(a.Date)
		if err != nil {
			return reprint.Document{}, fmt.Errorf(`bad "date" %q: want RFC 3339 or YYYY-MM-DD`, a.Date)
		}
		doc.Date = t
	}
	return doc, nil
}

// parseISODate parses an RFC 3339 time or a YYYY-MM-DD date (midnight UTC).
func parseISODate(s string) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		return time.Parse(time.DateOnly, s)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, err
	}
	return fixedZone(t), nil
}

// fixedZone returns t in UTC or a fixed zone with its offset, so that a
// parsed time does not depend on the machine's local time zone.
func fixedZone(t time.Time) time.Time {
	_, off := t.Zone()
	if off == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", off))
}
