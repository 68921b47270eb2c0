package frompdf

import (
	"math"
	"strings"
	"unicode"
)

// blankSpans are the blanks to fill in of a line: runs of underscores or
// dots, except dot leaders, the dots that lead a table of contents'
// title to its page number ("Introduction ........ 3"), which are text.
func blankSpans(text string) [][]int {
	var out [][]int
	for _, loc := range reBlank.FindAllStringIndex(text, -1) {
		if text[loc[0]] != '_' && pageNumberOnly(text[loc[1]:]) {
			continue
		}
		out = append(out, loc)
	}
	return out
}

// pageNumberOnly reports whether s is a page number: digits or roman
// numerals, maybe after spaces.
func pageNumberOnly(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 6 {
		return false
	}
	digits := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	roman := strings.Trim(strings.ToLower(s), "ivxlc") == ""
	return digits || roman
}

// spanWidth is the width in the PDF of r.Text[from:to], shared out by the
// web font's widths of the pieces (by character count when the font
// cannot be measured).
func spanWidth(r Run, from, to int) float64 {
	whole, ok1 := textWidth(r.Text, r.Font, r.Size)
	part, ok2 := textWidth(r.Text[from:to], r.Font, r.Size)
	if ok1 && ok2 && whole > 0 {
		return r.W * part / whole
	}
	return r.W * float64(len([]rune(r.Text[from:to]))) / math.Max(float64(len([]rune(r.Text))), 1)
}
