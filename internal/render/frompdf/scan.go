package frompdf

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// Scan kinds the analysis reports (Analysis.Scan).
const (
	// ScanOCR: scanned pages with an invisible OCR text layer; the page
	// images stay as the background, the text lies invisible on top.
	ScanOCR = "ocr"
	// ScanImage: no text layer at all; the pages become background images
	// and the template has no fields.
	ScanImage = "image"
)

// renderModes caches, per text object, whether its text is invisible
// (render mode 3, as OCR layers over scans are drawn).
type renderModes map[references.FPDF_PAGEOBJECT]bool

func (m renderModes) invisible(p pdfium.Pdfium, tp references.FPDF_TEXTPAGE, index int) bool {
	obj, err := p.FPDFText_GetTextObject(&requests.FPDFText_GetTextObject{TextPage: tp, Index: index})
	if err != nil || obj.TextObject == "" {
		return false
	}
	if inv, ok := m[obj.TextObject]; ok {
		return inv
	}
	mode, err := p.FPDFTextObj_GetTextRenderMode(&requests.FPDFTextObj_GetTextRenderMode{PageObject: obj.TextObject})
	inv := err == nil && mode.TextRenderMode == enums.FPDF_TEXTRENDERMODE_INVISIBLE
	m[obj.TextObject] = inv
	return inv
}

// ocrScan reports whether page is a scan with an OCR layer: nearly all its
// text is invisible and one image covers most of the page.
func ocrScan(page *Page) bool {
	var all, invisible int
	for _, r := range page.Runs {
		n := len([]rune(r.Text))
		all += n
		if r.Invisible {
			invisible += n
		}
	}
	return all > 0 && float64(invisible) >= 0.9*float64(all) && imageCoverage(page) >= 0.7
}

// imageCoverage is the share of the page the largest image covers.
func imageCoverage(page *Page) float64 {
	best := 0.0
	for _, img := range page.Images {
		w := math.Min(img.X+img.W, page.Width) - math.Max(img.X, 0)
		h := math.Min(img.Y+img.H, page.Height) - math.Max(img.Y, 0)
		if w > 0 && h > 0 {
			best = math.Max(best, w*h/(page.Width*page.Height))
		}
	}
	return best
}

// hasText reports whether doc has any text or form widget.
func hasText(doc *document) bool {
	for _, pg := range doc.Pages {
		if len(pg.Runs)+len(pg.Checkboxes)+len(pg.Inputs) > 0 {
			return true
		}
	}
	return false
}

// markScans finds scanned pages and rasterizes them as their background:
// pages whose text is an invisible OCR layer over a page image, or every
// page of a document without any text that has pictures or drawings. It
// returns the scan kind ("" = not a scan). A document with neither text
// nor anything drawn is left as it is (refused as blank).
func markScans(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, d *document) (string, error) {
	kind := ""
	var pages []int
	if !hasText(d) {
		for _, pg := range d.Pages {
			if len(pg.Images)+len(pg.Boxes)+len(pg.Paths) > 0 {
				kind = ScanImage
			}
		}
		if kind == ScanImage {
			for i := range d.Pages {
				pages = append(pages, i)
			}
		}
	} else {
		for i, pg := range d.Pages {
			if ocrScan(pg) {
				kind = ScanOCR
				pages = append(pages, i)
			}
		}
	}
	budget := maxBackgroundBytes / max(len(pages), 1)
	for _, i := range pages {
		uri, err := rasterizePage(p, doc, i, budget)
		if err != nil {
			return "", fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		pg := d.Pages[i]
		pg.Background, pg.Images, pg.Boxes, pg.Paths = uri, nil, nil, nil
	}
	return kind, nil
}

// maxBackgroundBytes bounds the encoded background images of a document,
// so that a scan stays under the default template size (2 MiB, the data:
// URIs being base64).
const maxBackgroundBytes = 1400 << 10

// backgroundDPIs are tried in turn until a page's image fits its budget.
var backgroundDPIs = []int{150, 110, 80, 60}

// maxBackgroundPixels bounds the longer side of a background image.
const maxBackgroundPixels = 2400

// rasterizePage renders page index (without invisible text, as PDFium
// draws it) as a JPEG or PNG data: URI, whichever is smaller, at the
// highest resolution that keeps it within budget bytes.
func rasterizePage(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, index, budget int) (string, error) {
	var best []byte
	var mime string
	size, err := p.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: index})
	if err != nil {
		return "", err
	}
	// A poster-size page gets fewer dots per inch, not a giant bitmap.
	maxDPI := max(1, int(maxBackgroundPixels*72/math.Max(math.Max(size.Width, size.Height), 1)))
	last := 0
	for _, dpi := range backgroundDPIs {
		if dpi = min(dpi, maxDPI); dpi == last {
			continue
		}
		last = dpi
		img, err := p.RenderPageInDPI(&requests.RenderPageInDPI{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: index}}, DPI: dpi,
		})
		if err != nil {
			return "", err
		}
		pic := pagePixels(img.Result.RenderedImage)
		img.Cleanup()
		best, mime = encodeSmaller(pic)
		if len(best) <= budget {
			break
		}
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(best), nil
}

