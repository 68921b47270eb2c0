package frompdf

import (
	"fmt"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// dashPattern is a stroked path's dash pattern, scaled like its width
// (nil = solid).
func dashPattern(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, scale float64) []float64 {
	n, err := p.FPDFPageObj_GetDashCount(&requests.FPDFPageObj_GetDashCount{PageObject: obj})
	if err != nil || n.DashCount == 0 {
		return nil
	}
	arr, err := p.FPDFPageObj_GetDashArray(&requests.FPDFPageObj_GetDashArray{PageObject: obj})
	if err != nil || len(arr.DashArray) == 0 {
		return nil
	}
	pattern := make([]float64, 0, len(arr.DashArray))
	total := 0.0
	for _, d := range arr.DashArray {
		v := float64(d) * scale
		if v < 0 {
			return nil
		}
		total += v
		pattern = append(pattern, v)
	}
	if total < 0.01 {
		return nil // all zero: PDF draws that solid
	}
	return pattern
}

// dashArray is a dash pattern as an SVG stroke-dasharray.
func dashArray(pattern []float64) string {
	parts := make([]string, len(pattern))
	for i, v := range pattern {
		parts[i] = num(v)
	}
	return strings.Join(parts, " ")
}

// hairlineWidth is the stroke width (pt) below which a reader draws a line one
// device pixel wide (a PDF width of 0 is "the thinnest line").
const hairlineWidth = 0.75

// maxDashes bounds the dashes a hairline is cut into.
const maxDashes = 5000

// dashSegments cuts a polyline of straight segments into its dashes, as
// SVG path data ("" when there would be too many). A browser prints a
// dashed stroke as filled outlines, which a reader draws as thin as they
// are (a 0.25 pt hairline became a faint grey at screen resolution),
// while it keeps a solid stroke a stroke, drawn at least one device
// pixel wide as the original's dashes are. A subpath that only runs back
// over its own segment (a line closed onto itself) is dashed once.
func dashSegments(xs, ys []float64, starts []bool, pattern []float64) string {
	period := 0.0
	for _, v := range pattern {
		period += v
	}
	if len(pattern)%2 == 1 {
		pattern = append(pattern, pattern...) // [3] is on 3, off 3
		period *= 2
	}
	var d strings.Builder
	dashes, steps := 0, 0
	phase := 0.0 // distance into the pattern
	for i := 1; i < len(xs); i++ {
		if starts[i] {
			phase = 0
			continue
		}
		if i >= 2 && !starts[i-1] && xs[i] == xs[i-2] && ys[i] == ys[i-2] {
			continue // back over the segment just drawn
		}
		x0, y0, x1, y1 := xs[i-1], ys[i-1], xs[i], ys[i]
		length := math.Hypot(x1-x0, y1-y0)
		if length == 0 {
			continue
		}
		for at := 0.0; at < length; {
			// Gaps count too: a pattern of [1000 1e-11] is mostly gaps.
			if steps++; steps > 4*maxDashes {
				return ""
			}
			// Where in the pattern we are, and how much of that entry is left.
			k, into := 0, math.Mod(phase, period)
			for j := 0; j < len(pattern) && into >= pattern[k]; j++ {
				into -= pattern[k]
				k = (k + 1) % len(pattern)
			}
			step := math.Min(pattern[k]-into, length-at)
			if at+step == at || phase+step == phase {
				break // too small a step to move on in floating point
			}
			if k%2 == 0 && step > 0 {
				dashes++
				if dashes > maxDashes {
					return ""
				}
				a, b := at/length, (at+step)/length
				fmt.Fprintf(&d, "M%s %sL%s %s", num(x0+(x1-x0)*a), num(y0+(y1-y0)*a), num(x0+(x1-x0)*b), num(y0+(y1-y0)*b))
			}
			at += step
			phase += step
			if step <= 0 {
				break
			}
		}
	}
	return d.String()
}
