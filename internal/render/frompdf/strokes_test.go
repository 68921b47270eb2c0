package frompdf

import (
	"context"
	"image"
	"strings"
	"testing"
)

// TestDiagonalAndDashedLines checks a diagonal line stays a line (not the
// rectangle its two corners span) and dashed strokes keep their dashes.
func TestDiagonalAndDashedLines(t *testing.T) {
	pdf := testPDF("BT /F1 12 Tf 72 770 Td (Lines) Tj ET\n0 0 0 RG 1 w 0 0 m 595 842 l S\n[3] 0 d 0 421 m 595 421 l S")
	res, err := converter().Convert(context.Background(), pdf, "Lines")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, `<path d="M0 842L595 0" fill="none" stroke="#000000" stroke-width="1"/>`) {
		t.Errorf("no diagonal path:\n%s", res.HTML)
	}
	if !strings.Contains(res.HTML, `<path d="M0 421L595 421" fill="none" stroke="#000000" stroke-width="1" stroke-dasharray="3"/>`) {
		t.Errorf("no dashed path:\n%s", res.HTML)
	}
	if strings.Contains(res.HTML, `class="r"`) {
		t.Errorf("a line became a box:\n%s", res.HTML)
	}
}

// TestHairlineDashes checks quartz-text's dashed grid (0-width strokes,
// which a reader draws a device pixel wide) is as dark in the rendition
// as in the original at 72 dpi, where Chromium's dashes, printed as
// 0.25 pt fills, were a faint grey; and that its 595×842 pt page, printed
// on A4, is not shrunk and moved (the grid's vertical line and the words
// stay on their pixel columns).
func TestHairlineDashes(t *testing.T) {
	res, a, b := convertAndRaster(t, "testdata/corpus/quartz-text.pdf")
	if !strings.Contains(res.HTML, "@page { size: A4;") {
		t.Errorf("the 595×842 pt page is not declared A4")
	}
	if len(b) != 1 {
		t.Fatalf("rendition has %d pages, want 1", len(b))
	}
	// dark counts pixels under 128 on row y (x from 0 to 595) or, with
	// y < 0, on column x (y from 0 to 842).
	dark := func(img *image.Gray, x, y int) int {
		n := 0
		for i := 0; i < 842; i++ {
			px, py := i, y
			if y < 0 {
				px, py = x, i
			}
			if (px < 595 || y < 0) && img.GrayAt(px, py).Y < 128 {
				n++
			}
		}
		return n
	}
	// The horizontal rule at 140.33 pt and the vertical one at 148.75 pt.
	for _, at := range [][2]int{{0, 140}, {148, -1}} {
		want, got := dark(a[0].Image, at[0], at[1]), dark(b[0].Image, at[0], at[1])
		if want < 100 || float64(got) < 0.6*float64(want) {
			t.Errorf("dashed line at %v: %d dark pixels in the rendition, %d in the original", at, got, want)
		}
	}
}

// A pattern whose gaps are too small to move the pen on a long line in
// floating point ended neither by its dashes' count nor its length: every
// step counts, and a step that moves nothing ends the segment.
func TestDashSegmentsHostilePatterns(t *testing.T) {
	xs, ys, starts := []float64{0, 1e6}, []float64{0, 0}, []bool{true, false}
	for _, pattern := range [][]float64{{1000, 1e-11}, {1e-11, 1000}, {1e-300, 1e-300}, {0.001}, {1, 0, 0}} {
		a := dashSegments(xs, ys, starts, pattern)
		if b := dashSegments(xs, ys, starts, pattern); a != b {
			t.Errorf("pattern %v: two runs differ", pattern)
		}
		if n := strings.Count(a, "M"); n > maxDashes {
			t.Errorf("pattern %v: %d dashes, want at most %d", pattern, n, maxDashes)
		}
	}
	if d := dashSegments([]float64{0, 10}, []float64{0, 0}, []bool{true, false}, []float64{2, 3}); strings.Count(d, "M") != 2 {
		t.Errorf("dashes of [2 3] over 10: %q, want 2", d)
	}
}
