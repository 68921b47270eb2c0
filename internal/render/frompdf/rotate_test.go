package frompdf

import (
	"context"
	"github.com/quirehq/quire/internal/testenv"
	"strings"
	"testing"
)

// TestRotatedText checks sideways and skewed text, pages turned by
// /Rotate (text sideways or upside down on them) and a crop box smaller
// than the media box: the template shows what a reader
// shows, where it shows it (text recall and SSIM against the original).
func TestRotatedText(t *testing.T) {
	content := "BT /F1 14 Tf 0 1 -1 0 150 300 Tm (Sideways label text) Tj ET\n" +
		"BT /F1 12 Tf 72 770 Td (Upright heading line) Tj ET\n" +
		"BT /F1 12 Tf 1 0 0.35 1 72 600 Tm (Slanted words here) Tj ET\n" +
		"BT /F1 12 Tf 1000 770 Td (Outside the crop box) Tj ET\n" +
		"0 0 0 RG 2 w 72 700 m 400 700 l S"
	cases := []struct{ name, box string }{
		{"sideways text", "/MediaBox [0 0 595 842]"},
		{"page rotated 90", "/MediaBox [0 0 595 842] /Rotate 90"},
		{"page rotated 180", "/MediaBox [0 0 595 842] /Rotate 180"},
		{"page rotated 270", "/MediaBox [0 0 595 842] /Rotate 270"},
		{"crop box", "/MediaBox [-50 -50 1200 900] /CropBox [0 0 595 842]"},
	}
	for _, c := range cases {
		pdf := testPDFPage(c.box, content)
		res, err := converter().Convert(context.Background(), pdf, c.name)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.Contains(res.HTML, "transform: matrix(") || strings.Contains(res.HTML, "Outside the crop box") {
			t.Errorf("%s: no rotated run, or text outside the page kept:\n%s", c.name, res.HTML)
		}
		out := renderResult(t, res, pdf)
		f, err := testRuntime.Measure(context.Background(), pdf, out, measureDPI)
		if err != nil {
			t.Fatal(err)
		}
		// PDFium reads the sideways glyphs Chromium prints one by one as
		// letters apart (its recall counts them as missed); poppler reads
		// them as the words they are.
		text := testenv.PDFText(t, out)
		if !strings.Contains(text, "Upright heading line") || !strings.Contains(text, "Sideways label text") || !strings.Contains(text, "Slanted words here") || f.SSIM < 0.95 {
			t.Errorf("%s: SSIM %.3f, text:\n%s", c.name, f.SSIM, text)
		}
	}
}
