package frompdf

import (
	"context"
	"image"
	"testing"
)

// TestBlankRuleUnderBaseline checks a blank to fill in draws its rule
// where the original's underscores were: on contract.pdf's empty
// "Client signature" blank the rule sat on the baseline, 1.5 pt above
// them (an empty inline block's baseline is its bottom edge).
func TestBlankRuleUnderBaseline(t *testing.T) {
	_, a, b := convertAndRaster(t, "testdata/corpus/contract.pdf")
	// The darkest row across the blank (72 dpi pixels: x 140–260 lies
	// inside it, its line of text within y 715–745).
	darkest := func(img *image.Gray) int {
		best, row := -1, 0
		for y := 715; y < 745; y++ {
			ink := 0
			for x := 140; x < 260; x++ {
				ink += 255 - int(img.GrayAt(x, y).Y)
			}
			if ink > best {
				best, row = ink, y
			}
		}
		return row
	}
	if want, got := darkest(a[0].Image), darkest(b[0].Image); got != want {
		t.Errorf("the blank's rule is on row %d, the original's underscores on row %d", got, want)
	}
}

// convertAndRaster converts a corpus file, renders its template with the
// sample data and rasterizes the original and the rendition as measured.
func convertAndRaster(t *testing.T, path string) (res *Result, orig, out []RenderedPage) {
	t.Helper()
	res, pdf, rendition, _ := convertFile(t, path)
	orig, err := testRuntime.Pages(context.Background(), pdf, coarseDPI)
	if err != nil {
		t.Fatal(err)
	}
	if out, err = testRuntime.Pages(context.Background(), rendition, coarseDPI); err != nil {
		t.Fatal(err)
	}
	return res, orig, out
}
