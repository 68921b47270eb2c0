package frompdf

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/text/encoding/charmap"
)

// The PDF's own TrueType and CFF fonts are embedded in the template as
// web fonts (@font-face with a data: URI), ahead of the web-safe family:
// the text then has the PDF's glyph shapes and widths. Subsets hold only
// the glyphs the PDF used; a character the font lacks (a longer value)
// is drawn by the next family of the stack. A font is used only when its
// glyphs for the characters read are found and have the widths the PDF
// gave them (a subset whose codes cannot be tied to Unicode is left
// out). CFF fonts are wrapped as OpenType fonts (cffwrap.go; Chromium
// prints their glyphs as Type 3 procedures); Type 1 fonts are not used
// (browsers do not take them). A font the PDF does not embed (the
// standard 14: Times, Helvetica) is the one PDFium draws it with, its
// built-in CFF font: the same checks tie its glyphs to the characters
// (by glyph name) and to the PDF's widths, and the text is drawn as a
// reader built on PDFium shows it (Liberation's strokes are heavier).

// maxWebFontBytes bounds the fonts' data URIs in one template, so it
// stays well under the default template size limit (2 MiB); fonts past
// it keep the web-safe family.
const maxWebFontBytes = 900 << 10

// widthTolerance is how far, in ems, a glyph's advance may be from the
// width the PDF gives the character.
const widthTolerance = 0.015

// boxTolerance is how far, in ems, a glyph's outline box may be from
// the one PDFium reports (it rounds to a thousandth of an em).
const boxTolerance = 0.002

// embeddedFont is a font program embedded in the PDF that can be rebuilt
// as a web font: a TrueType font (sfnt.go) or a CFF one (cff.go).
type embeddedFont interface {
	glyphCount() int
	unitsPerEm() int
	advance(g int) int         // in font units
	bbox(g int) ([4]int, bool) // outline box: xMin, yMin, xMax, yMax
	drawn(g int) bool          // the glyph has an outline
	// glyphsOf are the glyphs the font's own map ties to r: its cmap
	// (through the character's usual codes) or its glyph names.
	glyphsOf(r rune) []int
	// rebuild writes the web font of the glyphs of uni, named family, with
	// the kern table kern (nil: none), and its CSS format ("truetype",
	// "opentype").
	rebuild(family string, uni map[rune]int, kern []byte, bold, italic bool) ([]byte, string)
}

// pdfFont is an embedded font seen while reading the text.
type pdfFont struct {
	id           string // provisional family, until finalize
	font         embeddedFont
	data         []byte // the font program as embedded
	builtin      bool   // not embedded: data is the font PDFium draws it with
	bold, italic bool
	widths       map[rune][]float64       // advances the PDF gives, in ems
	boxes        map[rune][]inkBox        // the glyph's box PDFium reports, with each width
	family       string                   // final family ("" = not used)
	faceURI      string                   // the rebuilt font as a data: URI
	format       string                   // its CSS format
	metrics      *webMetrics              // its glyphs' advances, for measuring runs
	firstUse     map[rune]int             // the order characters were first drawn in
	pairs        map[[2]rune][]pairSample // letter pairs as drawn
	kerning      map[[2]rune]float64      // the pairs' kerning, in ems (from pairs)
}

// fontRegistry collects the document's embedded fonts.
type fontRegistry struct {
	byName map[string]*pdfFont // PDF font name -> font (nil: not usable)
	byID   map[string]*pdfFont
	order  []*pdfFont
	faces  []string // @font-face rules, in order of first use
	prev   *char    // the character observed last, if it can start a letter pair
	// sampled is whether prev's width and box were recorded (a
	// ligature's glyph takes them back: see observe).
	sampled bool
}

func newFontRegistry() *fontRegistry {
	return &fontRegistry{byName: map[string]*pdfFont{}, byID: map[string]*pdfFont{}}
}

