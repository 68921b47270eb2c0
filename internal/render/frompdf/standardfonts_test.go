package frompdf

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestStandardFontsUsePDFiumFaces converts paclitaxel.pdf, whose Times
// and Helvetica fonts are not embedded: PDFium draws them with its own
// fonts, and the template embeds those as web fonts, every text run in
// one (all its characters mapped, and the rest of the font's), so the
// rendition's strokes are as
// dark as the original's (in Liberation they were ~5 % darker).
func TestStandardFontsUsePDFiumFaces(t *testing.T) {
	res, pdf, out, _ := convertFile(t, filepath.Join("testdata", "corpus", "paclitaxel.pdf"))
	html := res.HTML
	// Times-Roman, Times-Bold, Times-BoldItalic, Helvetica-Bold, Helvetica-BoldOblique.
	if n := strings.Count(html, "@font-face"); n != 5 {
		t.Errorf("%d @font-face rules, want one for each of the 5 standard fonts", n)
	}
	classes := regexp.MustCompile(`(?m)^\.f\d+ \{ font-family: ([^;]*);`).FindAllStringSubmatch(html, -1)
	if len(classes) == 0 {
		t.Fatal("no text font classes in the template")
	}
	for _, c := range classes {
		if !strings.HasPrefix(c[1], `"pdf-`) {
			t.Errorf("a text run keeps the web-safe family: %s", c[0])
		}
	}
	// The whole font is there: a value filled in with characters the
	// PDF does not draw keeps the font of the text around it.
	faces := regexp.MustCompile(`url\(data:font/otf;base64,([^)]*)\)`).FindAllStringSubmatch(html, -1)
	if len(faces) != 5 {
		t.Errorf("%d OpenType CFF faces, want 5", len(faces))
	}
	var buf sfnt.Buffer
	for _, m := range faces {
		data, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("a face does not parse: %v", err)
		}
		for _, r := range "QZqzßéüÆ«»" {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("%q is not in the face", r)
			}
		}
	}
	if !bytes.Contains(out, []byte("+pdf-")) {
		t.Error("the printed PDF does not use the web fonts")
	}
	ctx := context.Background()
	orig, err := testRuntime.Pages(ctx, pdf, coarseDPI)
	if err != nil {
		t.Fatal(err)
	}
	rend, err := testRuntime.Pages(ctx, out, coarseDPI)
	if err != nil {
		t.Fatal(err)
	}
	// The left column's body text, page 1 (points from the top left).
	area := image.Rect(40, 180, 290, 640)
	a, b := meanInk(orig[0].Image, area), meanInk(rend[0].Image, area)
	if b > a*1.02 || b < a*0.98 {
		t.Errorf("ink in the text area %.4f, the original's %.4f: want within 2 %%", b, a)
	}
}

// meanInk is how dark r of img is on average (0 white, 1 black), r in
// points of a page rasterized at coarseDPI.
func meanInk(img *image.Gray, r image.Rectangle) float64 {
	r = r.Intersect(img.Rect)
	sum, n := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			sum += 255 - int(img.GrayAt(x, y).Y)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n) / 255
}
