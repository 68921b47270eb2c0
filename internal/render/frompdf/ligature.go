package frompdf

import "math"

// ligaturePart reports whether c belongs to the glyph drawn for prev: a
// ligature's later letters (PDFium reports each with the glyph's box and
// origin) or a space that lies inside the glyph (some producers add one
// after a ligature; it is no gap on the page).
func ligaturePart(prev, c char, lastRight float64) bool {
	if c.generated || prev.size == 0 || math.Abs(c.baseline-prev.baseline) > 0.1*prev.size {
		return false
	}
	if c.r == ' ' || c.r == '\u00a0' {
		return c.right < lastRight-0.05*prev.size && c.left > prev.left
	}
	return math.Abs(c.left-prev.left) < 0.01 && math.Abs(c.right-prev.right) < 0.01 && math.Abs(c.originX-prev.originX) < 0.01
}