// lookup returns the provisional family of the font drawing char index
// of the text page ("" when its program, embedded or PDFium's own, is
// not a TrueType or CFF font).
func (g *fontRegistry) lookup(p pdfium.Pdfium, tp references.FPDF_TEXTPAGE, index int, name string, f Font) string {
	if pf, ok := g.byName[name]; ok {
		if pf == nil {
			return ""
		}
		return pf.id
	}
	g.byName[name] = nil
	if strings.HasPrefix(f.Family, "Liberation") || strings.HasPrefix(f.Family, "DejaVu") {
		return "" // installed where Quire renders: the whole font is there
	}
	obj, err := p.FPDFText_GetTextObject(&requests.FPDFText_GetTextObject{TextPage: tp, Index: index})
	if err != nil {
		return ""
	}
	font, err := p.FPDFTextObj_GetFont(&requests.FPDFTextObj_GetFont{PageObject: obj.TextObject})
	if err != nil {
		return ""
	}
	emb, err := p.FPDFFont_GetIsEmbedded(&requests.FPDFFont_GetIsEmbedded{Font: font.Font})
	if err != nil {
		return ""
	}
	data, err := p.FPDFFont_GetFontData(&requests.FPDFFont_GetFontData{Font: font.Font})
	if err != nil {
		return ""
	}
	ef := parseEmbedded(data.FontData)
	if ef == nil {
		return ""
	}
	pf := &pdfFont{id: fmt.Sprintf("pdf-font-%d", len(g.order)+1), font: ef, data: data.FontData, builtin: !emb.IsEmbedded, bold: f.Bold, italic: f.Italic, widths: map[rune][]float64{}, boxes: map[rune][]inkBox{}, firstUse: map[rune]int{}, pairs: map[[2]rune][]pairSample{}}
	g.byName[name] = pf
	g.byID[pf.id] = pf
	g.order = append(g.order, pf)
	return pf.id
}

// parseEmbedded reads a TrueType font with a cmap, or a CFF font (nil
// when it is neither).
func parseEmbedded(b []byte) embeddedFont {
	if tt, err := parseTrueType(b); err == nil {
		if len(tt.cmaps) == 0 {
			return nil
		}
		return tt
	}
	if cf, err := parseCFF(b); err == nil {
		return cf
	}
	return nil
}

// inkBox is a glyph's outline box in ems from its origin, y up.
type inkBox struct{ xMin, xMax, yMin, yMax float64 }

// observe records the width the PDF gives an upright character (char
// index of the text page) and the box of its glyph, a few times: a
// character drawn narrower (horizontal scaling) has both narrower.
//
// A ligature's glyph (ﬁ, a Th) is reported as its letters, each with
// the glyph's box: it is no letter's glyph, so neither its first letter
// nor the later ones keep its width and box (a subset where T is only
// ever drawn in the Th ligature would show "Thh" for "Th"). A letter
// only ever drawn in ligatures keeps an empty list of widths: it has no
// glyph of its own, and the font is not used (see finalize).
func (g *fontRegistry) observe(p pdfium.Pdfium, tp references.FPDF_TEXTPAGE, index int, c char, tf pageTransform) {
	prev, sampled := g.prev, g.sampled
	g.prev, g.sampled = nil, false
	pf := g.byID[c.font.Web]
	if pf == nil || c.size <= 0 || c.right <= c.left || c.invisible || c.turned || c.generated {
		return
	}
	if prev != nil && prev.font.Web == c.font.Web && c.r != ' ' && ligaturePart(*prev, c, prev.right) {
		if sampled {
			pf.widths[prev.r] = pf.widths[prev.r][:len(pf.widths[prev.r])-1]
			if prev.r != ' ' {
				pf.boxes[prev.r] = pf.boxes[prev.r][:len(pf.boxes[prev.r])-1]
			}
		}
		g.prev = prev
		return
	}
	g.prev = &c
	pf.observePair(prev, c)
	if _, ok := pf.firstUse[c.r]; !ok {
		pf.firstUse[c.r] = len(pf.firstUse)
	}
	ws := pf.widths[c.r]
	if len(ws) >= 16 {
		return
	}
	g.sampled = true
	pf.widths[c.r] = append(ws, (c.right-c.left)/c.size)
	if c.r == ' ' {
		return
	}
	box := inkBox{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	if b, err := p.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: tp, Index: index}); err == nil {
		x0, y0 := tf.point(b.Left, b.Bottom)
		x1, y1 := tf.point(b.Right, b.Top)
		box = inkBox{
			xMin: (math.Min(x0, x1) - c.originX) / c.size, xMax: (math.Max(x0, x1) - c.originX) / c.size,
			yMin: (c.baseline - math.Max(y0, y1)) / c.size, yMax: (c.baseline - math.Min(y0, y1)) / c.size,
		}
	}
	pf.boxes[c.r] = append(pf.boxes[c.r], box)
}

// candidates are the codes a character may have in a font's cmap
// subtable: its Unicode value, or its code in the PDF's usual simple
// encodings (symbolic fonts add 0xF000 in a (3,0) subtable).
func candidates(r rune, platform, encoding int) []int {
	var codes []int
	if platform == 0 || platform == 3 && encoding != 0 {
		return []int{int(r)}
	}
	for _, cm := range []*charmap.Charmap{charmap.Windows1252, charmap.Macintosh} {
		if b, ok := cm.EncodeRune(r); ok {
			codes = append(codes, int(b))
		}
	}
	if platform == 3 {
		symbolic := make([]int, 0, 2*len(codes))
		for _, c := range codes {
			symbolic = append(symbolic, 0xF000+c)
		}
		return append(symbolic, codes...)
	}
	return codes
}

