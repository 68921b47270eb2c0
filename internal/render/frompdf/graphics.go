package frompdf

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// maxPathSegments bounds the vector data kept per path: larger shapes
// (maps, charts) are dropped rather than bloating the template.
const maxPathSegments = 2000

func readPath(p pdfium.Pdfium, page *Page, obj references.FPDF_PAGEOBJECT, m matrix, tf pageTransform) {
	mode, err := p.FPDFPath_GetDrawMode(&requests.FPDFPath_GetDrawMode{PageObject: obj})
	if err != nil || (mode.FillMode == enums.FPDF_FILLMODE_NONE && !mode.Stroke) {
		return
	}
	var fill, stroke string
	if mode.FillMode != enums.FPDF_FILLMODE_NONE {
		if c, err := p.FPDFPageObj_GetFillColor(&requests.FPDFPageObj_GetFillColor{PageObject: obj}); err == nil {
			fill = cssColor(c.FillColor.R, c.FillColor.G, c.FillColor.B, c.FillColor.A)
		}
	}
	width, dash := 1.0, ""
	var pattern []float64
	if mode.Stroke {
		if c, err := p.FPDFPageObj_GetStrokeColor(&requests.FPDFPageObj_GetStrokeColor{PageObject: obj}); err == nil {
			stroke = cssColor(c.StrokeColor.R, c.StrokeColor.G, c.StrokeColor.B, c.StrokeColor.A)
		}
		if w, err := p.FPDFPageObj_GetStrokeWidth(&requests.FPDFPageObj_GetStrokeWidth{PageObject: obj}); err == nil {
			// The width scales with the path's matrix.
			width = float64(w.StrokeWidth) * math.Sqrt(math.Abs(m.a*m.d-m.b*m.c))
		}
		width = math.Max(width, 0.25)
		if pattern = dashPattern(p, obj, math.Sqrt(math.Abs(m.a*m.d-m.b*m.c))); pattern != nil {
			dash = dashArray(pattern)
		}
	}
	if fill == "" && stroke == "" {
		return
	}
	n, err := p.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: obj})
	if err != nil || n.Count == 0 || n.Count > maxPathSegments {
		return
	}
	type pt struct {
		x, y  float64
		kind  enums.FPDF_SEGMENT
		close bool
	}
	pts := make([]pt, 0, n.Count)
	for i := 0; i < n.Count; i++ {
		seg, err := p.FPDFPath_GetPathSegment(&requests.FPDFPath_GetPathSegment{PageObject: obj, Index: i})
		if err != nil {
			return
		}
		xy, err := p.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: seg.PathSegment})
		if err != nil {
			return
		}
		kind, _ := p.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: seg.PathSegment})
		cl, _ := p.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: seg.PathSegment})
		x, y := m.apply(float64(xy.X), float64(xy.Y))
		x, y = tf.point(x, y)
		q := pt{x: x, y: y}
		if kind != nil {
			q.kind = kind.Type
		}
		if cl != nil {
			q.close = cl.IsClose
		}
		pts = append(pts, q)
	}
	// An axis-aligned rectangle or a straight horizontal/vertical line
	// becomes a box; anything else (and dashed strokes) an SVG path.
	if box, ok := asBox(len(pts), func(i int) (float64, float64, bool) {
		return pts[i].x, pts[i].y, pts[i].kind != enums.FPDF_SEGMENT_BEZIERTO
	}); ok && dash == "" {
		box.Fill, box.Stroke, box.StrokeWidth = fill, stroke, width
		if stroke != "" && fill == "" && (box.W < 0.01 || box.H < 0.01) {
			// A stroked line: its thickness is the stroke width.
			if box.W < 0.01 {
				box.X -= width / 2
				box.W = width
			} else {
				box.Y -= width / 2
				box.H = width
			}
			box.Fill, box.Stroke, box.line = stroke, "", true
		}
		if box.W >= 0.01 && box.H >= 0.01 {
			box.seq = page.nextSeq()
			page.Boxes = append(page.Boxes, box)
		}
		return
	}
	if dash != "" && width < hairlineWidth && fill == "" {
		xs, ys, starts := make([]float64, len(pts)), make([]float64, len(pts)), make([]bool, len(pts))
		straight, start := true, 0
		for i, q := range pts {
			xs[i], ys[i], starts[i] = q.x, q.y, q.kind == enums.FPDF_SEGMENT_MOVETO
			if starts[i] {
				start = i
			}
			// A subpath closed back at its start has nothing left to draw.
			closedAtStart := q.x == pts[start].x && q.y == pts[start].y
			straight = straight && q.kind != enums.FPDF_SEGMENT_BEZIERTO && (!q.close || closedAtStart)
		}
		if d := dashSegments(xs, ys, starts, pattern); straight && d != "" {
			page.Paths = append(page.Paths, Path{D: d, Stroke: stroke, StrokeWidth: width})
			return
		}
	}
	var d strings.Builder
	for i := 0; i < len(pts); i++ {
		q := pts[i]
		switch q.kind {
		case enums.FPDF_SEGMENT_MOVETO:
			fmt.Fprintf(&d, "M%s %s", num(q.x), num(q.y))
		case enums.FPDF_SEGMENT_BEZIERTO:
			if i+2 >= len(pts) {
				return
			}
			fmt.Fprintf(&d, "C%s %s %s %s %s %s", num(q.x), num(q.y), num(pts[i+1].x), num(pts[i+1].y), num(pts[i+2].x), num(pts[i+2].y))
			i += 2
			q = pts[i]
		default:
			fmt.Fprintf(&d, "L%s %s", num(q.x), num(q.y))
		}
		if q.close {
			d.WriteString("Z")
		}
	}
	page.Paths = append(page.Paths, Path{D: d.String(), Fill: fill, Stroke: stroke, StrokeWidth: width, Dash: dash, EvenOdd: mode.FillMode == enums.FPDF_FILLMODE_ALTERNATE, seq: page.nextSeq()})
}

