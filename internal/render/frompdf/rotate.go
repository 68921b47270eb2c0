package frompdf

import (
	"fmt"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// pageTransform maps PDF page space (y up) to the model's space: the
// visible page (the crop box) as displayed, /Rotate applied, origin at
// its top-left corner, y down.
type pageTransform struct {
	ox, oy float64 // the crop box's lower-left corner in page space
	w, h   float64 // the crop box's size before rotation
	rot    int     // quarter turns clockwise (/Rotate 90 = 1)
}

// newPageTransform reads the crop box (the media box when there is none)
// and the rotation of page; width and height are the displayed size.
func newPageTransform(p pdfium.Pdfium, page requests.Page, width, height float64) pageTransform {
	tf := pageTransform{w: width, h: height}
	if r, err := p.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: page}); err == nil {
		tf.rot = int(r.PageRotation) & 3
	}
	if tf.rot%2 == 1 {
		tf.w, tf.h = height, width
	}
	if cb, err := p.FPDFPage_GetCropBox(&requests.FPDFPage_GetCropBox{Page: page}); err == nil {
		tf.ox, tf.oy = float64(min(cb.Left, cb.Right)), float64(min(cb.Bottom, cb.Top))
	} else if mb, err := p.FPDFPage_GetMediaBox(&requests.FPDFPage_GetMediaBox{Page: page}); err == nil {
		tf.ox, tf.oy = float64(min(mb.Left, mb.Right)), float64(min(mb.Bottom, mb.Top))
	}
	return tf
}

func (t pageTransform) point(x, y float64) (float64, float64) {
	x, y = x-t.ox, t.h-(y-t.oy)
	switch t.rot {
	case 1:
		return t.h - y, x
	case 2:
		return t.w - x, t.h - y
	case 3:
		return y, t.w - x
	}
	return x, y
}

// rect maps a page-space rectangle to model space: left, top, width,
// height.
func (t pageTransform) rect(l, b, r, top float64) (x, y, w, h float64) {
	x0, y0 := t.point(l, b)
	x1, y1 := t.point(r, top)
	return math.Min(x0, x1), math.Min(y0, y1), math.Abs(x1 - x0), math.Abs(y1 - y0)
}

// xRange is the horizontal extent, in model space, of a page-space box.
func (t pageTransform) xRange(l, b, r, top float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range [][2]float64{{l, b}, {l, top}, {r, b}, {r, top}} {
		x, _ := t.point(c[0], c[1])
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// vector maps a direction in page space (y up) to model space (y down).
func (t pageTransform) vector(x, y float64) (float64, float64) {
	x0, y0 := t.point(0, 0)
	x1, y1 := t.point(x, y)
	return x1 - x0, y1 - y0
}

// glyphMatrix turns a char's matrix (a b c d: its text matrix and the
// graphics state's, as PDFium gives it) into the CSS matrix that draws a
// run set upright in the direction it has on the displayed page (the
// page's /Rotate applied): rotation, skew and horizontal scaling, the
// font size left out. turned is false for upright text, drawn without a
// transform as before.
func glyphMatrix(a, b, c, d float64, tf pageTransform) (css [4]float64, turned bool) {
	s := math.Hypot(c, d)
	if s < 1e-6 {
		return [4]float64{1, 0, 0, 1}, false
	}
	if a < 0 && d < 0 && math.Abs(b) < 0.01*s && math.Abs(c) < 0.01*s {
		// Upside down in page space: producers that flip their (Type 3)
		// glyphs and then the text back (paclitaxel.pdf) give this matrix
		// for text that shows upright, as PDFium does not count the font
		// matrix. Taken as upright; a /Rotate 180 page still turns it.
		a, d = -a, -d
	}
	// The glyph's x axis, and its y axis negated (CSS's y is down).
	ax, ay := tf.vector(a/s, b/s)
	cx, cy := tf.vector(-c/s, -d/s)
	css = [4]float64{ax, ay, cx, cy}
	const eps = 0.01
	upright := ax > 0 && math.Abs(ay) < eps*ax && math.Abs(cx) < eps && math.Abs(cy-1) < eps
	return css, !upright
}

// splitSideways separates the characters that are not upright (sideways,
// upside down, skewed); line breaks and generated spaces go with both.
func splitSideways(chars []char) (upright, turned []char) {
	for _, c := range chars {
		switch {
		case c.r == '\n' || c.generated:
			upright = append(upright, c)
			turned = append(turned, c)
		case c.turned:
			turned = append(turned, c)
		default:
			upright = append(upright, c)
		}
	}
	return upright, turned
}

// groupSideways joins sideways characters into runs: same direction and
// style, each one's origin following the previous one along the line.
// A run's X and Baseline are its first character's origin; W is its
// length along the line.
func groupSideways(chars []char) []Run {
	var runs []Run
	var cur *Run
	var b strings.Builder
	var dx, dy, lastX, lastY float64 // direction; last origin
	space := false
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSpace(b.String())
			if cur.Text != "" {
				runs = append(runs, *cur)
			}
		}
		cur, space = nil, false
		b.Reset()
	}
	for _, c := range chars {
		if c.r == '\n' || c.generated || c.r == ' ' || c.r == '\u00a0' {
			space = cur != nil
			continue
		}
		if cur != nil {
			// Along and across the line from the last origin.
			vx, vy := c.originX-lastX, c.baseline-lastY
			along, across := vx*dx+vy*dy, -vx*dy+vy*dx
			same := c.css == cur.Matrix && c.font == cur.Font && math.Abs(c.size-cur.Size) < 0.05 &&
				c.color == cur.Color && c.invisible == cur.Invisible
			if !same || math.Abs(across) > 0.25*cur.Size || along < -0.1*cur.Size || along > 2*cur.Size {
				flush()
			} else if space || along > 0.9*cur.Size {
				b.WriteByte(' ')
			}
		}
		if cur == nil {
			cur = &Run{X: c.originX, Baseline: c.baseline, Size: c.size, Font: c.font, Color: c.color, Invisible: c.invisible, Matrix: c.css}
			n := math.Max(math.Hypot(c.css[0], c.css[1]), 1e-6)
			dx, dy = c.css[0]/n, c.css[1]/n
		}
		b.WriteRune(c.r)
		space = false
		lastX, lastY = c.originX, c.baseline
		cur.W = (lastX-cur.X)*dx + (lastY-cur.Baseline)*dy + 0.5*c.size
	}
	flush()
	return runs
}

// turnStyle turns a run that is not upright about its baseline origin.
func turnStyle(r Run) string {
	if !r.Turned() {
		return ""
	}
	m := r.Matrix
	return fmt.Sprintf(" transform-origin: 0 %spt; transform: matrix(%s, %s, %s, %s, 0, 0);", num(baselineOffset(r.Font)*r.Size), num3(m[0]), num3(m[1]), num3(m[2]), num3(m[3]))
}

// Turned reports whether the run is drawn with a transform.
func (r Run) Turned() bool { return r.Matrix != [4]float64{} }
