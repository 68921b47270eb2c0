package frompdf

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
)

// maxImagePixels bounds an embedded image's decoded size.
const maxImagePixels = 25_000_000

// maxRenderedPixels bounds the pictures PDFium renders with their masks
// (four bytes a pixel, copied out of WebAssembly): a larger one (a page
// scan) is taken as decoded, without its masks.
const maxRenderedPixels = 4_000_000

// pageRef is the document and page an object is read from: PDFium needs
// them to render an image with its masks.
type pageRef struct {
	doc  references.FPDF_DOCUMENT
	page requests.Page
}

// rect is an axis-aligned area of the displayed page.
type rect struct{ x0, y0, x1, y1 float64 }

// noClip is the clip of what nothing clips.
var noClip = rect{math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)}

func (r rect) intersect(s rect) rect {
	return rect{math.Max(r.x0, s.x0), math.Max(r.y0, s.y0), math.Min(r.x1, s.x1), math.Min(r.y1, s.y1)}
}

// readImage adds an image object drawn with matrix m (page space) inside
// the clip inherited from its form objects.
func readImage(p pdfium.Pdfium, at pageRef, page *Page, obj references.FPDF_PAGEOBJECT, m, parent matrix, tf pageTransform, inherited clipArea) {
	// The image fills the unit square of its matrix, its first row at
	// y = 1: corner is its top-left corner as shown, u its rows' direction
	// and length, v its columns'.
	pt := func(x, y float64) (float64, float64) { return tf.point(m.apply(x, y)) }
	cx, cy := pt(0, 1)
	ux, uy := pt(1, 1)
	vx, vy := pt(0, 0)
	ux, uy, vx, vy = ux-cx, uy-cy, vx-cx, vy-cy
	box := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, c := range [][2]float64{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
		x, y := pt(c[0], c[1])
		box = rect{math.Min(box.x0, x), math.Min(box.y0, y), math.Max(box.x1, x), math.Max(box.y1, y)}
	}
	if box.x1-box.x0 < 0.5 || box.y1-box.y0 < 0.5 {
		return
	}
	clip := inherited.intersect(readClip(p, obj, parent, tf))
	seen := box.intersect(clip.box)
	if seen.x1-seen.x0 < 0.5 || seen.y1-seen.y0 < 0.5 {
		return
	}
	if math.Hypot(ux, uy) < 1e-6 || math.Hypot(vx, vy) < 1e-6 {
		return // a picture of no width or height (its placement would divide by 0)
	}
	// PDFium renders the picture cut by its clipping path: only its
	// pixels inside the visible part (1 pt in from its edges, where the
	// cut is antialiased) tell whether it is transparent.
	shown := func(s, t float64) bool {
		x, y := cx+s*ux+t*vx, cy+s*uy+t*vy
		return x > seen.x0+1 && x < seen.x1-1 && y > seen.y0+1 && y < seen.y1-1
	}
	// PDFium cuts the picture at its own resolution: one cut by a shape
	// is rendered finer, so the cut does not blur its inside (the shape
	// also clips it in the template).
	scale := 1
	if len(clip.shapes) > 0 {
		scale = finerScale(p, obj, math.Hypot(ux, uy), math.Hypot(vx, vy))
	}
	uri := imageURI(p, at, obj, shown, scale)
	if uri == "" {
		return
	}
	img := Image{X: seen.x0, Y: seen.y0, W: seen.x1 - seen.x0, H: seen.y1 - seen.y0, URI: uri, seq: page.nextSeq()}
	const eps = 0.01
	upright := math.Abs(uy) < eps && math.Abs(vx) < eps && ux > 0 && vy > 0
	whole := seen.x0-box.x0 < eps && seen.y0-box.y0 < eps && box.x1-seen.x1 < eps && box.y1-seen.y1 < eps
	for _, shape := range clip.shapes {
		img.Clips = append(img.Clips, shape.cssPath(seen.x0, seen.y0))
	}
	if !upright || !whole || len(img.Clips) > 0 {
		w, h := math.Hypot(ux, uy), math.Hypot(vx, vy)
		img.Drawn = &ImagePlacement{X: cx - seen.x0, Y: cy - seen.y0, W: w, H: h, A: ux / w, B: uy / w, C: vx / h, D: vy / h}
	}
	page.Images = append(page.Images, img)
}

// imageURI is the picture as PDFium draws it (its soft mask, stencil
// mask and fill colour, decode array and colour space applied), at its
// own resolution. An opaque JPEG stays the JPEG the PDF stores (unless
// CMYK, which browsers show inverted or not at all); other pictures
// become PNG, with their transparency.
//
// scale is the pixels rendered per image sample each way.
//
// shown tells whether the point at fractions s, t of the picture's width
// and height (from its top-left corner) is visible.
func imageURI(p pdfium.Pdfium, at pageRef, obj references.FPDF_PAGEOBJECT, shown func(s, t float64) bool, scale int) string {
	img := renderedImage(p, at, obj, scale)
	if img == nil || opaqueWhereShown(img, shown) {
		if jpg := storedJPEG(p, obj); jpg != nil {
			return "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(jpg)
		}
	}
	if img == nil {
		img = decodedImage(p, obj)
	}
	if img == nil {
		return ""
	}
	return encodePicture(img)
}