// pagePixels copies a rendered page into a grey image when it has no
// colour (most scans), else into an RGBA image on white.
func pagePixels(src image.Image) image.Image {
	b := src.Bounds()
	at := func(x, y int) (r, g, b, a uint32) { return src.At(x, y).RGBA() }
	if rgba, ok := src.(*image.RGBA); ok {
		at = func(x, y int) (r, g, b, a uint32) {
			px := rgba.Pix[rgba.PixOffset(x, y):]
			return uint32(px[0]) * 0x101, uint32(px[1]) * 0x101, uint32(px[2]) * 0x101, uint32(px[3]) * 0x101
		}
	}
	grey := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	colour := false
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, g, bl, a := at(b.Min.X+x, b.Min.Y+y)
			// Composite on white (a transparent page is paper).
			r, g, bl = r+0xffff-a, g+0xffff-a, bl+0xffff-a
			r8, g8, b8 := uint8(r>>8), uint8(g>>8), uint8(bl>>8)
			i := rgba.PixOffset(x, y)
			rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3] = r8, g8, b8, 255
			grey.Pix[grey.PixOffset(x, y)] = uint8((uint32(r8)*299 + uint32(g8)*587 + uint32(b8)*114) / 1000)
			if absDiff(r8, g8) > 8 || absDiff(g8, b8) > 8 {
				colour = true
			}
		}
	}
	if colour {
		return rgba
	}
	return grey
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// encodeSmaller encodes img as JPEG (quality 80) and PNG and keeps the
// smaller: PNG wins on bilevel text scans, JPEG on photos and greys.
func encodeSmaller(img image.Image) ([]byte, string) {
	var j, pn bytes.Buffer
	_ = jpeg.Encode(&j, img, &jpeg.Options{Quality: 80})
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&pn, img); err == nil && pn.Len() < j.Len() {
		return pn.Bytes(), "image/png"
	}
	return j.Bytes(), "image/jpeg"
}

// scanSummary is the structure summary of a scan.
func scanSummary(kind string, pages int, summary string) string {
	switch kind {
	case ScanImage:
		return fmt.Sprintf("A %d-page scanned document without a text layer: each page is kept as a background image; no fields (run OCR on it for editable text and fields).", pages)
	case ScanOCR:
		return summary + " Scanned pages: the page image is kept as the background and its OCR text lies invisible on top (selectable and searchable)."
	}
	return summary
}

// invisibleStyle places OCR text over the scan: transparent, stretched to
// the width the OCR measured so selection matches the words on the image.
func invisibleStyle(r Run) string {
	s := " color: transparent;"
	if w, ok := textWidth(r.Text, r.Font, r.Size); ok && w > 0 && r.W > 0 && len(r.Parts) == 0 && !r.Turned() {
		s += fmt.Sprintf(" transform: scaleX(%s); transform-origin: 0 0;", num3(r.W/w))
	}
	return s
}

// num3 formats a factor with three decimals.
func num3(v float64) string { return fmt.Sprintf("%.3f", v) }

// background writes a scanned page's image under its content.
func background(b *strings.Builder, p *Page) {
	fmt.Fprintf(b, "<img class=\"img\" style=\"left: 0; top: 0; width: %spt; height: %spt;\" src=\"%s\" alt=\"\">\n", num(p.Width), num(p.Height), p.Background)
}
