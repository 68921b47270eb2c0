package frompdf

import (
	"encoding/binary"
	"math"

	"github.com/quirehq/quire/internal/render/sfntfile"
)

// Chromium prints an OpenType-CFF web font as Type 3 glyphs (filled
// paths), a TrueType one as an embedded TrueType font, and PDFium
// rasterizes the two differently at low resolution. An embedded CFF
// font's text printed as a TrueType font lands closer to the original's
// (corpus SSIM at 72 dpi: acroforms2 0.854 -> 0.864, f1040 0.957 ->
// 0.964, adobe-errata 0.930 -> 0.932), so rebuildGlyf writes a CFF
// font's outlines as TrueType glyf contours, each cubic curve
// approximated by quadratic ones within glyfTolerance font units.
//
// PDFium's own fonts, drawing a PDF's non-embedded standard-14 fonts,
// stay CFF: the original's text in them is drawn about half a pixel
// above either rendition, and further from the TrueType one
// (paclitaxel 0.833 with CFF, 0.798 with glyf).

const glyfTolerance = 0.5

type outlinePoint struct {
	x, y float64
	on   bool
}

// cubicOutline collects a charstring's contours as quadratic points.
type cubicOutline struct {
	contours [][]outlinePoint
}

func (o *cubicOutline) moveTo(x, y float64) {
	o.contours = append(o.contours, []outlinePoint{{x, y, true}})
}

func (o *cubicOutline) last() *[]outlinePoint {
	if len(o.contours) == 0 {
		o.moveTo(0, 0)
	}
	return &o.contours[len(o.contours)-1]
}

func (o *cubicOutline) lineTo(x, y float64) {
	c := o.last()
	*c = append(*c, outlinePoint{x, y, true})
}

func (o *cubicOutline) cubicTo(x1, y1, x2, y2, x3, y3 float64) {
	c := o.last()
	p := (*c)[len(*c)-1]
	*c = appendQuadratics(*c, [4][2]float64{{p.x, p.y}, {x1, y1}, {x2, y2}, {x3, y3}}, 0)
}

// appendQuadratics appends quadratic curves (off point, on point)
// approximating the cubic b, halving it until one quadratic is within
// glyfTolerance: the distance between a cubic and the quadratic with
// control point (3(b1+b2)-(b0+b3))/4 is at most √3/36·|b3-3b2+3b1-b0|.
func appendQuadratics(pts []outlinePoint, b [4][2]float64, depth int) []outlinePoint {
	dx := b[3][0] - 3*b[2][0] + 3*b[1][0] - b[0][0]
	dy := b[3][1] - 3*b[2][1] + 3*b[1][1] - b[0][1]
	if depth >= 8 || math.Sqrt(3)/36*math.Hypot(dx, dy) <= glyfTolerance {
		qx := (3*(b[1][0]+b[2][0]) - b[0][0] - b[3][0]) / 4
		qy := (3*(b[1][1]+b[2][1]) - b[0][1] - b[3][1]) / 4
		return append(pts, outlinePoint{qx, qy, false}, outlinePoint{b[3][0], b[3][1], true})
	}
	mid := func(p, q [2]float64) [2]float64 { return [2]float64{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2} }
	ab, bc, cd := mid(b[0], b[1]), mid(b[1], b[2]), mid(b[2], b[3])
	abc, bcd := mid(ab, bc), mid(bc, cd)
	m := mid(abc, bcd)
	pts = appendQuadratics(pts, [4][2]float64{b[0], ab, abc, m}, depth+1)
	return appendQuadratics(pts, [4][2]float64{m, bcd, cd, b[3]}, depth+1)
}

// glyfContours rounds the outline to font units and turns it clockwise
// (TrueType's outer direction; CFF's is counter-clockwise), dropping a
// closing point that repeats the first and empty contours.
func (o *cubicOutline) glyfContours() [][]glyfPoint {
	var out [][]glyfPoint
	for _, c := range o.contours {
		pts := make([]glyfPoint, 0, len(c))
		for _, p := range c {
			q := glyfPoint{int(math.Round(p.x)), int(math.Round(p.y)), p.on}
			if n := len(pts); n > 0 && pts[n-1] == q {
				continue
			}
			pts = append(pts, q)
		}
		if n := len(pts); n > 1 && pts[n-1].x == pts[0].x && pts[n-1].y == pts[0].y && pts[n-1].on {
			pts = pts[:n-1]
		}
		if len(pts) < 2 {
			continue
		}
		for i, j := 1, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
		out = append(out, pts)
	}
	return out
}

type glyfPoint struct {
	x, y int
	on   bool
}

