package frompdf

import (
	"fmt"
	"math"
	"strings"
)

// minWordGap is the least gap between words, in ems.
const minWordGap = 0.22

// maxOwnPacking is how far (in ems per letter) a run in the PDF's own
// font is packed to the PDF's width: its glyphs are the PDF's, so what
// is left is the PDF's character spacing (Tc) or tracking.
const maxOwnPacking = 0.03

// fitStyle is the CSS that makes a run as wide as in the PDF: its word
// spacing (justified text) and, when the web font's glyphs are narrower
// than the PDF font's, a letter spacing that spreads them to the PDF's
// width. Wider glyphs of a web-safe family are not packed: a negative
// letter spacing, or a transform: scaleX (Chromium then writes the
// page's text glyph by glyph), made PDFium's text extraction of the
// result run words together or break them apart (measured on the
// corpus). A run in the PDF's own font is packed by up to maxOwnPacking:
// its glyphs are the PDF's, the difference is the PDF's tracking
// (adobe-errata 0.932 -> 0.975, acroforms2 0.890 -> 0.908, recall kept).
//
// Kerning follows the PDF: the browser kerns by default, a run the PDF
// set without kerning gets font-kerning: none.
func fitStyle(r Run) string {
	f := fitRun(r)
	style := ""
	if math.Abs(f.ws) >= 0.05 {
		style += fmt.Sprintf(" word-spacing: %spt;", num(f.ws))
	}
	if math.Abs(f.ls) >= 0.01 {
		style += fmt.Sprintf(" letter-spacing: %spt;", num(f.ls))
	}
	if f.noKerning {
		style += " font-kerning: none;"
	}
	return style
}

// fit is how a run is fitted to the PDF's width.
type fit struct {
	ws, ls    float64 // word and letter spacing
	noKerning bool    // the PDF did not kern this run: neither does the browser
	width     float64 // the web font's width of the text, kerned or not (0: unknown)
}

// fitRun fits r: word spacing kept but never below minWordGap, kerning
// as the PDF did it (the run's width is nearer the kerned or the plain
// advances of the web font), and the rest spread as letter spacing.
func fitRun(r Run) fit {
	f := fit{ws: r.WordSpacing}
	spaces := strings.Count(r.Text, " ")
	// Words keep a gap that a reader, and a text extractor, sees: packed
	// letters must not pack the spaces below that.
	minGap := -(spaceAdvance(r.Font) - minWordGap) * r.Size
	if spaces > 0 {
		f.ws = math.Max(f.ws, minGap)
	}
	w, k, ok := measure(r.Text, r.Font, r.Size)
	if !ok {
		return f
	}
	if math.Abs(k) >= 0.3 {
		rest := r.W - float64(spaces)*f.ws
		if math.Abs(rest-w) < math.Abs(rest-w-k) {
			f.noKerning = true
		} else {
			w += k
		}
	}
	f.width = w
	if n := len([]rune(r.Text)); n >= 2 && r.W > 0 && !hasBlank(r) {
		for range 3 {
			residual := r.W - w - float64(spaces)*f.ws
			if math.Abs(residual) < 0.5 {
				break
			}
			f.ls = residual / float64(n-1)
			if f.ls < -maxOwnPacking*r.Size && r.Font.Web != "" || f.ls < 0 && r.Font.Web == "" || f.ls > 0.5*r.Size {
				f.ls = 0 // packing, or a gap the font does not explain
			}
			if spaces == 0 || f.ws+f.ls >= minGap {
				break
			}
			f.ws = minGap - f.ls
		}
	}
	return f
}

// renderedWidth is the width the browser gives r with its fitted
// spacing (r.W when the web font cannot be measured).
func renderedWidth(r Run) float64 {
	f := fitRun(r)
	if f.width == 0 {
		return r.W
	}
	return f.width + float64(strings.Count(r.Text, " "))*f.ws + float64(len([]rune(r.Text)))*f.ls
}

// hasBlank reports whether r holds a blank to fill in, whose width is
// set on its own.
func hasBlank(r Run) bool {
	for _, p := range r.Parts {
		if p.Blank > 0 {
			return true
		}
	}
	return false
}

// narrowGeneric is the stack for sans runs whose PDF font is condensed.
const narrowGeneric = `"Liberation Sans Narrow", "Arial Narrow", "Liberation Sans", Arial, sans-serif`

// narrowIfWider gives a sans run the narrow web family when the regular
// one is wider than the PDF's font (condensed faces such as Helvetica
// Condensed, Myriad, Frutiger): the narrow glyphs, spread by letter
// spacing to the PDF's width, land where the PDF's were, where the wider
// ones would run past the run's end. A Liberation Sans Narrow with the
// same vertical metrics keeps the baseline.
func narrowIfWider(r Run) Run {
	f := r.Font
	if !strings.HasPrefix(f.Generic, `"Liberation Sans"`) || r.W <= 0 || len([]rune(r.Text)) < 2 {
		return r
	}
	w, ok := textWidth(r.Text, f, r.Size)
	if !ok || w+float64(strings.Count(r.Text, " "))*r.WordSpacing <= r.W*1.03+0.5 {
		return r
	}
	narrow := f
	narrow.Generic = narrowGeneric
	if _, ok := textWidth(r.Text, narrow, r.Size); !ok {
		return r
	}
	if r.WordSpacing != 0 {
		// The word spacing was measured against the regular space.
		r.WordSpacing += (spaceAdvance(f) - spaceAdvance(narrow)) * r.Size
	}
	r.Font = narrow
	return r
}
