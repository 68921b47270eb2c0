package frompdf

import (
	"reflect"
	"testing"
)

// TestBlankSpans tells blanks to fill in from a table of contents' dot
// leaders, which stay text.
func TestBlankSpans(t *testing.T) {
	cases := []struct {
		text string
		want [][]int
	}{
		{"Name: ________", [][]int{{6, 14}}},
		{"Date ..........", [][]int{{5, 15}}},
		{"Introduction .......... 3", nil},
		{"Preface.........xii", nil},
		{"Signed ........ on ........", [][]int{{7, 15}, {19, 27}}},
		{"Total ________ 12", [][]int{{6, 14}}}, // underscores are always a blank
	}
	for _, c := range cases {
		if got := blankSpans(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("blankSpans(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestLigatureStaysOneWord groups PDFium's characters of "diﬀerent", whose
// ligature comes as two letters with the glyph's box and a space drawn
// inside the glyph, into one run without a space.
func TestLigatureStaysOneWord(t *testing.T) {
	f := Font{Family: "Minion", Generic: `"Liberation Serif", serif`}
	at := func(r rune, l, rt float64) char {
		return char{r: r, left: l, right: rt, originX: l, baseline: 100, size: 10, font: f}
	}
	chars := []char{
		at('d', 288, 293.28), at('i', 293.29, 295.97), at('f', 295.97, 302.51), at('f', 295.97, 302.51),
		at(' ', 298.83, 301.10), at('e', 301.59, 305.84), at('r', 305.83, 309.54), at('e', 309.41, 313.66),
		at('n', 313.66, 319.13), at('t', 318.94, 321.99),
	}
	runs := groupRuns(chars)
	if len(runs) != 1 || runs[0].Text != "different" {
		t.Errorf("runs %+v, want one run \"different\"", runs)
	}
}
