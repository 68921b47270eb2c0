package frompdf

import (
	"context"
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
)

// picturesPDF draws six two-pixel pictures as a reader must show them:
// one cut to its left half by a clipping path, one with a soft mask
// (/SMask) hiding its right pixel, a stencil mask (/ImageMask) painted
// blue, one flipped upside down, one turned a quarter and an inline image
// (BI … EI).
func picturesPDF() []byte {
	stream := func(dict, data string) string {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}
	image := "/Type /XObject /Subtype /Image /BitsPerComponent 8 "
	content := "BT /F1 14 Tf 72 780 Td (Pictures as the PDF draws them) Tj ET\n" +
		"q 50 600 50 100 re W n 100 0 0 100 50 600 cm /Half Do Q\n" +
		"q 100 0 0 100 200 600 cm /Masked Do Q\n" +
		"q 0 0 1 rg 100 0 0 100 350 600 cm /Stencil Do Q\n" +
		"q 100 0 0 -100 50 500 cm /Column Do Q\n" +
		"q 0 100 -100 0 300 400 cm /Row Do Q\n" +
		"q 100 0 0 100 350 400 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI Q"
	return pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Half 5 0 R /Masked 6 0 R /Stencil 8 0 R /Column 9 0 R /Row 10 0 R >> >> /Contents 11 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		// Black and grey side by side.
		stream(image+"/Width 2 /Height 1 /ColorSpace /DeviceGray", "\x00\x80"),
		// Two black pixels, the right one hidden by its soft mask.
		stream(image+"/Width 2 /Height 1 /ColorSpace /DeviceRGB /SMask 7 0 R", "\x00\x00\x00\x00\x00\x00"),
		stream(image+"/Width 2 /Height 1 /ColorSpace /DeviceGray", "\xff\x00"),
		// 0 paints the fill colour, 1 leaves the page: the left pixel only.
		stream("/Type /XObject /Subtype /Image /Width 2 /Height 1 /ImageMask true /BitsPerComponent 1", "\x40"),
		// A black row over a white one.
		stream(image+"/Width 1 /Height 2 /ColorSpace /DeviceGray", "\x00\xff"),
		// Black then white, left to right.
		stream(image+"/Width 2 /Height 1 /ColorSpace /DeviceGray", "\x00\xff"),
		stream("", content),
	})
}

// TestPicturesAsDrawn checks the rendition shows each picture of
// picturesPDF as the original does: the mean grey of every half of every
// picture (top-down points) matches the original's within a few levels.
func TestPicturesAsDrawn(t *testing.T) {
	pdf := picturesPDF()
	res, err := converter().Convert(context.Background(), pdf, "Pictures")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(res.HTML, "<img "); n != 6 {
		t.Fatalf("%d pictures in the template, want 6:\n%.3000s", n, res.HTML)
	}
	out := renderResult(t, res, pdf)
	const dpi = 72
	orig, err := testRuntime.Pages(context.Background(), pdf, dpi)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testRuntime.Pages(context.Background(), out, dpi)
	if err != nil || len(got) != 1 {
		t.Fatalf("rendition: %d pages, %v", len(got), err)
	}
	// Each area (x, y, w, h in points from the top-left corner) and the
	// grey a reader shows there.
	areas := []struct {
		name       string
		x, y, w, h float64
		dark       bool
	}{
		{"clipped picture, left half", 50, 142, 50, 100, true},
		{"clipped picture, right half (cut away)", 100, 142, 50, 100, false},
		{"soft-masked picture, left pixel", 200, 142, 50, 100, true},
		{"soft-masked picture, right pixel (masked)", 250, 142, 50, 100, false},
		{"stencil mask, painted pixel", 350, 142, 50, 100, true},
		{"stencil mask, unpainted pixel", 400, 142, 50, 100, false},
		{"flipped picture, top (its last row)", 50, 342, 100, 50, false},
		{"flipped picture, bottom (its first row)", 50, 392, 100, 50, true},
		{"turned picture, top (its right pixel)", 200, 342, 100, 50, false},
		{"turned picture, bottom (its left pixel)", 200, 392, 100, 50, true},
		{"inline image, left pixel", 350, 342, 50, 100, true},
		{"inline image, right pixel", 400, 342, 50, 100, false},
	}
	for _, a := range areas {
		want, have := meanGrey(orig[0].Image, a.x, a.y, a.w, a.h, dpi), meanGrey(got[0].Image, a.x, a.y, a.w, a.h, dpi)
		if a.dark != (want < 128) {
			t.Fatalf("%s: the original shows grey %.0f there (test PDF wrong)", a.name, want)
		}
		if math.Abs(want-have) > 12 {
			t.Errorf("%s: grey %.0f in the rendition, %.0f in the original", a.name, have, want)
		}
	}
}

// meanGrey is the mean grey of an area (points from the top-left corner,
// 2 pt in from its edges) of a page rasterized at dpi.
func meanGrey(img *image.Gray, x, y, w, h float64, dpi int) float64 {
	px := func(v float64) int { return int(math.Round(v * float64(dpi) / 72)) }
	r := image.Rect(px(x+2), px(y+2), px(x+w-2), px(y+h-2)).Intersect(img.Rect)
	sum, n := 0, 0
	for yy := r.Min.Y; yy < r.Max.Y; yy++ {
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			sum += int(img.Pix[yy*img.Stride+xx])
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// TestLargePicture checks a picture stored at far more pixels than it is
// printed at (1500×1500 grey noise, which no encoding compresses, on a
// 100 pt square) is brought down to fit the template's picture budget and
// still shows where the PDF draws it.
func TestLargePicture(t *testing.T) {
	const side = 1500
	noise := make([]byte, side*side)
	seed := uint32(1)
	for i := range noise {
		seed = seed*1664525 + 1013904223
		noise[i] = byte(seed >> 24)
	}
	content := "BT /F1 14 Tf 72 780 Td (A large picture) Tj ET\nq 100 0 0 100 50 600 cm /Noise Do Q"
	pdf := pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Noise 5 0 R >> >> /Contents 6 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", side, side, len(noise), noise),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	})
	res, err := converter().Convert(context.Background(), pdf, "Large picture")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.HTML) > maxPictureBytes+64<<10 || strings.Count(res.HTML, "<img ") != 1 {
		t.Fatalf("template of %d bytes, %d pictures", len(res.HTML), strings.Count(res.HTML, "<img "))
	}
	out := renderResult(t, res, pdf)
	orig, err := testRuntime.Pages(context.Background(), pdf, 72)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testRuntime.Pages(context.Background(), out, 72)
	if err != nil || len(got) != 1 {
		t.Fatalf("rendition: %d pages, %v", len(got), err)
	}
	want, have := meanGrey(orig[0].Image, 50, 142, 100, 100, 72), meanGrey(got[0].Image, 50, 142, 100, 100, 72)
	if math.Abs(want-have) > 12 || have > 200 {
		t.Errorf("picture's mean grey %.0f in the rendition, %.0f in the original", have, want)
	}
}