// mappedGlyph is r's glyph through the font's cmap (its code in one of
// the usual encodings) or glyph names, when it has the advance and the
// outline box PDFium reports for r: equal advances alone tie a digit to
// any other digit (0 = none). A subset whose codes or names are the
// producer's own is matched glyph by glyph (assignGlyphs).
func (pf *pdfFont) mappedGlyph(r rune) int {
	for _, gid := range pf.font.glyphsOf(r) {
		if pf.matches(r, gid) {
			return gid
		}
	}
	return 0
}

// glyphFit is a glyph that matches a character, and how far (in ems) its
// outline box is from the one PDFium reports.
type glyphFit struct {
	gid int
	off float64
}

// candidateGlyphs are the glyphs of the font that match r, their box's
// top and bottom within yTol of PDFium's.
func (pf *pdfFont) candidateGlyphs(r rune, yTol float64) []glyphFit {
	var fits []glyphFit
	for gid := 1; gid < pf.font.glyphCount(); gid++ {
		if off, ok := pf.fit(r, gid, yTol); ok {
			fits = append(fits, glyphFit{gid, off})
		}
	}
	return fits
}

// matches reports whether glyph gid has the advance and outline box
// PDFium gave r, in most of the times r was seen; a space has no box.
func (pf *pdfFont) matches(r rune, gid int) bool {
	_, ok := pf.fit(r, gid, boxTolerance)
	return ok
}

// fit reports whether glyph gid has the advance and outline box PDFium
// gave r (its top and bottom within yTol), in most of the times r was
// seen, and how far the box is on average (a space has no box).
func (pf *pdfFont) fit(r rune, gid int, yTol float64) (float64, bool) {
	ws := pf.widths[r]
	if gid <= 0 || gid >= pf.font.glyphCount() || len(ws) == 0 {
		return 0, false
	}
	if r == ' ' && pf.font.drawn(gid) {
		return 0, false
	}
	upem := float64(pf.font.unitsPerEm())
	adv := float64(looseWidth(pf.font, gid)) / upem
	b, drawn := pf.font.bbox(gid)
	boxes := pf.boxes[r]
	match, offs := 0, 0.0
	for i, w := range ws {
		// A run drawn with horizontal scaling (Tz) has its advance and
		// box narrower by the same factor (it keeps the fallback family:
		// see webRunFits).
		scale := 1.0
		if math.Abs(w-adv) > widthTolerance {
			if scale = w / adv; adv <= 0 || scale < minHorizontalScale || scale > 1 {
				continue
			}
		}
		off := 0.0
		if r != ' ' {
			box := boxes[i]
			if !drawn {
				continue
			}
			dx := max(math.Abs(scale*float64(b[0])/upem-box.xMin), math.Abs(scale*float64(b[2])/upem-box.xMax))
			dy := max(math.Abs(float64(b[1])/upem-box.yMin), math.Abs(float64(b[3])/upem-box.yMax))
			if !(dx <= boxTolerance && dy <= yTol) {
				continue
			}
			off = max(dx, dy)
		}
		match++
		offs += off
	}
	if match == 0 || 2*match < len(ws) {
		return 0, false
	}
	return offs / float64(match), true
}

// minHorizontalScale is the narrowest horizontal scaling (Tz) under
// which a glyph is still recognized.
const minHorizontalScale = 0.5

// webRunFits reports whether run r, drawn in the web font f, is no wider
// than in the PDF: a run the PDF drew condensed (horizontal scaling)
// keeps the web-safe family, fitted to its width as before.
func webRunFits(r Run, f Font) bool {
	w, ok := textWidth(r.Text, f, r.Size)
	return !ok || r.W <= 0 || w+float64(strings.Count(r.Text, " "))*r.WordSpacing <= r.W*1.03+0.5
}

// looseWidth is the width, in font units, of the box PDFium gives a
// character: its advance, widened to the outline's left and right ends.
func looseWidth(f embeddedFont, g int) int {
	adv := f.advance(g)
	b, ok := f.bbox(g)
	if !ok {
		return adv
	}
	return max(adv, b[2]) - min(0, b[0])
}

