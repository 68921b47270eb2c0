package frompdf

import (
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// char is one character of the text layer, in model space.
type char struct {
	r         rune
	generated bool
	left      float64
	right     float64
	originX   float64
	baseline  float64
	size      float64
	font      Font
	color     string
	angle     float64
	invisible bool
	css       [4]float64 // glyph direction as a CSS matrix (see glyphMatrix)
	turned    bool       // not upright on the displayed page
}

func readChars(p pdfium.Pdfium, page requests.Page, tf pageTransform, reg *fontRegistry) ([]char, error) {
	tp, err := p.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, err
	}
	defer p.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := p.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, err
	}
	fonts := map[string]Font{}
	modes := renderModes{}
	chars := make([]char, 0, n.Count)
	for i := 0; i < n.Count; i++ {
		u, err := p.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			continue
		}
		c := char{r: rune(u.Unicode)}
		if c.r == 2 {
			// PDFium reports a hyphen ending a line as U+0002 (a break it
			// takes for a soft hyphen); the page draws a hyphen.
			c.r = '-'
		}
		if gen, err := p.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp.TextPage, Index: i}); err == nil {
			c.generated = gen.IsGenerated
		}
		if c.r == '\r' || c.r == '\n' || c.r == 0 || c.r == 0xFFFE {
			c.r = '\n'
			chars = append(chars, c)
			continue
		}
		if c.generated {
			chars = append(chars, c)
			continue
		}
		if box, err := p.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i}); err == nil {
			c.left, c.right = tf.xRange(float64(box.Rect.Left), float64(box.Rect.Bottom), float64(box.Rect.Right), float64(box.Rect.Top))
		}
		if o, err := p.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: i}); err == nil {
			c.originX, c.baseline = tf.point(o.X, o.Y)
		}
		if s, err := p.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: i}); err == nil {
			c.size = math.Abs(s.FontSize)
		}
		if m, err := p.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp.TextPage, Index: i}); err == nil {
			// The effective size includes the text matrix's scale.
			scale := math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D))
			if scale > 0.01 && math.Abs(scale-1) > 0.001 {
				c.size *= scale
			}
			c.css, c.turned = glyphMatrix(float64(m.Matrix.A), float64(m.Matrix.B), float64(m.Matrix.C), float64(m.Matrix.D), tf)
			c.angle = math.Atan2(-c.css[1], c.css[0])
		}
		if fi, err := p.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp.TextPage, Index: i}); err == nil {
			weight := 400
			if w, err := p.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: tp.TextPage, Index: i}); err == nil {
				weight = w.FontWeight
			}
			key := fi.FontName + "|" + string(rune(fi.Flags)) + "|" + string(rune(weight))
			f, ok := fonts[key]
			if !ok {
				f = mapFont(fi.FontName, fi.Flags, weight)
				f.Web = reg.lookup(p, tp.TextPage, i, fi.FontName, f)
				fonts[key] = f
			}
			c.font = f
		}
		c.invisible = modes.invisible(p, tp.TextPage, i)
		if col, err := p.FPDFText_GetFillColor(&requests.FPDFText_GetFillColor{TextPage: tp.TextPage, Index: i}); err == nil {
			c.color = cssColor(col.R, col.G, col.B, 255)
		}
		reg.observe(p, tp.TextPage, i, c, tf)
		chars = append(chars, c)
	}
	return chars, nil
}

// groupRuns joins characters into runs: same baseline and style, no wide
// gap. Wide gaps split runs so table columns stay apart.
func groupRuns(chars []char) []Run {
	var runs []Run
	var cur *Run
	var b strings.Builder
	var lastRight, gaps float64
	var nGaps int
	flush := func() {
		if cur != nil {
			if nGaps > 0 {
				// Justified text spreads words: keep its spacing.
				cur.WordSpacing = gaps/float64(nGaps) - spaceAdvance(cur.Font)*cur.Size
			}
			cur.Text = strings.TrimRight(b.String(), " ")
			if strings.TrimSpace(cur.Text) != "" {
				runs = append(runs, *cur)
			}
		}
		cur = nil
		b.Reset()
		gaps, nGaps = 0, 0
	}
	// A space PDFium inserted (not in the PDF) over a wide gap separates
	// cells; a real space keeps words together.
	pendingSpace, generatedSpace := false, false
	var prev char
	for _, c := range chars {
		if c.r == '\n' {
			flush()
			pendingSpace = false
			continue
		}
		if cur != nil && ligaturePart(prev, c, lastRight) {
			// The second letter of a ligature (ﬁ → f, i) shares the
			// glyph's box, and a space drawn inside a glyph is no gap.
			if c.r != ' ' {
				b.WriteRune(c.r)
			}
			continue
		}
		if c.generated || c.r == ' ' || c.r == '\u00a0' {
			pendingSpace = cur != nil
			generatedSpace = c.generated
			continue
		}
		// Some producers flip both the page and the text (PDFium then
		// reports π for upright text): only sideways text is set apart.
		if math.Abs(math.Sin(c.angle)) > 0.01 {
			// Rotated text is rare in templates; keep it as a run of its own.
			flush()
		}
		if cur != nil {
			sameLine := math.Abs(c.baseline-cur.Baseline) < 0.25*cur.Size
			sameStyle := c.font == cur.Font && math.Abs(c.size-cur.Size) < 0.05 && c.color == cur.Color && c.invisible == cur.Invisible
			gap := c.left - lastRight
			cellGap := gap > 1.5*cur.Size || (pendingSpace && generatedSpace && gap > 0.6*cur.Size)
			if !sameLine || !sameStyle || cellGap || gap < -0.5*cur.Size {
				flush()
			} else if pendingSpace || gap > 0.2*cur.Size {
				n := spacesIn(gap, cur.Font, cur.Size)
				b.WriteString(strings.Repeat(" ", n))
				gaps += gap
				nGaps += n
			}
		}
		if cur == nil {
			lastRight = c.right
			x := c.left
			if c.originX > 0 && math.Abs(c.originX-c.left) < c.size {
				x = c.originX
			}
			cur = &Run{X: x, Baseline: c.baseline, Size: c.size, Font: c.font, Color: c.color, Invisible: c.invisible}
		}
		pendingSpace, generatedSpace = false, false
		prev = c
		b.WriteRune(c.r)
		lastRight = math.Max(lastRight, c.right)
		cur.W = lastRight - cur.X
	}
	flush()
	return runs
}

// spacesIn is how many spaces a gap between words is written as: one,
// or as many as fill a gap twice a space or wider (a tab, "c.  for" in a
// table of contents), so the gaps of a run keep their proportions when
// its word spacing is one average (white-space: pre keeps them).
func spacesIn(gap float64, f Font, size float64) int {
	space := spaceAdvance(f) * size
	if space <= 0 || gap < 1.75*space {
		return 1
	}
	return min(int(math.Round(gap/space)), 8)
}

// spaceAdvance is the width of a space, in ems, in the web family a font
// maps to.
func spaceAdvance(f Font) float64 {
	if adv, ok := webAdvance(f, ' '); ok {
		return adv
	}
	switch {
	case strings.Contains(f.Generic, "Mono"):
		return 0.6
	case strings.Contains(f.Generic, "DejaVu"):
		return 0.318
	case strings.Contains(f.Generic, "Narrow"):
		return 0.228
	case strings.Contains(f.Generic, "Serif"):
		return 0.25
	default:
		return 0.278
	}
}
