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
	pic := "/Type /XObject /Subtype /Image /BitsPerComponent 8 "
	content := "BT /F1 14 Tf 72 780 Td (Pictures as the PDF draws them) Tj ET\n" +
		"q 50 600 50 100 re W n 100 0 0 100 50 600 cm /Half Do Q\n" +
		"q 100 0 0 100 200 600 cm /Masked Do Q\n" +
		"q 0 0 1 rg 100 0 0 100 350 600 cm /Stencil Do Q\n" +
		"q 100 0 0 -100 50 500 cm /Column Do Q\n" +
		"q 0 100 -100 0 300 400 cm /Row Do Q\n" +
		"q 100 0 0 100 350 400 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI Q"
	return pagePDF(content, "/Half 5 0 R /Masked 6 0 R /Stencil 8 0 R /Column 9 0 R /Row 10 0 R",
		// Black and grey side by side.
		stream(pic+"/Width 2 /Height 1 /ColorSpace /DeviceGray", "\x00\x80"),
		// Two black pixels, the right one hidden by its soft mask.
		stream(pic+"/Width 2 /Height 1 /ColorSpace /DeviceRGB /SMask 7 0 R", "\x00\x00\x00\x00\x00\x00"),
		stream(pic+"/Width 2 /Height 1 /ColorSpace /DeviceGray", "\xff\x00"),
		// 0 paints the fill colour, 1 leaves the page: the left pixel only.
		stream("/Type /XObject /Subtype /Image /Width 2 /Height 1 /ImageMask true /BitsPerComponent 1", "\x40"),
		// A black row over a white one.
		stream(pic+"/Width 1 /Height 2 /ColorSpace /DeviceGray", "\x00\xff"),
		// Black then white, left to right.
		stream(pic+"/Width 2 /Height 1 /ColorSpace /DeviceGray", "\x00\xff"),
	)
}

// pagePDF is a one-page A4 PDF drawing content with the font /F1
// (Helvetica) and the XObjects xobjects ("/Name 5 0 R …"), objs being
// objects 5, 6, ….
func pagePDF(content, xobjects string, objs ...string) []byte {
	n := 5 + len(objs)
	all := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << %s >> >> /Contents %d 0 R >>", xobjects, n),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	all = append(all, objs...)
	return pdfFile(append(all, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)))
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
	orig, got := bothRastered(t, res, pdf)
	// Each picture (x, y, w, h in points from the top-left corner), cut
	// into halves side by side or (tall) one over the other, and whether
	// a reader shows its first half (left, top) dark and its second light,
	// or the other way round.
	pictures := []struct {
		name       string
		x, y, w, h float64
		tall       bool
		firstDark  bool
	}{
		{"clipped picture (right half cut away)", 50, 142, 100, 100, false, true},
		{"soft-masked picture (right pixel masked)", 200, 142, 100, 100, false, true},
		{"stencil mask (left pixel painted)", 350, 142, 100, 100, false, true},
		{"flipped picture (its first row at the bottom)", 50, 342, 100, 100, true, false},
		{"turned picture (its left pixel at the bottom)", 200, 342, 100, 100, true, false},
		{"inline image", 350, 342, 100, 100, false, true},
	}
	for _, pic := range pictures {
		halves := [2][4]float64{{pic.x, pic.y, pic.w / 2, pic.h}, {pic.x + pic.w/2, pic.y, pic.w / 2, pic.h}}
		if pic.tall {
			halves = [2][4]float64{{pic.x, pic.y, pic.w, pic.h / 2}, {pic.x, pic.y + pic.h/2, pic.w, pic.h / 2}}
		}
		for k, a := range halves {
			want, have := meanGrey(orig, a[0], a[1], a[2], a[3], 72), meanGrey(got, a[0], a[1], a[2], a[3], 72)
			if dark := (k == 0) == pic.firstDark; dark != (want < 128) {
				t.Fatalf("%s, half %d: the original shows grey %.0f there (test PDF wrong)", pic.name, k+1, want)
			}
			if math.Abs(want-have) > 12 {
				t.Errorf("%s, half %d: grey %.0f in the rendition, %.0f in the original", pic.name, k+1, have, want)
			}
		}
	}
}

// bothRastered renders res with its sample data and rasterizes the
// one-page original and the rendition at 72 dpi.
func bothRastered(t *testing.T, res *Result, pdf []byte) (orig, rendition *image.Gray) {
	t.Helper()
	out := renderResult(t, res, pdf)
	a, err := testRuntime.Pages(context.Background(), pdf, 72)
	if err != nil || len(a) != 1 {
		t.Fatalf("original: %d pages, %v", len(a), err)
	}
	b, err := testRuntime.Pages(context.Background(), out, 72)
	if err != nil || len(b) != 1 {
		t.Fatalf("rendition: %d pages, %v", len(b), err)
	}
	return a[0].Image, b[0].Image
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
	pdf := pagePDF(content, "/Noise 5 0 R",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", side, side, len(noise), noise))
	res, err := converter().Convert(context.Background(), pdf, "Large picture")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.HTML) > maxPictureBytes+64<<10 || strings.Count(res.HTML, "<img ") != 1 {
		t.Fatalf("template of %d bytes, %d pictures", len(res.HTML), strings.Count(res.HTML, "<img "))
	}
	orig, got := bothRastered(t, res, pdf)
	want, have := meanGrey(orig, 50, 142, 100, 100, 72), meanGrey(got, 50, 142, 100, 100, 72)
	if math.Abs(want-have) > 12 || have > 200 {
		t.Errorf("picture's mean grey %.0f in the rendition, %.0f in the original", have, want)
	}
}

// TestPictureOfNoWidth: a picture placed with a zero-length axis (its
// matrix "0 0 100 100") draws nothing, and leaves no NaN in the CSS.
func TestPictureOfNoWidth(t *testing.T) {
	black := "<< /Type /XObject /Subtype /Image /BitsPerComponent 8 /Width 1 /Height 1 /ColorSpace /DeviceGray /Length 1 >>\nstream\n\x00\nendstream"
	content := "BT /F1 14 Tf 72 780 Td (A picture of no width) Tj ET\n" +
		"q 0 0 100 100 50 600 cm /Black Do Q\nq 100 100 0 0 250 600 cm /Black Do Q"
	res, err := converter().Convert(context.Background(), pagePDF(content, "/Black 5 0 R", black), "No width")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.HTML, "NaN") || strings.Contains(res.HTML, "Inf") {
		t.Errorf("NaN or Inf in the template:\n%.3000s", res.HTML)
	}
}
