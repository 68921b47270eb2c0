package frompdf

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// extractFile reads the text and fonts of a corpus file.
func extractFile(t *testing.T, name string) *document {
	t.Helper()
	pdf, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc *document
	err = testRuntime.with(context.Background(), func(p pdfium.Pdfium) error {
		ref, err := openDocument(p, pdf)
		if err != nil {
			return err
		}
		defer p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: ref})
		doc, err = extract(p, ref, 0)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// TestLookAlikeGlyphsAssigned converts subsets whose codes are their
// producer's own and whose glyphs look alike by advance and box: every
// embedded font of hybrid.pdf (Times New Roman with E and L alike, Arial
// Bold Italic with i and l alike) and walden.pdf (Baskerville capitals)
// is used, each character of the words drawn in it on its own glyph, and
// f1040.pdf's ✓ ▲ ▶ (boxes 0.011 em taller out of PDFium) are drawn in
// their fonts.
func TestLookAlikeGlyphsAssigned(t *testing.T) {
	for _, name := range []string{"hybrid.pdf", "walden.pdf"} {
		doc := extractFile(t, name)
		for _, pf := range doc.Fonts.order {
			if _, space := pf.widths[' ']; len(pf.widths) == 0 || space && len(pf.widths) == 1 {
				continue // no character drawn in it
			}
			if pf.family == "" {
				t.Errorf("%s: %s is not used", name, pf.id)
				continue
			}
			seen := map[int]rune{}
			for r, g := range pf.metrics.uni {
				if q, ok := seen[g]; ok && r != ' ' && q != ' ' {
					t.Errorf("%s: %q and %q share glyph %d", name, q, r, g)
				}
				seen[g] = r
			}
		}
		body := 0
		for _, pg := range doc.Pages {
			for _, r := range pg.Runs {
				if r.Font.Web == "" {
					continue
				}
				for _, c := range r.Text {
					if _, ok := webAdvance(r.Font, c); !ok {
						t.Errorf("%s: %q of %q has no glyph in %s", name, c, r.Text, r.Font.Web)
					}
				}
				body += len(r.Text)
			}
		}
		if body < 500 {
			t.Errorf("%s: %d characters drawn in embedded fonts", name, body)
		}
	}
	// walden's Baskerville subset has its glyphs in Unicode order: E
	// comes before H, L after I.
	doc := extractFile(t, "walden.pdf")
	capitals := false
	for _, pf := range doc.Fonts.order {
		if pf.metrics == nil {
			continue
		}
		uni := pf.metrics.uni
		if _, ok := uni['E']; !ok || uni['L'] == 0 || uni['W'] == 0 {
			continue
		}
		capitals = true
		runes := sortedRunes(uni)
		runes = slices.DeleteFunc(runes, func(r rune) bool { return r == ' ' })
		for i := 1; i < len(runes); i++ {
			if uni[runes[i]] <= uni[runes[i-1]] {
				t.Errorf("walden: %q has glyph %d, %q glyph %d", runes[i-1], uni[runes[i-1]], runes[i], uni[runes[i]])
			}
		}
	}
	if !capitals {
		t.Error("walden: no font maps E, L and W")
	}
	f1040 := extractFile(t, "f1040.pdf")
	marks := map[rune]bool{}
	for _, pg := range f1040.Pages {
		for _, r := range pg.Runs {
			for _, c := range r.Text {
				if c == '✓' || c == '▲' || c == '▶' {
					if _, ok := webAdvance(r.Font, c); ok {
						marks[c] = true
					}
				}
			}
		}
	}
	if len(marks) != 3 {
		t.Errorf("f1040: marks drawn in their own fonts: %v", marks)
	}
}

// TestKerningMeasured reads hybrid.pdf's Times New Roman subset, which
// comes without a kern table while the PDF kerned "Yo" and "To": the
// pairs' kerning is measured from where the letters are, and the rebuilt
// font's kern table has it.
func TestKerningMeasured(t *testing.T) {
	doc := extractFile(t, "hybrid.pdf")
	for _, pf := range doc.Fonts.order {
		yo, ok := pf.kerning[[2]rune{'Y', 'o'}]
		if !ok {
			continue
		}
		if yo > -0.05 || pf.kerning[[2]rune{'T', 'o'}] > -0.05 {
			t.Errorf("Yo kerned %.3f em, To %.3f em", yo, pf.kerning[[2]rune{'T', 'o'}])
		}
		if k := pf.kerning[[2]rune{'o', 'u'}]; k != 0 {
			t.Errorf("ou kerned %.3f em", k)
		}
		uni := pf.metrics.uni
		data, _ := pf.webFont("pdf-test", uni)
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		upem := fixed.Int26_6(f.UnitsPerEm())
		k, err := f.Kern(&buf, sfnt.GlyphIndex(uni['Y']), sfnt.GlyphIndex(uni['o']), upem, font.HintingNone)
		if err != nil || float64(k)/float64(upem) > -0.05 {
			t.Errorf("the rebuilt font kerns Yo by %d/%d (%v)", k, upem, err)
		}
		return
	}
	t.Error("no font of hybrid.pdf kerns Yo")
}