// glyfGlyph encodes simple glyph contours (no instructions) and returns
// them with their box; an empty glyph is no bytes.
func glyfGlyph(contours [][]glyfPoint) ([]byte, [4]int) {
	if len(contours) == 0 {
		return nil, [4]int{}
	}
	box := [4]int{math.MaxInt32, math.MaxInt32, math.MinInt32, math.MinInt32}
	n := 0
	for _, c := range contours {
		for _, p := range c {
			box = [4]int{min(box[0], p.x), min(box[1], p.y), max(box[2], p.x), max(box[3], p.y)}
		}
		n += len(c)
	}
	be := binary.BigEndian
	out := make([]byte, 10+2*len(contours)+2)
	be.PutUint16(out, uint16(len(contours)))
	for i, v := range box {
		be.PutUint16(out[2+2*i:], uint16(int16(v)))
	}
	end := -1
	for i, c := range contours {
		end += len(c)
		be.PutUint16(out[10+2*i:], uint16(end))
	}
	flags := make([]byte, 0, n)
	var xs, ys []byte
	coord := func(d int, short, same byte, buf []byte) (byte, []byte) {
		switch {
		case d == 0:
			return same, buf
		case d > -256 && d < 256:
			if d > 0 {
				return short | same, append(buf, byte(d))
			}
			return short, append(buf, byte(-d))
		}
		return 0, append(buf, byte(uint16(int16(d))>>8), byte(uint16(int16(d))))
	}
	px, py := 0, 0
	for _, c := range contours {
		for _, p := range c {
			var f, fx, fy byte
			if p.on {
				f = 1
			}
			fx, xs = coord(p.x-px, 0x02, 0x10, xs)
			fy, ys = coord(p.y-py, 0x04, 0x20, ys)
			flags = append(flags, f|fx|fy)
			px, py = p.x, p.y
		}
	}
	out = append(append(append(out, flags...), xs...), ys...)
	for len(out)%2 != 0 {
		out = append(out, 0)
	}
	return out, box
}

// fitsGlyf tells whether contours fit a simple glyph: at most 65535
// points, coordinates and their steps in 16 bits.
func fitsGlyf(contours [][]glyfPoint) bool {
	n, px, py := 0, 0, 0
	in16 := func(v int) bool { return v >= math.MinInt16 && v <= math.MaxInt16 }
	for _, c := range contours {
		n += len(c)
		for _, p := range c {
			if !in16(p.x) || !in16(p.y) || !in16(p.x-px) || !in16(p.y-py) {
				return false
			}
			px, py = p.x, p.y
		}
	}
	return n <= math.MaxUint16
}

// rebuildGlyf wraps the font's glyphs, converted to quadratic outlines,
// as a TrueType font with the tables rebuild gives the CFF one; nil when
// a glyph does not fit a glyf one (too many points, coordinates past 16
// bits) or is accented (seac), which the CFF font draws.
func (f *cffFont) rebuildGlyf(family string, uni map[rune]int, kern []byte, bold, italic bool) []byte {
	if f.seac {
		return nil
	}
	be := binary.BigEndian
	otf, _ := f.rebuild(family, uni, kern, bold, italic)
	var glyf []byte
	loca := make([]byte, 4*(f.numGlyphs+1))
	hmtx := append([]byte(nil), sfntTable(otf, "hmtx")...)
	maxPoints, maxContours := 0, 0
	for g := 0; g < f.numGlyphs; g++ {
		be.PutUint32(loca[4*g:], uint32(len(glyf)))
		contours := f.outline(g).glyfContours()
		if !fitsGlyf(contours) {
			return nil
		}
		data, box := glyfGlyph(contours)
		glyf = append(glyf, data...)
		if data != nil {
			be.PutUint16(hmtx[4*g+2:], uint16(int16(box[0])))
		}
		pts := 0
		for _, c := range contours {
			pts += len(c)
		}
		maxPoints, maxContours = max(maxPoints, pts), max(maxContours, len(contours))
	}
	be.PutUint32(loca[4*f.numGlyphs:], uint32(len(glyf)))
	head := append([]byte(nil), sfntTable(otf, "head")...)
	be.PutUint16(head[50:], 1) // indexToLocFormat: long offsets
	maxp := make([]byte, 32)
	be.PutUint32(maxp[0:], 0x00010000)
	be.PutUint16(maxp[4:], uint16(f.numGlyphs))
	be.PutUint16(maxp[6:], uint16(maxPoints))
	be.PutUint16(maxp[8:], uint16(maxContours))
	be.PutUint16(maxp[14:], 2) // maxZones
	tables := map[string][]byte{"glyf": glyf, "loca": loca, "hmtx": hmtx, "head": head, "maxp": maxp}
	for _, tag := range []string{"hhea", "cmap", "name", "OS/2", "post", "kern"} {
		if b := sfntTable(otf, tag); b != nil {
			tables[tag] = b
		}
	}
	return sfntfile.Write(tables)
}

// webFont is pf's web font of the glyphs uni, named family, and its CSS
// format: an embedded CFF font as TrueType (see rebuildGlyf), any other
// as its own kind.
func (pf *pdfFont) webFont(family string, uni map[rune]int) ([]byte, string) {
	kern := kernTable(pf.kerning, uni, pf.font.unitsPerEm())
	if cf, ok := pf.font.(*cffFont); ok && !pf.builtin {
		if ttf := cf.rebuildGlyf(family, uni, kern, pf.bold, pf.italic); ttf != nil {
			return ttf, "truetype"
		}
	}
	return pf.font.rebuild(family, uni, kern, pf.bold, pf.italic)
}
