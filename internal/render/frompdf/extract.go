package frompdf

import (
	"errors"
	"fmt"
	"math"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdferr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// Reasons a PDF cannot be converted; the caller maps them to client errors.
var (
	ErrNotPDF    = errors.New("the file is not a PDF")
	ErrEncrypted = errors.New("the PDF is encrypted (password protected)")
	ErrDamaged   = errors.New("the PDF is damaged and cannot be read")
	ErrNoText    = errors.New("the PDF has no text and nothing drawn (blank pages): nothing to make a template from")
	ErrNoPages   = errors.New("the PDF has no pages")
)

// document is what extraction reads from a PDF.
type document struct {
	Pages []*Page
	Fonts *fontRegistry // the PDF's fonts used as web fonts
}

// openDocument loads pdf into p, mapping PDFium's errors to ours.
func openDocument(p pdfium.Pdfium, pdf []byte) (references.FPDF_DOCUMENT, error) {
	if !looksLikePDF(pdf) {
		return "", ErrNotPDF
	}
	doc, err := p.OpenDocument(&requests.OpenDocument{File: &pdf})
	switch {
	case err == nil:
		return doc.Document, nil
	case errors.Is(err, pdferr.ErrPassword), errors.Is(err, pdferr.ErrSecurity):
		return "", ErrEncrypted
	default:
		return "", fmt.Errorf("%w: %v", ErrDamaged, err)
	}
}

// looksLikePDF checks the %PDF- header in the first KiB (as readers do).
func looksLikePDF(b []byte) bool {
	n := min(len(b), 1024)
	for i := 0; i+5 <= n; i++ {
		if string(b[i:i+5]) == "%PDF-" {
			return true
		}
	}
	return false
}

// extract reads every page of doc.
func extract(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, maxPages int) (*document, error) {
	count, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if count.PageCount == 0 {
		return nil, ErrNoPages
	}
	if maxPages > 0 && count.PageCount > maxPages {
		return nil, fmt.Errorf("%w: the PDF has %d pages; at most %d are converted", ErrTooManyPages, count.PageCount, maxPages)
	}
	out := &document{Fonts: newFontRegistry()}
	for i := 0; i < count.PageCount; i++ {
		page, err := extractPage(p, doc, i, out.Fonts)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		out.Pages = append(out.Pages, page)
	}
	out.Fonts.finalize(out.Pages)
	return out, nil
}

// ErrTooManyPages reports a PDF over the page limit.
var ErrTooManyPages = errors.New("too many pages")

func extractPage(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int, reg *fontRegistry) (*Page, error) {
	loaded, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return nil, err
	}
	defer p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	ref := requests.Page{ByReference: &loaded.Page}
	size, err := p.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: index})
	if err != nil {
		return nil, err
	}
	page := &Page{Width: size.Width, Height: size.Height}
	tf := newPageTransform(p, ref, size.Width, size.Height)
	page.tf = tf
	chars, err := readChars(p, ref, tf, reg)
	if err != nil {
		return nil, err
	}
	upright, turned := splitSideways(chars)
	page.Runs = append(groupRuns(upright), groupSideways(turned)...)
	objs, err := p.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil {
		return nil, err
	}
	for i := 0; i < objs.Count; i++ {
		obj, err := p.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: i})
		if err != nil {
			continue
		}
		readObject(p, pageRef{doc, ref}, page, obj.PageObject, identity, tf, unclipped, 0)
	}
	dropOutside(page)
	return page, nil
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{1, 0, 0, 1, 0, 0}

// then returns m followed by n.
func (m matrix) then(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.b*n.c, b: m.a*n.b + m.b*n.d,
		c: m.c*n.a + m.d*n.c, d: m.c*n.b + m.d*n.d,
		e: m.e*n.a + m.f*n.c + n.e, f: m.e*n.b + m.f*n.d + n.f,
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

func objectMatrix(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT) matrix {
	r, err := p.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
	if err != nil {
		return identity
	}
	m := r.Matrix
	return matrix{float64(m.A), float64(m.B), float64(m.C), float64(m.D), float64(m.E), float64(m.F)}
}

// readObject adds a path, image or (recursively) form XObject to page.
// parent is the transformation of the enclosing form objects, clip the
// box their clipping paths leave (applied to images).
func readObject(p pdfium.Pdfium, at pageRef, page *Page, obj references.FPDF_PAGEOBJECT, parent matrix, tf pageTransform, clip clipArea, depth int) {
	typ, err := p.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj})
	if err != nil {
		return
	}
	switch typ.Type {
	case enums.FPDF_PAGEOBJ_PATH:
		readPath(p, page, obj, objectMatrix(p, obj).then(parent), tf)
	case enums.FPDF_PAGEOBJ_IMAGE:
		readImage(p, at, page, obj, objectMatrix(p, obj).then(parent), parent, tf, clip)
	case enums.FPDF_PAGEOBJ_FORM:
		if depth > 8 {
			return
		}
		m := objectMatrix(p, obj).then(parent)
		clip = clip.intersect(readClip(p, obj, parent, tf))
		n, err := p.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: obj})
		if err != nil {
			return
		}
		for i := 0; i < n.Count; i++ {
			child, err := p.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: obj, Index: uint64(i)})
			if err == nil {
				readObject(p, at, page, child.PageObject, m, tf, clip, depth+1)
			}
		}
	}
}

func cssColor(r, g, b, a uint) string {
	if a == 0 {
		return ""
	}
	return fmt.Sprintf("#%02x%02x%02x", r&255, g&255, b&255)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
