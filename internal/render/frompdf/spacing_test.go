package frompdf

import (
	"math"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// TestWideGapKept checks a gap two spaces wide inside a run stays wider
// than the run's other gaps: golang-slides' table of contents sets
// "c.", "for" and "Statement....4" 6 pt and 3 pt apart, and one average
// word spacing put "for" 1.5 pt left of its place and "Statement" 1.5 pt
// right of its. Word boxes as poppler reads them.
func TestWideGapKept(t *testing.T) {
	_, orig, out, _ := convertFile(t, "testdata/corpus/golang-slides.pdf")
	left := func(pdf []byte, word string) float64 {
		// The word after "c." on page 2.
		words := testenv.PDFWords(t, pdf)
		for i, w := range words {
			if w.Page == 2 && w.Text == "c." && i+1 < len(words) && words[i+1].Text == word {
				return words[i+1].XMin
			}
		}
		t.Fatalf("no %q after \"c.\" on page 2", word)
		return 0
	}
	if want, got := left(orig, "for"), left(out, "for"); math.Abs(got-want) > 0.6 {
		t.Errorf("\"for\" starts at %.2f pt in the rendition, %.2f in the original", got, want)
	}
}