// asBox recognises a path of straight segments whose points all lie on an
// axis-aligned rectangle's corners (or on one line).
func asBox(n int, at func(int) (x, y float64, straight bool)) (Box, bool) {
	if n < 2 || n > 6 {
		return Box{}, false
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := 0; i < n; i++ {
		x, y, straight := at(i)
		if !straight {
			return Box{}, false
		}
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	const eps = 0.05
	corners := map[[2]bool]bool{}
	for i := 0; i < n; i++ {
		x, y, _ := at(i)
		onX := math.Abs(x-minX) < eps || math.Abs(x-maxX) < eps
		onY := math.Abs(y-minY) < eps || math.Abs(y-maxY) < eps
		if !onX || !onY {
			return Box{}, false
		}
		corners[[2]bool{math.Abs(x-minX) < eps, math.Abs(y-minY) < eps}] = true
	}
	// A rectangle visits its four corners; two opposite ones make a
	// diagonal line, three a triangle.
	if maxX-minX >= eps && maxY-minY >= eps && len(corners) < 4 {
		return Box{}, false
	}
	return Box{X: minX, Y: minY, W: maxX - minX, H: maxY - minY}, true
}

// num formats a coordinate with at most two decimals.
func num(v float64) string {
	s := fmt.Sprintf("%.2f", round2(v))
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// bitmapImage copies a PDFium bitmap into a Go image.
func bitmapImage(p pdfium.Pdfium, bm references.FPDF_BITMAP) image.Image {
	w, err1 := p.FPDFBitmap_GetWidth(&requests.FPDFBitmap_GetWidth{Bitmap: bm})
	h, err2 := p.FPDFBitmap_GetHeight(&requests.FPDFBitmap_GetHeight{Bitmap: bm})
	st, err3 := p.FPDFBitmap_GetStride(&requests.FPDFBitmap_GetStride{Bitmap: bm})
	f, err4 := p.FPDFBitmap_GetFormat(&requests.FPDFBitmap_GetFormat{Bitmap: bm})
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || w.Width <= 0 || h.Height <= 0 || w.Width*h.Height > maxImagePixels {
		return nil
	}
	buf, err := p.FPDFBitmap_GetBuffer(&requests.FPDFBitmap_GetBuffer{Bitmap: bm})
	if err != nil || len(buf.Buffer) < st.Stride*h.Height {
		return nil
	}
	bpp := map[enums.FPDF_BITMAP_FORMAT]int{enums.FPDF_BITMAP_FORMAT_GRAY: 1, enums.FPDF_BITMAP_FORMAT_BGR: 3, enums.FPDF_BITMAP_FORMAT_BGRX: 4, enums.FPDF_BITMAP_FORMAT_BGRA: 4}[f.Format]
	if bpp == 0 {
		return nil
	}
	if bpp == 1 {
		img := image.NewGray(image.Rect(0, 0, w.Width, h.Height))
		for y := 0; y < h.Height; y++ {
			copy(img.Pix[y*img.Stride:y*img.Stride+w.Width], buf.Buffer[y*st.Stride:])
		}
		return img
	}
	img := image.NewNRGBA(image.Rect(0, 0, w.Width, h.Height))
	for y := 0; y < h.Height; y++ {
		row := buf.Buffer[y*st.Stride:]
		for x := 0; x < w.Width; x++ {
			px := row[x*bpp:]
			a := uint8(255)
			if f.Format == enums.FPDF_BITMAP_FORMAT_BGRA {
				a = px[3]
			}
			i := y*img.Stride + x*4
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = px[2], px[1], px[0], a
		}
	}
	return img
}
