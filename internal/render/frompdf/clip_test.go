package frompdf

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestPictureClippedByPath checks a picture cut by a clipping path that
// is not a rectangle shows only inside that path: a black picture cut to
// a triangle, and one cut by two triangles at once (their intersection, a
// smaller triangle whose box is the whole picture).
func TestPictureClippedByPath(t *testing.T) {
	black := "<< /Type /XObject /Subtype /Image /BitsPerComponent 8 /Width 1 /Height 1 /ColorSpace /DeviceGray /Length 1 >>\nstream\n\x00\nendstream"
	content := "BT /F1 14 Tf 72 780 Td (Pictures cut to shapes) Tj ET\n" +
		"q 50 600 m 150 600 l 50 700 l h W n 100 0 0 100 50 600 cm /Black Do Q\n" +
		"q 250 600 m 350 600 l 250 700 l h W n 250 600 m 350 600 l 350 700 l h W n 100 0 0 100 250 600 cm /Black Do Q"
	pdf := pagePDF(content, "/Black 5 0 R", black)
	res, err := converter().Convert(context.Background(), pdf, "Clipped pictures")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(res.HTML, "clip-path: path("); n != 3 {
		t.Fatalf("%d clip-path shapes in the template, want 3:\n%.3000s", n, res.HTML)
	}
	orig, got := bothRastered(t, res, pdf)
	// Areas (x, y, w, h in points from the top-left corner) inside or
	// outside the shapes.
	areas := []struct {
		name       string
		x, y, w, h float64
		inside     bool
	}{
		{"triangle, inside", 55, 215, 20, 22, true},
		{"triangle, outside (its box's top-right corner)", 120, 147, 25, 23, false},
		{"two triangles, inside both", 290, 220, 20, 20, true},
		{"two triangles, above their meeting point", 290, 147, 20, 20, false},
		{"two triangles, outside the second", 255, 147, 20, 20, false},
		{"two triangles, outside the first", 325, 147, 20, 20, false},
	}
	for _, a := range areas {
		want, have := meanGrey(orig, a.x, a.y, a.w, a.h, 72), meanGrey(got, a.x, a.y, a.w, a.h, 72)
		if a.inside != (want < 128) {
			t.Fatalf("%s: the original shows grey %.0f there (test PDF wrong)", a.name, want)
		}
		if math.Abs(want-have) > 12 {
			t.Errorf("%s: grey %.0f in the rendition, %.0f in the original", a.name, have, want)
		}
	}
}

// TestPictureClipsBounded: a picture under twenty clipping triangles
// keeps at most maxClipShapes shapes (each one a nested element), and one
// under a path of 3000 segments clips to its box, in the same bytes twice.
func TestPictureClipsBounded(t *testing.T) {
	black := "<< /Type /XObject /Subtype /Image /BitsPerComponent 8 /Width 1 /Height 1 /ColorSpace /DeviceGray /Length 1 >>\nstream\n\x00\nendstream"
	var c strings.Builder
	c.WriteString("q ")
	for i := 0; i < 20; i++ {
		c.WriteString("50 600 m 150 600 l 50 700 l h W n ")
	}
	c.WriteString("100 0 0 100 50 600 cm /Black Do Q\nq 250 600 m ")
	for i := 0; i < 1500; i++ {
		c.WriteString("350 600 l 250 700 l ")
	}
	c.WriteString("h W n 100 0 0 100 250 600 cm /Black Do Q")
	pdf := pagePDF(c.String(), "/Black 5 0 R", black)
	var first string
	for run := 0; run < 2; run++ {
		res, err := converter().Convert(context.Background(), pdf, "Many clips")
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(res.HTML, "clip-path: path("); n > maxClipShapes {
			t.Errorf("%d clip-path shapes, want at most %d", n, maxClipShapes)
		}
		if run == 0 {
			first = res.HTML
		} else if res.HTML != first {
			t.Error("two conversions differ")
		}
	}
}
