package frompdf

import (
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// drawnAnnotations are the annotation kinds a reader draws on the page as
// part of what it shows (not links, pop-ups or form widgets).
var drawnAnnotations = map[enums.FPDF_ANNOTATION_SUBTYPE]bool{
	enums.FPDF_ANNOT_SUBTYPE_FREETEXT: true, enums.FPDF_ANNOT_SUBTYPE_STAMP: true,
	enums.FPDF_ANNOT_SUBTYPE_SQUARE: true, enums.FPDF_ANNOT_SUBTYPE_CIRCLE: true,
	enums.FPDF_ANNOT_SUBTYPE_LINE: true, enums.FPDF_ANNOT_SUBTYPE_POLYGON: true,
	enums.FPDF_ANNOT_SUBTYPE_POLYLINE: true, enums.FPDF_ANNOT_SUBTYPE_INK: true,
}

// flattenAnnotations draws the text boxes, stamps and shapes that pages
// carry as annotations into the pages' content (in this in-memory copy),
// so their words are read like the page's own. Pages with form widgets
// are left alone: their fields are read from the widgets.
func flattenAnnotations(p pdfium.Pdfium, doc references.FPDF_DOCUMENT) {
	n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil {
		return
	}
	for i := 0; i < n.PageCount; i++ {
		loaded, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
		if err != nil {
			continue
		}
		page := requests.Page{ByReference: &loaded.Page}
		if drawnOnly(p, page) {
			_, _ = p.FPDFPage_Flatten(&requests.FPDFPage_Flatten{Page: page, Usage: requests.FPDFPage_FlattenUsageNormalDisplay})
		}
		_, _ = p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	}
}

// drawnOnly reports whether page has drawn annotations and no widget.
func drawnOnly(p pdfium.Pdfium, page requests.Page) bool {
	n, err := p.FPDFPage_GetAnnotCount(&requests.FPDFPage_GetAnnotCount{Page: page})
	if err != nil || n.Count == 0 {
		return false
	}
	drawn := false
	for i := 0; i < n.Count; i++ {
		a, err := p.FPDFPage_GetAnnot(&requests.FPDFPage_GetAnnot{Page: page, Index: i})
		if err != nil {
			continue
		}
		st, err := p.FPDFAnnot_GetSubtype(&requests.FPDFAnnot_GetSubtype{Annotation: a.Annotation})
		_, _ = p.FPDFPage_CloseAnnot(&requests.FPDFPage_CloseAnnot{Annotation: a.Annotation})
		if err != nil {
			continue
		}
		if st.Subtype == enums.FPDF_ANNOT_SUBTYPE_WIDGET {
			return false
		}
		drawn = drawn || drawnAnnotations[st.Subtype]
	}
	return drawn
}
