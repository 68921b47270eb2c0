package frompdf

import (
	"errors"
	"math"
)

// charstringRun runs a Type 2 charstring far enough to know its glyph's
// advance (the optional first operand of its first stack-clearing
// operator) and its control box: every point of the outline, on-curve
// or not, as FreeType (and so PDFium's character boxes) counts it.
type charstringRun struct {
	gsubrs, subrs cffIndex
	stack         []float64
	x, y          float64
	stems         int
	seenOp        bool // a stack-clearing operator was met (the width is read)
	hasWidth      bool
	width         float64
	open          bool // a moveto's point is not yet counted
	inked         bool
	minX, minY    float64
	maxX, maxY    float64
	outline       *cubicOutline // when not nil, collects the glyph's contours
	inCurve       bool
	ops           int  // operators and subroutine calls run so far
	seac          bool // endchar with an accent's operands: base + accent glyphs
}

// maxCharstringOps bounds one glyph's run: nesting depth alone does not
// (subroutine k calling k+1 forty times, nine deep, runs 40^9 calls).
const maxCharstringOps = 50000

var (
	errEndChar    = errors.New("endchar")
	errCharstring = errors.New("bad charstring")
)

// subrBias is the bias of a subroutine INDEX of n items.
func subrBias(n int) int {
	switch {
	case n < 1240:
		return 107
	case n < 33900:
		return 1131
	}
	return 32768
}

// takeWidth reads the width before the first stack-clearing operator
// when the stack has one more operand than the operator takes (even: a
// stem operator's pairs).
func (r *charstringRun) takeWidth(extra bool) {
	if r.seenOp {
		return
	}
	r.seenOp = true
	if extra && len(r.stack) > 0 {
		r.hasWidth, r.width = true, r.stack[0]
		r.stack = r.stack[1:]
	}
}

func (r *charstringRun) point(x, y float64) {
	if !r.inked {
		r.minX, r.maxX, r.minY, r.maxY = x, x, y, y
		r.inked = true
		return
	}
	r.minX, r.maxX = math.Min(r.minX, x), math.Max(r.maxX, x)
	r.minY, r.maxY = math.Min(r.minY, y), math.Max(r.maxY, y)
}

func (r *charstringRun) moveTo(dx, dy float64) {
	r.x, r.y = r.x+dx, r.y+dy
	r.open = true
	if r.outline != nil {
		r.outline.moveTo(r.x, r.y)
	}
}

// to moves the pen by (dx, dy) drawing a line or a curve's point.
func (r *charstringRun) to(dx, dy float64) {
	if r.open {
		r.point(r.x, r.y)
		r.open = false
	}
	r.x, r.y = r.x+dx, r.y+dy
	r.point(r.x, r.y)
	if r.outline != nil && !r.inCurve {
		r.outline.lineTo(r.x, r.y)
	}
}

// curve draws a curve of three relative points.
func (r *charstringRun) curve(dxa, dya, dxb, dyb, dxc, dyc float64) {
	r.inCurve = true
	r.to(dxa, dya)
	x1, y1 := r.x, r.y
	r.to(dxb, dyb)
	x2, y2 := r.x, r.y
	r.to(dxc, dyc)
	r.inCurve = false
	if r.outline != nil {
		r.outline.cubicTo(x1, y1, x2, y2, r.x, r.y)
	}
}

