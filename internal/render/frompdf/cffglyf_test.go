package frompdf

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// TestEmbeddedCFFPrintsAsTrueType converts f1040.pdf (Helvetica Neue and
// Times subsets, bare CFF): Chromium prints the template's web fonts as
// embedded TrueType fonts, none as Type 3 glyphs, as pdffonts lists them.
func TestEmbeddedCFFPrintsAsTrueType(t *testing.T) {
	_, _, out, _ := convertFile(t, filepath.Join("testdata", "corpus", "f1040.pdf"))
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	list, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	trueType := 0
	for _, line := range strings.Split(string(list), "\n") {
		if strings.Contains(line, "Type 3") {
			t.Errorf("a font prints as Type 3 glyphs: %s", line)
		}
		if strings.Contains(line, "+pdf-") && strings.Contains(line, "TrueType") {
			trueType++
		}
	}
	if trueType < 5 {
		t.Errorf("%d web fonts embedded as TrueType, want the 5 or more CFF subsets:\n%s", trueType, list)
	}
}

// TestGlyfOutlinesMatchCFF rebuilds acroforms2.pdf's embedded CFF fonts
// both ways, as OpenType-CFF and as TrueType, and rasterizes each glyph
// of both at 200 pixels per em: they cover the same pixels (within the
// quadratic approximation and the rounding to font units) and advance
// alike.
func TestGlyfOutlinesMatchCFF(t *testing.T) {
	doc := extractFile(t, "acroforms2.pdf")
	checked := 0
	for _, pf := range doc.Fonts.order {
		cf, ok := pf.font.(*cffFont)
		if !ok || pf.builtin || pf.metrics == nil {
			continue
		}
		uni := pf.metrics.uni
		otf, _ := cf.rebuild("pdf-test", uni, nil, false, false)
		cff, err := sfnt.Parse(otf)
		if err != nil {
			t.Fatal(err)
		}
		ttf, err := sfnt.Parse(cf.rebuildGlyf("pdf-test", uni, nil, false, false))
		if err != nil {
			t.Fatalf("the TrueType rebuild does not parse: %v", err)
		}
		for r, g := range uni {
			a, aAdv := rasterGlyph(t, cff, sfnt.GlyphIndex(g))
			b, bAdv := rasterGlyph(t, ttf, sfnt.GlyphIndex(g))
			if aAdv != bAdv {
				t.Errorf("%q: advance %v as CFF, %v as TrueType", r, aAdv, bAdv)
			}
			ink, diff := 0, 0
			for i := range a.Pix {
				ink += int(a.Pix[i])
				d := int(a.Pix[i]) - int(b.Pix[i])
				diff += max(d, -d)
			}
			if ink > 0 && float64(diff) > 0.02*float64(ink) {
				t.Errorf("%q: the TrueType glyph differs from the CFF one by %.1f %% of its ink", r, 100*float64(diff)/float64(ink))
			}
			checked++
		}
	}
	if checked < 50 {
		t.Errorf("%d glyphs compared, want acroforms2's CFF subsets' glyphs", checked)
	}
}

// rasterGlyph draws glyph g of f at 200 pixels per em, its origin at
// (100, 300) of a 400 by 400 coverage image.
func rasterGlyph(t *testing.T, f *sfnt.Font, g sfnt.GlyphIndex) (*image.Alpha, fixed.Int26_6) {
	t.Helper()
	var buf sfnt.Buffer
	ppem := fixed.I(200)
	segs, err := f.LoadGlyph(&buf, g, ppem, nil)
	if err != nil {
		t.Fatalf("glyph %d: %v", g, err)
	}
	adv, err := f.GlyphAdvance(&buf, g, ppem, font.HintingNone)
	if err != nil {
		t.Fatal(err)
	}
	z := vector.NewRasterizer(400, 400)
	pt := func(p fixed.Point26_6) (float32, float32) {
		return 100 + float32(p.X)/64, 300 + float32(p.Y)/64
	}
	for _, s := range segs {
		x0, y0 := pt(s.Args[0])
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			z.MoveTo(x0, y0)
		case sfnt.SegmentOpLineTo:
			z.LineTo(x0, y0)
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(s.Args[1])
			z.QuadTo(x0, y0, x1, y1)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(s.Args[1])
			x2, y2 := pt(s.Args[2])
			z.CubeTo(x0, y0, x1, y1, x2, y2)
		}
	}
	z.ClosePath()
	img := image.NewAlpha(image.Rect(0, 0, 400, 400))
	z.Draw(img, img.Bounds(), image.Opaque, image.Point{})
	return img, adv
}

// A glyph past glyf's 16-bit coordinates, or an accented one (endchar
// with seac's four operands, which the outline does not draw), keeps
// the font CFF: rebuildGlyf gives nil and webFont the OpenType one.
func TestGlyfFallsBackToCFF(t *testing.T) {
	big := func(v int) []byte { return []byte{28, byte(uint16(int16(v)) >> 8), byte(uint16(int16(v)))} }
	wide := append([]byte{139, 139, 21}, big(30000)...)
	wide = append(append(append(wide, 139, 5), big(30000)...), 139, 5, 139, 239, 5, 14)
	seac := []byte{139, 139, 139 + 65, 139 + 60, 14} // adx ady bchar achar endchar
	for name, cs := range map[string][]byte{"coordinates past 16 bits": wide, "seac": seac} {
		f, err := parseCFF(testCFF(cs))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		uni := map[rune]int{'A': 1}
		if b := f.rebuildGlyf("pdf-test", uni, nil, false, false); b != nil {
			t.Errorf("%s: rebuilt as glyf", name)
		}
		pf := &pdfFont{font: f}
		if _, format := pf.webFont("pdf-test", uni); format == "truetype" {
			t.Errorf("%s: web font is %s, want the CFF one", name, format)
		}
	}
	f, err := parseCFF(testCFF([]byte{139, 139, 21, 239, 139, 5, 139, 239, 5, 14}))
	if err != nil || f.rebuildGlyf("pdf-test", map[rune]int{'A': 1}, nil, false, false) == nil {
		t.Errorf("a small triangle is not rebuilt as glyf (%v)", err)
	}
}
