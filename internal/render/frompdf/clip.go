package frompdf

import (
	"fmt"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// clipArea is what a clipping state leaves visible: box, cut further by
// each of shapes (paths that are not rectangles, on the displayed page).
type clipArea struct {
	box    rect
	shapes []clipShape
}

// unclipped is the clip of what nothing clips.
var unclipped = clipArea{box: noClip}

// clipShape is a clipping path's points on the displayed page.
type clipShape []clipPoint

type clipPoint struct {
	x, y  float64
	kind  enums.FPDF_SEGMENT
	close bool
}

// maxClipSegments bounds the segments of a clipping path kept as a shape;
// a longer one clips to its box.
const maxClipSegments = 2000

// maxClipPoints bounds the points read from one object's clipping paths
// (each costs PDFium calls); a path past it does not clip. maxClipShapes
// bounds the shapes kept (each is a nested element in the page); past it
// a path clips to its box only.
const (
	maxClipPoints = 4 * maxClipSegments
	maxClipShapes = 8
)

// intersect is the part both a and b leave visible.
func (a clipArea) intersect(b clipArea) clipArea {
	shapes := append(append([]clipShape(nil), a.shapes...), b.shapes...)
	if len(shapes) > maxClipShapes {
		shapes = shapes[:maxClipShapes]
	}
	return clipArea{box: a.box.intersect(b.box), shapes: shapes}
}

// readClip is obj's clipping path on the displayed page (unclipped
// without one). The path is in the space of obj's parent; several paths
// intersect. A rectangle only narrows the box; another path also keeps
// its shape.
func readClip(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, parent matrix, tf pageTransform) clipArea {
	cp, err := p.FPDFPageObj_GetClipPath(&requests.FPDFPageObj_GetClipPath{PageObject: obj})
	if err != nil || cp.ClipPath == "" {
		return unclipped
	}
	n, err := p.FPDFClipPath_CountPaths(&requests.FPDFClipPath_CountPaths{ClipPath: cp.ClipPath})
	if err != nil {
		return unclipped
	}
	clip, points := unclipped, 0
	for i := 0; i < n.Count && points < maxClipPoints; i++ {
		points++ // each path costs a call, even one skipped
		segs, err := p.FPDFClipPath_CountPathSegments(&requests.FPDFClipPath_CountPathSegments{ClipPath: cp.ClipPath, PathIndex: i})
		if err != nil || segs.Count == 0 || points+segs.Count > maxClipPoints {
			continue
		}
		points += segs.Count
		// A path too long to keep as a shape only gives its box.
		boxOnly := segs.Count > maxClipSegments || len(clip.shapes) >= maxClipShapes
		var shape clipShape
		box := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for j := 0; j < segs.Count; j++ {
			seg, err := p.FPDFClipPath_GetPathSegment(&requests.FPDFClipPath_GetPathSegment{ClipPath: cp.ClipPath, PathIndex: i, SegmentIndex: j})
			if err != nil {
				continue
			}
			xy, err := p.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: seg.PathSegment})
			if err != nil {
				continue
			}
			x, y := tf.point(parent.apply(float64(xy.X), float64(xy.Y)))
			box = rect{math.Min(box.x0, x), math.Min(box.y0, y), math.Max(box.x1, x), math.Max(box.y1, y)}
			if boxOnly {
				continue
			}
			q := clipPoint{x: x, y: y}
			if kind, err := p.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: seg.PathSegment}); err == nil {
				q.kind = kind.Type
			}
			if cl, err := p.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: seg.PathSegment}); err == nil {
				q.close = cl.IsClose
			}
			shape = append(shape, q)
		}
		if box.x0 > box.x1 {
			continue
		}
		clip.box = clip.box.intersect(box)
		_, isBox := asBox(len(shape), func(k int) (float64, float64, bool) {
			return shape[k].x, shape[k].y, shape[k].kind != enums.FPDF_SEGMENT_BEZIERTO
		})
		if !isBox && !boxOnly {
			clip.shapes = append(clip.shapes, shape)
		}
	}
	return clip
}

// cssPath is the shape as a CSS path() argument in px, from the corner
// x0, y0 (pt) of the element it clips.
func (s clipShape) cssPath(x0, y0 float64) string {
	const px = 96.0 / 72
	at := func(q clipPoint) string { return num((q.x-x0)*px) + " " + num((q.y-y0)*px) }
	var d strings.Builder
	for i := 0; i < len(s); i++ {
		q := s[i]
		switch {
		case q.kind == enums.FPDF_SEGMENT_MOVETO || i == 0:
			d.WriteString("M" + at(q))
		case q.kind == enums.FPDF_SEGMENT_BEZIERTO && i+2 < len(s):
			fmt.Fprintf(&d, "C%s %s %s", at(q), at(s[i+1]), at(s[i+2]))
			i += 2
			q = s[i]
		default:
			d.WriteString("L" + at(q))
		}
		if q.close {
			d.WriteString("Z")
		}
	}
	return d.String()
}
