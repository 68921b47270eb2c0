package pdfform

import (
	"math"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// num formats a number for a content stream: at most 3 decimals, no
// exponent, no trailing zeros.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	s := strconv.FormatFloat(f, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// number reads a PDF number object.
func (doc *document) number(o types.Object) (float64, bool) {
	o, err := doc.xref.Dereference(o)
	if err != nil {
		return 0, false
	}
	switch v := o.(type) {
	case types.Integer:
		return float64(v), true
	case types.Float:
		return float64(v), true
	}
	return 0, false
}

// numbers reads an array of numbers; ok is false if any entry is not one.
func (doc *document) numbers(o types.Object) ([]float64, bool) {
	a, err := doc.xref.DereferenceArray(o)
	if err != nil || a == nil {
		return nil, false
	}
	out := make([]float64, len(a))
	for i, e := range a {
		f, ok := doc.number(e)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

// rect is a normalised rectangle.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

func (doc *document) rect(o types.Object) (rect, bool) {
	v, ok := doc.numbers(o)
	if !ok || len(v) != 4 {
		return rect{}, false
	}
	return rect{math.Min(v[0], v[2]), math.Min(v[1], v[3]), math.Max(v[0], v[2]), math.Max(v[1], v[3])}, true
}

// matrix is an affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// transformRect returns the bounding box of r transformed by m.
func (m matrix) transformRect(r rect) rect {
	xs := [4]float64{}
	ys := [4]float64{}
	xs[0], ys[0] = m.apply(r.x0, r.y0)
	xs[1], ys[1] = m.apply(r.x1, r.y0)
	xs[2], ys[2] = m.apply(r.x0, r.y1)
	xs[3], ys[3] = m.apply(r.x1, r.y1)
	out := rect{xs[0], ys[0], xs[0], ys[0]}
	for i := 1; i < 4; i++ {
		out.x0, out.x1 = math.Min(out.x0, xs[i]), math.Max(out.x1, xs[i])
		out.y0, out.y1 = math.Min(out.y0, ys[i]), math.Max(out.y1, ys[i])
	}
	return out
}
