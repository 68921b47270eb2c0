package frompdf

import (
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fontDir is where Debian's fonts-liberation and fonts-dejavu-core put
// the families the templates name (Chromium renders with them too).
var fontDir = "/usr/share/fonts/truetype"

var (
	metricsMu sync.Mutex
	metrics   = map[string]*sfnt.Font{} // file -> font (nil: missing)
)

// fontFile names the TrueType file of the web family f maps to.
func fontFile(f Font) string {
	style := "Regular"
	switch {
	case f.Bold && f.Italic:
		style = "BoldItalic"
	case f.Bold:
		style = "Bold"
	case f.Italic:
		style = "Italic"
	}
	g := f.Generic
	switch {
	case strings.Contains(g, "DejaVu"):
		name := "DejaVuSans"
		if strings.Contains(g, "Mono") {
			name = "DejaVuSansMono"
		} else if strings.Contains(g, "Serif") {
			name = "DejaVuSerif"
		}
		dv := map[string]string{"Regular": "", "Bold": "-Bold", "Italic": "-Oblique", "BoldItalic": "-BoldOblique"}[style]
		if name == "DejaVuSerif" {
			dv = map[string]string{"Regular": "", "Bold": "-Bold", "Italic": "-Italic", "BoldItalic": "-BoldItalic"}[style]
		}
		return fontDir + "/dejavu/" + name + dv + ".ttf"
	case strings.Contains(g, "Mono"):
		return fontDir + "/liberation/LiberationMono-" + style + ".ttf"
	case strings.Contains(g, "Narrow"):
		return fontDir + "/liberation/LiberationSansNarrow-" + style + ".ttf"
	case strings.Contains(g, "Serif"):
		return fontDir + "/liberation/LiberationSerif-" + style + ".ttf"
	default:
		return fontDir + "/liberation/LiberationSans-" + style + ".ttf"
	}
}

func loadMetrics(file string) *sfnt.Font {
	metricsMu.Lock()
	defer metricsMu.Unlock()
	if f, ok := metrics[file]; ok {
		return f
	}
	var f *sfnt.Font
	if b, err := os.ReadFile(file); err == nil {
		f, _ = sfnt.Parse(b)
	}
	metrics[file] = f
	return f
}

// textWidth is the width of s in points in the web font f maps to, at
// size; ok is false when the font is not installed or lacks a glyph.
func textWidth(s string, f Font, size float64) (w float64, ok bool) {
	w, _, ok = measure(s, f, size)
	return w, ok
}

// measure is the width of s in points in the web font f maps to, at
// size, and the sum of its letter pairs' kerning from the font's kern
// table (a pair the table lacks is not kerned); ok is false when the
// font is not installed or lacks a glyph.
func measure(s string, f Font, size float64) (w, kern float64, ok bool) {
	ft := loadMetrics(fontFile(f))
	if ft == nil {
		return 0, 0, false
	}
	var buf sfnt.Buffer
	upem := fixed.Int26_6(ft.UnitsPerEm())
	total, kerned := 0, 0
	var prev sfnt.GlyphIndex
	web, webKerned := 0.0, 0.0 // ems drawn by the embedded font, and its kerning (webkern.go)
	prevRune := rune(-1)
	for i, r := range []rune(s) {
		if adv, ok := webAdvance(f, r); ok {
			web += adv
			webKerned += webKern(f, prevRune, r)
			prev, prevRune = 0, r
			continue
		}
		prevRune = -1
		idx, err := ft.GlyphIndex(&buf, r)
		if err != nil || idx == 0 {
			return 0, 0, false
		}
		adv, err := ft.GlyphAdvance(&buf, idx, upem, font.HintingNone)
		if err != nil {
			return 0, 0, false
		}
		total += int(adv)
		if i > 0 && prev != 0 {
			if k, err := ft.Kern(&buf, prev, idx, upem, font.HintingNone); err == nil {
				kerned += int(k)
			}
		}
		prev = idx
	}
	scale := size / float64(upem)
	return float64(total)*scale + web*size, float64(kerned)*scale + webKerned*size, true
}