// finalize decides which fonts are used, within the size budget, builds
// them and gives the runs their final families.
func (g *fontRegistry) finalize(pages []*Page) {
	budget := maxWebFontBytes
	for _, pf := range g.order {
		runes := make([]rune, 0, len(pf.widths))
		for r := range pf.widths {
			runes = append(runes, r)
		}
		slices.Sort(runes)
		uni := pf.assignGlyphs(runes)
		found, total := 0, 0
		for _, r := range runes {
			if r != ' ' {
				total++
				if _, ok := uni[r]; ok {
					found++
				}
			}
		}
		if total == 0 || found < total {
			// A word drawn partly in the fallback family looks worse than
			// one drawn wholly in it.
			continue
		}
		if pf.builtin {
			pf.addCharset(uni)
		}
		family := pf.familyName(uni)
		pf.kerning = pf.measureKerning(uni)
		data, format := pf.webFont(family, uni)
		mime := "font/ttf"
		if format == "opentype" {
			mime = "font/otf"
		}
		uri := "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)
		if len(uri) > budget {
			continue
		}
		budget -= len(uri)
		pf.family, pf.format, pf.faceURI = family, format, uri
		pf.metrics = &webMetrics{font: pf.font, uni: uni, kerning: pf.kerning}
	}
	for _, p := range pages {
		for i := range p.Runs {
			r := &p.Runs[i]
			pf := g.byID[r.Font.Web]
			if pf == nil {
				continue
			}
			old := r.Font
			r.Font.Web, r.Font.metrics = pf.family, pf.metrics
			// A CFF web font prints as Type 3 glyphs, which text extraction
			// reads back to front when turned (TestRotatedText): turned
			// runs keep the web-safe family.
			if pf.family != "" && (!webRunFits(*r, r.Font) || pf.format == "opentype" && r.Turned()) {
				r.Font.Web, r.Font.metrics = "", nil
			}
			if r.WordSpacing != 0 {
				// Measured against the web-safe family's space.
				old.Web = ""
				r.WordSpacing -= (spaceAdvance(r.Font) - spaceAdvance(old)) * r.Size
			}
		}
	}
}

// familyName names the web font of pf's glyphs uni after what it is
// built from (the font program, the characters' glyphs, the style): the
// same font gets the same name in every conversion, a different one
// another.
func (pf *pdfFont) familyName(uni map[rune]int) string {
	h := sha256.New()
	h.Write(pf.data)
	runes := make([]rune, 0, len(uni))
	for r := range uni {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	for _, r := range runes {
		fmt.Fprintf(h, "%d:%d;", r, uni[r])
	}
	fmt.Fprintf(h, "%t%t", pf.bold, pf.italic)
	return "pdf-" + hex.EncodeToString(h.Sum(nil)[:6])
}

// faceCSS is the @font-face rules of the fonts used by fonts (in order).
func (g *fontRegistry) faceCSS(used []Font) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, f := range used {
		if f.Web == "" {
			continue
		}
		var pf *pdfFont
		for _, o := range g.order {
			if o.family == f.Web {
				pf = o
			}
		}
		if pf == nil {
			continue
		}
		ascent, descent := webAscent(f)
		weight, style := "normal", "normal"
		if f.Bold {
			weight = "bold"
		}
		if f.Italic {
			style = "italic"
		}
		rule := fmt.Sprintf("@font-face { font-family: %q; font-weight: %s; font-style: %s; ascent-override: %s%%; descent-override: %s%%; line-gap-override: 0%%; src: url(%s) format(%q); }\n",
			f.Web, weight, style, num(ascent*100), num(descent*100), pf.faceURI, pf.format)
		if !seen[rule] {
			seen[rule] = true
			b.WriteString(rule)
		}
	}
	return b.String()
}

// webMetrics is an embedded font's glyphs, for measuring runs. A run's
// Font carries its own (each conversion has its fonts).
type webMetrics struct {
	font    embeddedFont
	uni     map[rune]int
	kerning map[[2]rune]float64
}

// webAdvance is r's advance in ems in f's embedded font (ok false when f
// has none or it lacks r).
func webAdvance(f Font, r rune) (float64, bool) {
	m := f.metrics
	if m == nil {
		return 0, false
	}
	gid, ok := m.uni[r]
	if !ok {
		return 0, false
	}
	return float64(m.font.advance(gid)) / float64(m.font.unitsPerEm()), true
}

// addCharset adds to uni the characters of a whole font (PDFium's own,
// all glyphs named) that the PDF did not draw: a value filled into the
// template is then drawn in the same font as the text around it.
func (pf *pdfFont) addCharset(uni map[rune]int) {
	for _, span := range [][2]rune{{0x20, 0x24F}, {0x2000, 0x2122}, {0xFB00, 0xFB06}} {
		for r := span[0]; r <= span[1]; r++ {
			if _, ok := uni[r]; ok {
				continue
			}
			if gids := pf.font.glyphsOf(r); len(gids) > 0 {
				uni[r] = slices.Min(gids)
			}
		}
	}
}
