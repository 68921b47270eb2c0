package frompdf

import (
	"context"
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
	pages, err := testRuntime.Pages(context.Background(), out, measureDPI)
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
