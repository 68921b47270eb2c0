package frompdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestRebuiltFontMapsUnicode rebuilds an installed TrueType font with a
// cmap of a few characters, as a PDF's subset is rebuilt, and reads it
// back: the characters reach their glyphs, the others are missing (so
// the browser falls back to the next family).
func TestRebuiltFontMapsUnicode(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fontDir, "liberation", "LiberationSerif-Regular.ttf"))
	if err != nil {
		t.Fatalf("fonts-liberation: %v", err)
	}
	tt, err := parseTrueType(b)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := sfnt.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	uni := map[rune]int{}
	for _, r := range "Walden 1854" {
		g, err := orig.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			t.Fatalf("%q: no glyph", r)
		}
		uni[r] = int(g)
	}
	out, _ := tt.rebuild("pdf-test", uni, nil, false, false)
	re, err := sfnt.Parse(out)
	if err != nil {
		t.Fatalf("the rebuilt font does not parse: %v", err)
	}
	for r, want := range uni {
		if g, err := re.GlyphIndex(&buf, r); err != nil || int(g) != want {
			t.Errorf("%q: glyph %d, want %d (%v)", r, g, want, err)
		}
	}
	if g, _ := re.GlyphIndex(&buf, 'x'); g != 0 {
		t.Errorf("'x' was not asked for but has glyph %d", g)
	}
	if name, err := re.Name(&buf, sfnt.NameIDFamily); err != nil || name != "pdf-test" {
		t.Errorf("family %q (%v), want pdf-test", name, err)
	}
	if _, err := parseTrueType([]byte("OTTO\x00\x00\x00\x00\x00\x00\x00\x00")); err == nil {
		t.Error("a CFF font was taken as TrueType")
	}
}

// TestEmbeddedFontsInTemplate converts walden.pdf (Georgia and Arial
// subsets, MacRoman codes): its fonts become @font-face rules ahead of
// the web-safe family, Chromium embeds them in the printed PDF and the
// template is the same byte for byte on a second conversion.
func TestEmbeddedFontsInTemplate(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "walden.pdf")
	res, _, out, _ := convertFile(t, path)
	html := res.HTML
	if n := strings.Count(html, "@font-face"); n < 2 {
		t.Fatalf("%d @font-face rules, want the Georgia and Arial subsets", n)
	}
	if !strings.Contains(html, `font-family: "pdf-`) || !strings.Contains(html, `"Liberation Serif", "Times New Roman"`) {
		t.Error("the embedded family is not followed by the web-safe stack")
	}
	if len(html) > 1<<20 {
		t.Errorf("template of %d bytes: the fonts' budget is not kept", len(html))
	}
	if !bytes.Contains(out, []byte("+pdf-")) {
		t.Error("the printed PDF does not use the embedded fonts")
	}
	again, _, _, _ := convertFile(t, path)
	if again.HTML != html {
		t.Error("two conversions of the same PDF differ")
	}
}
