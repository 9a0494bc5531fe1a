package corpus

import (
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// parseDate parses the value of a Date header: an RFC 3339 time, a
// YYYY-MM-DD date, "YYYY-MM-DD hh:mm[:ss]", or a mail date in any of the
// forms seen in mail and Usenet ("Mon, 5 Apr 1993 19:35:11 GMT",
// "5 Apr 93 19:35 EDT", "Saturday, 17 Apr 1993 12:00:00 -0400 (EDT)", ...).
// A time without a zone is taken as UTC, as is an unknown zone name.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := parseISODate(s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if t, err := parseMailDate(s); err == nil {
		return t, nil
	}
	if t, err := mail.ParseDate(s); err == nil {
		return fixedZone(t), nil
	}
	return time.Time{}, fmt.Errorf("cannot parse date %q", s)
}

var errMailDate = errors.New("not a mail date")

// parseMailDate parses the date of RFC 5322 and its obsolete forms, and the
// variants common in old mail and Usenet: a weekday (abbreviated, in full, or
// missing), a one- or two-digit day, a month name, a two-, three- or
// four-digit year, a time with or without seconds, and a numeric zone, a zone
// name, both, or none. Comments in parentheses are ignored. The fields may
// come in the order "day month year" or "month day year", and the year may
// follow the time (as in asctime: "Mon Apr  5 19:35:11 1993").
func parseMailDate(s string) (time.Time, error) {
	s = stripComments(s)
	var (
		day, month, year = -1, 0, -1
		yearDigits       int
		hour, min, sec   int
		sawClock         bool
		zone             *time.Location
	)
	for _, tok := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		switch {
		case isDigits(tok):
			n, err := strconv.Atoi(tok)
			if err != nil {
				return time.Time{}, errMailDate
			}
			switch {
			case len(tok) <= 2 && day < 0:
				day = n
			case year < 0 && len(tok) <= 4:
				year, yearDigits = n, len(tok)
			default:
				return time.Time{}, errMailDate
			}
		case strings.IndexByte(tok, ':') >= 0:
			if sawClock {
				return time.Time{}, errMailDate
			}
			var ok bool
			if hour, min, sec, ok = parseClock(tok); !ok {
				return time.Time{}, errMailDate
			}
			sawClock = true
		case (tok[0] == '+' || tok[0] == '-') && len(tok) == 5 && isDigits(tok[1:]):
			if zone != nil || !sawClock {
				return time.Time{}, errMailDate
			}
			hh, _ := strconv.Atoi(tok[1:3])
			mm, _ := strconv.Atoi(tok[3:])
			if mm > 59 {
				return time.Time{}, errMailDate
			}
			off := (hh*60 + mm) * 60
			if tok[0] == '-' {
				off = -off
			}
			zone = time.FixedZone("", off)
			if off == 0 {
				zone = time.UTC
			}
		case isLetters(tok):
			if m := monthNumber(tok); m > 0 && month == 0 {
				month = m
				continue
			}
			if isWeekday(tok) && !sawClock {
				continue
			}
			if !sawClock {
				return time.Time{}, errMailDate
			}
			switch up := strings.ToUpper(tok); up {
			case "AM", "PM":
				if hour < 1 || hour > 12 {
					return time.Time{}, errMailDate
				}
				hour %= 12
				if up == "PM" {
					hour += 12
				}
			default:
				if zone != nil || len(tok) > 5 {
					return time.Time{}, errMailDate
				}
				zone = zoneNamed(up)
			}
		default:
			return time.Time{}, errMailDate
		}
	}
	if day < 1 || month == 0 || year < 0 {
		return time.Time{}, errMailDate
	}
	switch yearDigits {
	case 1, 2: // RFC 5322 4.3: 00–49 are 2000–2049, 50–99 are 1950–1999
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
	case 3:
		year += 1900
	}
	if zone == nil {
		zone = time.UTC
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, 0, zone)
	if t.Day() != day {
		return time.Time{}, errMailDate // e.g. 31 Apr
	}
	return t, nil
}

// stripComments replaces parenthesised comments, which may nest, by spaces.
func stripComments(s string) string {
	if strings.IndexByte(s, '(') < 0 {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, c := range s {
		switch {
		case c == '(':
			depth++
			b.WriteByte(' ')
		case c == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// parseClock parses hh:mm or hh:mm:ss.
func parseClock(s string) (hour, min, sec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	var v [3]int
	for i, p := range parts {
		if len(p) < 1 || len(p) > 2 || !isDigits(p) {
			return 0, 0, 0, false
		}
		v[i], _ = strconv.Atoi(p)
	}
	if v[0] > 23 || v[1] > 59 || v[2] > 60 {
		return 0, 0, 0, false
	}
	if v[2] == 60 { // leap second
		v[2] = 59
	}
	return v[0], v[1], v[2], true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// monthNumber is 1–12 for a month's name or its abbreviation of at least
// three letters ("Apr", "April", "Sept"), 0 otherwise.
func monthNumber(s string) int {
	if len(s) < 3 {
		return 0
	}
	s = strings.ToLower(s)
	for i, name := range [...]string{"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december"} {
		if strings.HasPrefix(name, s) {
			return i + 1
		}
	}
	return 0
}

// isWeekday tells whether s is a day's name or its abbreviation of at least
// three letters ("Mon", "Tues", "Saturday").
func isWeekday(s string) bool {
	if len(s) < 3 {
		return false
	}
	s = strings.ToLower(s)
	for _, name := range [...]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if strings.HasPrefix(name, s) {
			return true
		}
	}
	return false
}

// zoneNamed is the zone a name stands for in mail dates. Names that are
// unknown or ambiguous (IST) are taken as UTC, as RFC 5322 says of
// obsolete zones it does not list.
func zoneNamed(name string) *time.Location {
	hours := map[string]float64{
		"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
		"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
		"AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5, "AKST": -9, "AKDT": -8, "HST": -10,
		"BST": 1, "WEST": 1, "CET": 1, "MET": 1, "MEZ": 1, "CEST": 2, "MEST": 2, "MESZ": 2,
		"EET": 2, "EEST": 3, "IDT": 3, "MSK": 3, "MSD": 4,
		"HKT": 8, "SGT": 8, "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "AEST": 10, "AEDT": 11,
		"NZST": 12, "NZDT": 13,
	}
	h, ok := hours[name]
	if !ok || h == 0 {
		return time.UTC
	}
	return time.FixedZone(name, int(h*3600))
}
