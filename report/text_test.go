package report

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// The text functions take fast paths for printable ASCII and for text
// whose only white space is single spaces. These are the plain versions
// they must agree with, measuring with twwidth.Width as tablewriter does.

func plainWidth(s string) int { return twwidth.Width(s) }

func plainRuneWidth(r rune) int { return twwidth.Width(string(r)) }

func plainOneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if unsafeRune(r) {
			r = unicode.ReplacementChar
		}
		b.WriteRune(r)
	}
	return b.String()
}

func plainTruncateRight(s string, w int) string {
	if plainWidth(s) <= w {
		return s
	}
	budget := w - plainWidth(ellipsis)
	used, end := 0, 0
	for i, r := range s {
		rw := plainRuneWidth(r)
		if used+rw > budget {
			break
		}
		used += rw
		end = i + len(string(r))
	}
	return strings.TrimRight(s[:end], " ") + ellipsis
}

func plainTruncateLeft(s string, w int) string {
	if plainWidth(s) <= w {
		return s
	}
	budget := w - plainWidth(ellipsis)
	used, start := 0, len(s)
	rs := []rune(s)
	for i := len(rs) - 1; i >= 0; i-- {
		rw := plainRuneWidth(rs[i])
		if used+rw > budget {
			break
		}
		used += rw
		start -= len(string(rs[i]))
	}
	return ellipsis + s[start:]
}

func plainSplitAtWidth(s string, w int) (string, string) {
	used := 0
	for i, r := range s {
		rw := plainRuneWidth(r)
		if used+rw > w && i > 0 {
			return s[:i], s[i:]
		}
		used += rw
	}
	return s, ""
}

func plainWrap(s string, w int) []string {
	w = max(w, 1)
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Fields(s) {
		ww := plainWidth(word)
		if lineW > 0 && lineW+1+ww <= w {
			line += " " + word
			lineW += 1 + ww
			continue
		}
		if lineW > 0 {
			lines = append(lines, line)
			line, lineW = "", 0
		}
		for ww > w {
			head, rest := plainSplitAtWidth(word, w)
			lines = append(lines, head)
			word, ww = rest, plainWidth(rest)
		}
		line, lineW = word, ww
	}
	if lineW > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func plainWrapList(items []string, w int) []string {
	var lines []string
	line, lineW := "", 0
	for i, it := range items {
		if i < len(items)-1 {
			it = plainTruncateLeft(it, w-1) + ","
		} else {
			it = plainTruncateLeft(it, w)
		}
		iw := plainWidth(it)
		if lineW > 0 && lineW+1+iw <= w {
			line += " " + it
			lineW += 1 + iw
			continue
		}
		if lineW > 0 {
			lines = append(lines, line)
		}
		line, lineW = it, iw
	}
	if lineW > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// plainLayout lays a cell out with the plain functions, returning its
// lines joined and the width of the widest.
func plainLayout(c cell, w int) (string, int) {
	var lines []string
	switch c.kind {
	case textKind:
		lines = plainWrap(c.text, w)
	case idKind:
		lines = []string{plainTruncateLeft(c.text, max(w-plainWidth(c.suffix), 2)) + c.suffix}
	case listKind:
		lines = plainWrapList(c.items, w)
	}
	s := strings.Join(lines, "\n")
	used := 0
	for _, l := range strings.Split(s, "\n") {
		used = max(used, plainWidth(l))
	}
	return s, used
}

// TestFastPaths checks the text functions against their plain versions on
// random text: ASCII words and spaces, and now and then control
// characters, escape sequences, invalid UTF-8, wide, zero-width and
// ambiguous-width runes and non-ASCII white space; with East Asian
// ambiguous-width characters both narrow and wide.
func TestFastPaths(t *testing.T) {
	common := []string{"a", "bb", "word", " "}
	rare := []string{"  ", "\x1b[31m", "\x1b]0;a b\x07", "\x1b", "\xff", "\r\n", "\t", "\u202e", "\u200b", "表",
		"\u0301", "|", "…", "–", "─", "é", "\u00a0", "\u3000", "\u0085", "\x00", "\x7f",
		"supercalifragilistic", "0123456789", ",", "👍🏽", "ｗ"}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	defer twwidth.SetEastAsian(false)
	for _, eastAsian := range []bool{false, true} {
		twwidth.SetEastAsian(eastAsian)
		rng := rand.New(rand.NewPCG(1, 2))
		for range n {
			var b strings.Builder
			for range rng.IntN(12) {
				if rng.IntN(3) == 0 {
					b.WriteString(rare[rng.IntN(len(rare))])
				} else {
					b.WriteString(common[rng.IntN(len(common))])
				}
			}
			s := b.String()
			w := rng.IntN(14) - 1
			one := plainOneLine(s)
			if got, want := width(s), plainWidth(s); got != want {
				t.Fatalf("width(%q) = %d, want %d", s, got, want)
			}
			if got := oneLine(s); got != one {
				t.Fatalf("oneLine(%q) = %q, want %q", s, got, one)
			}
			if got, want := oneLineTruncated(s, w), plainTruncateRight(one, w); got != want {
				t.Fatalf("oneLineTruncated(%q, %d) = %q, want %q", s, w, got, want)
			}
			// truncateLeft and the cells take one-line text only: ids
			// and list items are document labels.
			if got, want := truncateLeft(one, w), plainTruncateLeft(one, w); got != want {
				t.Fatalf("truncateLeft(%q, %d) = %q, want %q", one, w, got, want)
			}
			for _, x := range []string{s, one} {
				if got, want := wrap(x, w), plainWrap(x, w); !slices.Equal(got, want) {
					t.Fatalf("wrap(%q, %d) = %q, want %q", x, w, got, want)
				}
			}
			items := strings.Split(one, "|")
			if got, want := wrapList(items, w), plainWrapList(items, w); !slices.Equal(got, want) {
				t.Fatalf("wrapList(%q, %d) = %q, want %q", items, w, got, want)
			}
			cells := []cell{textCell(s), textCell(one), idCell(one, " *"), idCell(one, ""), listCell(items)}
			naturals := []int{plainWidth(s), plainWidth(one), plainWidth(one) + 2, plainWidth(one), plainWidth(strings.Join(items, ", "))}
			for i, c := range cells {
				if c.natural != naturals[i] {
					t.Fatalf("%+v: natural width %d, want %d", c, c.natural, naturals[i])
				}
				want, wantW := plainLayout(c, w)
				if got, gotW := c.layout(w); got != want || gotW != wantW {
					t.Fatalf("%+v laid out in %d: %q (%d), want %q (%d)", c, w, got, gotW, want, wantW)
				}
			}
		}
	}
}