// storedJPEG is the image's data when it is a JPEG a browser shows as is.
func storedJPEG(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT) []byte {
	fc, err := p.FPDFImageObj_GetImageFilterCount(&requests.FPDFImageObj_GetImageFilterCount{ImageObject: obj})
	if err != nil || fc.Count != 1 {
		return nil
	}
	f, err := p.FPDFImageObj_GetImageFilter(&requests.FPDFImageObj_GetImageFilter{ImageObject: obj, Index: 0})
	if err != nil || f.ImageFilter != "DCTDecode" {
		return nil
	}
	raw, err := p.FPDFImageObj_GetImageDataRaw(&requests.FPDFImageObj_GetImageDataRaw{ImageObject: obj})
	if err != nil || len(raw.Data) == 0 {
		return nil
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(raw.Data)); err != nil || cfg.ColorModel == color.CMYKModel {
		return nil
	}
	return raw.Data
}

// renderedImage asks PDFium for the image as it renders it, scale pixels
// per image sample each way: PDFium renders the object at the size of its matrix, so
// the matrix is set to the image's pixel size for the call and put back.
func renderedImage(p pdfium.Pdfium, at pageRef, obj references.FPDF_PAGEOBJECT, scale int) image.Image {
	size, err := p.FPDFImageObj_GetImagePixelSize(&requests.FPDFImageObj_GetImagePixelSize{ImageObject: obj})
	if err != nil || size.Width == 0 || size.Height == 0 || size.Width*size.Height > maxRenderedPixels {
		return nil
	}
	size.Width, size.Height = size.Width*uint(scale), size.Height*uint(scale)
	old, err := p.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
	if err != nil {
		return nil
	}
	native := structs.FPDF_FS_MATRIX{A: float32(size.Width), D: float32(size.Height)}
	if _, err := p.FPDFPageObj_SetMatrix(&requests.FPDFPageObj_SetMatrix{PageObject: obj, Transform: native}); err != nil {
		return nil
	}
	defer p.FPDFPageObj_SetMatrix(&requests.FPDFPageObj_SetMatrix{PageObject: obj, Transform: old.Matrix})
	bm, err := p.FPDFImageObj_GetRenderedBitmap(&requests.FPDFImageObj_GetRenderedBitmap{Document: at.doc, Page: at.page, ImageObject: obj})
	if err != nil || bm.Bitmap == "" {
		return nil
	}
	defer p.FPDFBitmap_Destroy(&requests.FPDFBitmap_Destroy{Bitmap: bm.Bitmap})
	return bitmapImage(p, bm.Bitmap)
}

// finerScale is how many pixels each way to render per sample of a
// picture shown w×h pt so it has about two pixels a point (at most 8, and
// within maxRenderedPixels).
func finerScale(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, w, h float64) int {
	size, err := p.FPDFImageObj_GetImagePixelSize(&requests.FPDFImageObj_GetImagePixelSize{ImageObject: obj})
	if err != nil || size.Width == 0 || size.Height == 0 {
		return 1
	}
	k := int(math.Ceil(math.Max(2*w/float64(size.Width), 2*h/float64(size.Height))))
	k = min(max(k, 1), 8)
	for k > 1 && float64(size.Width*size.Height)*float64(k*k) > maxRenderedPixels {
		k--
	}
	return k
}

// decodedImage is the image's samples without its masks (when PDFium
// cannot render it).
func decodedImage(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT) image.Image {
	bm, err := p.FPDFImageObj_GetBitmap(&requests.FPDFImageObj_GetBitmap{ImageObject: obj})
	if err != nil {
		return nil
	}
	defer p.FPDFBitmap_Destroy(&requests.FPDFBitmap_Destroy{Bitmap: bm.Bitmap})
	return bitmapImage(p, bm.Bitmap)
}

// opaque reports whether no pixel of img lets the page show through.
func opaque(img image.Image) bool {
	return opaqueWhereShown(img, nil)
}

// opaqueWhereShown reports whether no pixel of img that shown keeps lets
// the page show through (nil keeps all).
func opaqueWhereShown(img image.Image, shown func(s, t float64) bool) bool {
	n, ok := img.(*image.NRGBA)
	if !ok {
		return true
	}
	w, h := n.Rect.Dx(), n.Rect.Dy()
	for y := 0; y < h; y++ {
		row := n.Pix[y*n.Stride:]
		for x := 0; x < w; x++ {
			if row[x*4+3] != 255 && (shown == nil || shown((float64(x)+0.5)/float64(w), (float64(y)+0.5)/float64(h))) {
				return false
			}
		}
	}
	return true
}

// maxPNGBytes is the size past which an opaque picture is written as JPEG
// when that is less than half as large (a photograph the PDF stored
// losslessly), so one picture does not take the template's budget.
const maxPNGBytes = 256 << 10

// encodePicture writes img as a PNG data: URI, or as JPEG (quality 90)
// when it is a large opaque picture that JPEG stores in half the bytes.
func encodePicture(img image.Image) string {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if enc.Encode(&buf, img) != nil {
		return ""
	}
	if buf.Len() > maxPNGBytes && opaque(img) {
		var j bytes.Buffer
		if jpeg.Encode(&j, img, &jpeg.Options{Quality: 90}) == nil && j.Len() < buf.Len()/2 {
			return "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(j.Bytes())
		}
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}
