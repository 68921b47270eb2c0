package frompdf

import (
	"context"
	"math"
	"testing"
)

// TestPaintingOrder checks the template paints boxes and paths in the
// PDF's order, as a reader shows them: a border drawn (as a slightly
// skewed closed path, like adobe-errata's) over a white page-sized box
// stays visible, and a white box painted over a line hides that part of
// it.
func TestPaintingOrder(t *testing.T) {
	pdf := testPDF("1 g 20 20 555 802 re f\n" +
		"0 G 3 w 40 40 m 555 40.5 l 555 800 l 40 799.5 l h S\n" +
		"2 w 100 300 m 300 310 l S\n" +
		"1 g 150 290 50 30 re f\n" +
		"0 g BT /F1 12 Tf 72 700 Td (Framed) Tj ET")
	_, _, out, _ := convertPDF(t, pdf, "Framed")
	pages, err := testRuntime.Pages(context.Background(), out, coarseDPI)
	if err != nil {
		t.Fatal(err)
	}
	img := pages[0].Image
	// At 72 dpi a pixel is a point; y counts from the top (842 - PDF y).
	for _, c := range []struct {
		what string
		x, y int
		dark bool
	}{
		{"the border's left side", 40, 421, true},
		{"the border's right side", 555, 421, true},
		{"the line left of the white box", 120, 541, true},
		{"the line under the white box", 175, 538, false},
	} {
		v := img.GrayAt(c.x, c.y).Y
		if c.dark != (v < 128) {
			t.Errorf("%s at (%d, %d): grey %d, want dark=%v", c.what, c.x, c.y, v, c.dark)
		}
	}
}

// TestThinRule checks thin rules (filled rectangles and a stroked line)
// print as thick and where the PDF has them: the original and the
// template's print, rasterized alike, agree. A div's edges snap to whole
// CSS pixels (a 0.5 pt rule printed 0.75 pt thick), and a stroked
// hairline drawn as a filled box loses the pixel-wide minimum readers
// give strokes.
func TestThinRule(t *testing.T) {
	pdf := testPDF("0 g 100 500.3 300 0.5 re f\n100 400.6 300 0.5 re f\n0 G 0.3 w 100 300.3 m 400 300.3 l S\nBT /F1 12 Tf 72 700 Td (Rules) Tj ET")
	res, _, out, _ := convertPDF(t, pdf, "Rules")
	rules := []float64{842 - 500.55, 842 - 400.85, 842 - 300.3} // centres
	for _, dpi := range []int{288, 72} {
		s := float64(dpi) / 72
		var got [2][3][2]float64 // [original, print][rule][thickness, centre]
		for i, doc := range [][]byte{pdf, out} {
			pages, err := testRuntime.Pages(context.Background(), doc, dpi)
			if err != nil {
				t.Fatal(err)
			}
			img := pages[0].Image
			for j, c := range rules {
				// The ink in a column across the rule, in points, and its centre.
				ink, moment := 0.0, 0.0
				for y := int((c - 3) * s); y < int((c+3)*s); y++ {
					v := float64(255-img.GrayAt(int(250*s), y).Y) / 255
					ink += v
					moment += v * (float64(y) + 0.5)
				}
				got[i][j] = [2]float64{ink / s, moment / math.Max(ink, 1e-9) / s}
			}
		}
		// PDFium widens a filled rectangle to whole pixels, differently
		// for either (the print's page is 841.92 pt high): 0.3 pt of
		// slack on the thickness, 0.15 pt on the centre.
		for j := range rules {
			o, p := got[0][j], got[1][j]
			if math.Abs(o[0]-p[0]) > 0.3 || math.Abs(o[1]-p[1]) > 0.15 {
				t.Errorf("%d dpi, rule %d: the original shows it %.2f pt thick centred at %.2f pt, the template's print %.2f pt at %.2f pt\n%s", dpi, j+1, o[0], o[1], p[0], p[1], res.HTML)
			}
		}
	}
}