func (r *charstringRun) exec(cs []byte, depth int) error {
	if depth > 10 {
		return errCharstring
	}
	for i := 0; i < len(cs); {
		c := int(cs[i])
		if c >= 32 || c == 28 || c == 255 {
			v, n, ok := readOperand(cs[i:], true)
			if !ok || len(r.stack) >= 48 {
				return errCharstring
			}
			r.stack = append(r.stack, v)
			i += n
			continue
		}
		i++
		if r.ops++; r.ops > maxCharstringOps {
			return errCharstring
		}
		s := r.stack
		switch c {
		case 1, 3, 18, 23: // hstem vstem hstemhm vstemhm
			r.takeWidth(len(s)%2 == 1)
			r.stems += len(r.stack) / 2
		case 19, 20: // hintmask cntrmask (with implicit vstems)
			r.takeWidth(len(s)%2 == 1)
			r.stems += len(r.stack) / 2
			i += (r.stems + 7) / 8
		case 21: // rmoveto
			r.takeWidth(len(s) > 2)
			if s = r.stack; len(s) < 2 {
				return errCharstring
			}
			r.moveTo(s[0], s[1])
		case 22, 4: // hmoveto vmoveto
			r.takeWidth(len(s) > 1)
			if s = r.stack; len(s) < 1 {
				return errCharstring
			}
			if c == 22 {
				r.moveTo(s[0], 0)
			} else {
				r.moveTo(0, s[0])
			}
		case 5: // rlineto
			for k := 0; k+1 < len(s); k += 2 {
				r.to(s[k], s[k+1])
			}
		case 6, 7: // hlineto vlineto: alternating
			horiz := c == 6
			for _, d := range s {
				if horiz {
					r.to(d, 0)
				} else {
					r.to(0, d)
				}
				horiz = !horiz
			}
		case 8: // rrcurveto
			for k := 0; k+5 < len(s); k += 6 {
				r.curve(s[k], s[k+1], s[k+2], s[k+3], s[k+4], s[k+5])
			}
		case 24: // rcurveline
			k := 0
			for ; k+5 < len(s)-2; k += 6 {
				r.curve(s[k], s[k+1], s[k+2], s[k+3], s[k+4], s[k+5])
			}
			if k+1 < len(s) {
				r.to(s[k], s[k+1])
			}
		case 25: // rlinecurve
			k := 0
			for ; k+1 < len(s)-6; k += 2 {
				r.to(s[k], s[k+1])
			}
			if k+5 < len(s) {
				r.curve(s[k], s[k+1], s[k+2], s[k+3], s[k+4], s[k+5])
			}
		case 26, 27: // vvcurveto hhcurveto
			k, d1 := 0, 0.0
			if len(s)%2 == 1 {
				d1, k = s[0], 1
			}
			for ; k+3 < len(s); k += 4 {
				if c == 26 {
					r.curve(d1, s[k], s[k+1], s[k+2], 0, s[k+3])
				} else {
					r.curve(s[k], d1, s[k+1], s[k+2], s[k+3], 0)
				}
				d1 = 0
			}
		case 30, 31: // vhcurveto hvcurveto: alternating
			horiz := c == 31
			for k := 0; k+3 < len(s); k += 4 {
				last := 0.0
				if len(s)-k == 5 {
					last = s[k+4]
				}
				if horiz {
					r.curve(s[k], 0, s[k+1], s[k+2], last, s[k+3])
				} else {
					r.curve(0, s[k], s[k+1], s[k+2], s[k+3], last)
				}
				horiz = !horiz
			}
		case 10, 29: // callsubr callgsubr
			if len(s) == 0 {
				return errCharstring
			}
			idx := r.subrs
			if c == 29 {
				idx = r.gsubrs
			}
			n := int(s[len(s)-1]) + subrBias(len(idx))
			r.stack = s[:len(s)-1]
			if n < 0 || n >= len(idx) {
				return errCharstring
			}
			if err := r.exec(idx[n], depth+1); err != nil {
				return err
			}
			continue // the subroutine left its operands on the stack
		case 11: // return
			return nil
		case 14: // endchar (with four operands: an accented glyph, seac)
			r.takeWidth(len(s) == 1 || len(s) == 5)
			r.seac = len(r.stack) >= 4
			return errEndChar
		case 12:
			if i >= len(cs) {
				return errCharstring
			}
			esc := int(cs[i])
			i++
			if err := r.flex(esc, s); err != nil {
				return err
			}
		default:
			return errCharstring
		}
		r.stack = r.stack[:0]
	}
	return nil
}

// flex draws the flex operators' two curves (the other escaped operators
// are arithmetic and storage, not found in PDFs' subsets).
func (r *charstringRun) flex(esc int, s []float64) error {
	switch esc {
	case 35: // flex
		if len(s) < 12 {
			return errCharstring
		}
		r.curve(s[0], s[1], s[2], s[3], s[4], s[5])
		r.curve(s[6], s[7], s[8], s[9], s[10], s[11])
	case 34: // hflex
		if len(s) < 7 {
			return errCharstring
		}
		r.curve(s[0], 0, s[1], s[2], s[3], 0)
		r.curve(s[4], 0, s[5], -s[2], s[6], 0)
	case 36: // hflex1
		if len(s) < 9 {
			return errCharstring
		}
		r.curve(s[0], s[1], s[2], s[3], s[4], 0)
		r.curve(s[5], 0, s[6], s[7], s[8], -(s[1] + s[3] + s[7]))
	case 37: // flex1
		if len(s) < 11 {
			return errCharstring
		}
		dx := s[0] + s[2] + s[4] + s[6] + s[8]
		dy := s[1] + s[3] + s[5] + s[7] + s[9]
		r.curve(s[0], s[1], s[2], s[3], s[4], s[5])
		if math.Abs(dx) > math.Abs(dy) {
			r.curve(s[6], s[7], s[8], s[9], s[10], -dy)
		} else {
			r.curve(s[6], s[7], s[8], s[9], -dx, s[10])
		}
	case 0: // dotsection (deprecated, ignored)
	default:
		return errCharstring
	}
	return nil
}
