package corpus

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// scanArticle is a fast path for json.Unmarshal(line, &a): it parses one
// JSONL line, which must be valid UTF-8, in a single pass without
// reflection. It reports ok only when the line is valid JSON and decodes
// without error, giving exactly what json.Unmarshal gives then; on any
// doubt it gives up, and the caller falls back to json.Unmarshal, which
// also words the error.
func scanArticle(line []byte) (a jsonArticle, ok bool) {
	s := jsonScanner{b: line}
	s.space()
	if !s.eat('{') {
		return a, false
	}
	s.space()
	if !s.eat('}') {
		for {
			s.space()
			raw, escaped, ok := s.str()
			if !ok {
				return a, false
			}
			key := raw
			if escaped {
				key = []byte(stringValue(raw, true))
			}
			s.space()
			if !s.eat(':') {
				return a, false
			}
			s.space()
			var (
				str *string  // string field the value goes to
				ptr **string // pointer field the value goes to
			)
			switch {
			case bytes.EqualFold(key, []byte("id")):
				ptr = &a.ID
			case bytes.EqualFold(key, []byte("text")):
				ptr = &a.Text
			case bytes.EqualFold(key, []byte("title")):
				str = &a.Title
			case bytes.EqualFold(key, []byte("date")):
				str = &a.Date
			case bytes.EqualFold(key, []byte("source")):
				str = &a.Source
			case bytes.EqualFold(key, []byte("url")):
				str = &a.URL
			}
			switch {
			case str == nil && ptr == nil:
				if !s.skipValue(0) {
					return a, false
				}
			case s.peek() == '"':
				raw, escaped, ok := s.str()
				if !ok {
					return a, false
				}
				v := stringValue(raw, escaped)
				if str != nil {
					*str = v
				} else {
					*ptr = &v
				}
			case s.literal("null"):
				// json.Unmarshal sets a pointer to nil and leaves a
				// string alone.
				if ptr != nil {
					*ptr = nil
				}
			default:
				return a, false // a type error
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat('}') {
				break
			}
			return a, false
		}
	}
	s.space()
	return a, s.i == len(s.b)
}

// maxDepth bounds the nesting of ignored values that scanArticle follows;
// deeper input goes to json.Unmarshal, which has limits of its own.
const maxDepth = 200

type jsonScanner struct {
	b []byte
	i int
}

func (s *jsonScanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *jsonScanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *jsonScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) literal(lit string) bool {
	if bytes.HasPrefix(s.b[s.i:], []byte(lit)) {
		s.i += len(lit)
		return true
	}
	return false
}

// str scans a string. It returns the raw bytes between the quotes and
// whether they hold escapes, which it checks are well formed.
func (s *jsonScanner) str() (raw []byte, escaped, ok bool) {
	if !s.eat('"') {
		return nil, false, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], escaped, true
		case c < ' ':
			return nil, false, false
		case c == '\\':
			escaped = true
			if s.i+1 >= len(s.b) {
				return nil, false, false
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if hex4(s.b[s.i+2:]) < 0 {
					return nil, false, false
				}
				s.i += 6
			default:
				return nil, false, false
			}
			continue
		}
		s.i++
	}
	return nil, false, false
}

// stringValue is the value of the raw bytes of a string, as checked by str.
func stringValue(raw []byte, escaped bool) string {
	if !escaped {
		return string(raw)
	}
	var out strings.Builder
	out.Grow(len(raw)) // unescaping never makes a string longer
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '\\')
		if i < 0 {
			out.Write(raw)
			break
		}
		out.Write(raw[:i])
		e := raw[i+1]
		raw = raw[i+2:]
		switch e {
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		case 'u':
			r := hex4(raw)
			raw = raw[4:]
			if utf16.IsSurrogate(r) {
				// As encoding/json: a valid pair makes one rune, anything
				// else makes U+FFFD and leaves what follows alone.
				r2 := rune(-1)
				if len(raw) >= 6 && raw[0] == '\\' && raw[1] == 'u' {
					r2 = hex4(raw[2:])
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					raw = raw[6:]
					r = d
				} else {
					r = utf8.RuneError
				}
			}
			out.WriteRune(r)
		default: // '"', '\\', '/'
			out.WriteByte(e)
		}
	}
	return out.String()
}

// hex4 is the value of four hex digits at the start of b, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// skipValue scans any JSON value.
func (s *jsonScanner) skipValue(depth int) bool {
	switch c := s.peek(); {
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == '{', c == '[':
		if depth >= maxDepth {
			return false
		}
		s.i++
		s.space()
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		if s.eat(end) {
			return true
		}
		for {
			s.space()
			if c == '{' {
				if _, _, ok := s.str(); !ok {
					return false
				}
				s.space()
				if !s.eat(':') {
					return false
				}
				s.space()
			}
			if !s.skipValue(depth + 1) {
				return false
			}
			s.space()
			if s.eat(',') {
				continue
			}
			return s.eat(end)
		}
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	}
	return false
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) number() bool {
	s.eat('-')
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return false
	}
	if s.eat('.') && !s.digits() {
		return false
	}
	if s.eat('e') || s.eat('E') {
		if !s.eat('+') {
			s.eat('-')
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

// digits scans [0-9]* and reports whether there was at least one.
func (s *jsonScanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}
