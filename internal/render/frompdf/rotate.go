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

// xRange is the horizontal extent, in model space, of a page-space box.
func (t pageTransform) xRange(l, b, r, top float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range [][2]float64{{l, b}, {l, top}, {r, b}, {r, top}} {
		x, _ := t.point(c[0], c[1])
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// displayAngle is a char's direction on the displayed page,
// counter-clockwise in radians, from PDFium's char angle (clockwise, as
// on a y-down device, before the page's /Rotate).
func (t pageTransform) displayAngle(angle float64) float64 {
	return math.Remainder(-angle-float64(t.rot)*math.Pi/2, 2*math.Pi)
}

// sideways reports whether text at angle (displayed) is neither upright
// nor upside down: some producers flip both the page and the text, and
// PDFium then reports π for text that shows upright.
func sideways(angle float64) bool { return math.Abs(math.Sin(angle)) > 0.01 }

// splitSideways separates the sideways characters of a page; line breaks
// and generated spaces go with both.
func splitSideways(chars []char) (upright, turned []char) {
	for _, c := range chars {
		switch {
		case c.r == '\n' || c.generated:
			upright = append(upright, c)
			turned = append(turned, c)
		case sideways(c.angle):
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
			same := math.Abs(c.angle-cur.Angle) < 0.01 && c.font == cur.Font && math.Abs(c.size-cur.Size) < 0.05 &&
				c.color == cur.Color && c.invisible == cur.Invisible
			if !same || math.Abs(across) > 0.25*cur.Size || along < -0.1*cur.Size || along > 2*cur.Size {
				flush()
			} else if space || along > 0.9*cur.Size {
				b.WriteByte(' ')
			}
		}
		if cur == nil {
			cur = &Run{X: c.originX, Baseline: c.baseline, Size: c.size, Font: c.font, Color: c.color, Invisible: c.invisible, Angle: c.angle}
			// Model space has y down: a counter-clockwise angle goes up.
			dx, dy = math.Cos(c.angle), -math.Sin(c.angle)
		}
		b.WriteRune(c.r)
		space = false
		lastX, lastY = c.originX, c.baseline
		cur.W = (lastX-cur.X)*dx + (lastY-cur.Baseline)*dy + 0.5*c.size
	}
	flush()
	return runs
}

// turnStyle rotates a sideways run about its baseline origin.
func turnStyle(r Run) string {
	if r.Angle == 0 {
		return ""
	}
	deg := -r.Angle * 180 / math.Pi // CSS turns clockwise
	return fmt.Sprintf(" transform-origin: 0 %spt; transform: rotate(%sdeg);", num(baselineOffset(r.Font)*r.Size), num(deg))
}
