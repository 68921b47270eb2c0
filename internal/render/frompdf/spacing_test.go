package frompdf

import (
	"math"
	"slices"
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

// TestBaselinesAsInPDF checks lines print on the PDF's baselines, not on
// the whole CSS pixel Chromium snaps a baseline to: report.pdf's
// baselines (59.1, 79.6, 114 pt…) came out 0 to 0.85 pt high, line by
// line. Word boxes as poppler reads them: their tops stand a fixed
// height above the baseline in each PDF (the fonts' boxes differ a
// little), so every word must be moved by nearly the same amount.
func TestBaselinesAsInPDF(t *testing.T) {
	_, orig, out, _ := convertFile(t, "testdata/corpus/report.pdf")
	a, b := testenv.PDFWords(t, orig), testenv.PDFWords(t, out)
	var moved []float64
	j := 0
	for _, w := range a {
		for k := j; k < len(b) && k < j+5; k++ {
			if b[k].Page == w.Page && b[k].Text == w.Text {
				moved = append(moved, b[k].YMin-w.YMin)
				j = k + 1
				break
			}
		}
	}
	if len(moved) < len(a)*9/10 {
		t.Fatalf("%d of %d words found in the rendition", len(moved), len(a))
	}
	sorted := slices.Clone(moved)
	slices.Sort(sorted)
	median, off := sorted[len(sorted)/2], 0
	for _, m := range moved {
		if math.Abs(m-median) > 0.15 {
			off++
		}
	}
	if off > len(moved)/20 {
		t.Errorf("%d of %d words are more than 0.15 pt off the others' shift (%.2f pt)", off, len(moved), median)
	}
}
