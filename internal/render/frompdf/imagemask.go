package frompdf

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// pageSource is the PDFium page a Page is read from.
type pageSource struct {
	doc  references.FPDF_DOCUMENT
	page requests.Page
}

// maskedImageURI returns an image with a soft mask or a mask (the
// transparent corners of a drawn check box, a logo's background) as a
// PNG with that transparency, or "" for an image without one.
// FPDFImageObj_GetBitmap gives the image's own pixels without its mask;
// the image rendered as the page draws it has the mask as alpha, at its
// size on the page, so the mask is taken from that rendition and laid
// over the image's own pixels at their full resolution.
func maskedImageURI(p pdfium.Pdfium, src *pageSource, obj references.FPDF_PAGEOBJECT, m matrix) string {
	// Turned or mirrored images render into a bounding box with
	// transparent corners: those keep their own pixels.
	if src == nil || m.b != 0 || m.c != 0 || m.a <= 0 || m.d <= 0 {
		return ""
	}
	r, err := p.FPDFImageObj_GetRenderedBitmap(&requests.FPDFImageObj_GetRenderedBitmap{Document: src.doc, Page: src.page, ImageObject: obj})
	if err != nil {
		return ""
	}
	defer p.FPDFBitmap_Destroy(&requests.FPDFBitmap_Destroy{Bitmap: r.Bitmap})
	rendered, ok := bitmapImage(p, r.Bitmap).(*image.NRGBA)
	if !ok || opaque(rendered) {
		return ""
	}
	out := rendered
	if bm, err := p.FPDFImageObj_GetBitmap(&requests.FPDFImageObj_GetBitmap{ImageObject: obj}); err == nil {
		if own := bitmapImage(p, bm.Bitmap); own != nil && own.Bounds().Dx()*own.Bounds().Dy() > rendered.Bounds().Dx()*rendered.Bounds().Dy() {
			out = withAlpha(own, rendered)
		}
		p.FPDFBitmap_Destroy(&requests.FPDFBitmap_Destroy{Bitmap: bm.Bitmap})
	}
	var buf bytes.Buffer
	if (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out) != nil {
		return ""
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

func opaque(img *image.NRGBA) bool {
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 255 {
			return false
		}
	}
	return true
}

// withAlpha is img with the alpha of mask, scaled to img's size (nearest
// pixel).
func withAlpha(img image.Image, mask *image.NRGBA) *image.NRGBA {
	b, mb := img.Bounds(), mask.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		my := mb.Min.Y + y*mb.Dy()/b.Dy()
		for x := 0; x < b.Dx(); x++ {
			mx := mb.Min.X + x*mb.Dx()/b.Dx()
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // the image's own pixels are opaque
			i := y*out.Stride + x*4
			out.Pix[i], out.Pix[i+1], out.Pix[i+2] = uint8(r>>8), uint8(g>>8), uint8(bl>>8)
			out.Pix[i+3] = mask.Pix[(my-mb.Min.Y)*mask.Stride+(mx-mb.Min.X)*4+3]
		}
	}
	return out
}
