package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// readJSONL reads the articles of a JSONL file, one a line. A file is read
// whole: lines may be many megabytes long.
func (r *reader) readJSONL(path string, data []byte) error {
	var (
		decoded   int // lines decoded as Windows-1252
		firstDecd int
	)
	defer func() {
		switch {
		case decoded == 1:
			r.warn("%s:%d: not valid UTF-8; decoded as Windows-1252", path, firstDecd)
		case decoded > 1:
			r.warn("%s: %d lines not valid UTF-8 (the first is line %d); decoded as Windows-1252",
				path, decoded, firstDecd)
		}
	}()
	for n := 1; len(data) > 0; n++ {
		if err := r.canceled(); err != nil {
			return err
		}
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
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
			if err := r.bad(&InputError{Path: path, Line: n, Err: err}); err != nil {
				return err
			}
			continue
		}
		if err := r.add(doc, place{path, n}); err != nil {
			return err
		}
	}
	return nil
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
