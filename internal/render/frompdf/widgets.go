package frompdf

import (
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
)

// readAppearance adds the shapes a widget's normal appearance draws (a
// text field's background and border, a check box's or radio button's
// frame and circle, a button's face) to page, as a reader shows them.
// Its text (values, captions, check marks) is left out: the template
// draws values through its fields. The appearance is taken as drawn
// from its bounding box's origin at the rectangle's lower-left corner.
func readAppearance(p pdfium.Pdfium, annot references.FPDF_ANNOTATION, rect structs.FPDF_FS_RECTF, page *Page) {
	if f, err := p.FPDFAnnot_GetFlags(&requests.FPDFAnnot_GetFlags{Annotation: annot}); err == nil &&
		f.Flags&(enums.FPDF_ANNOT_FLAG_HIDDEN|enums.FPDF_ANNOT_FLAG_NOVIEW|enums.FPDF_ANNOT_FLAG_INVISIBLE) != 0 {
		return
	}
	n, err := p.FPDFAnnot_GetObjectCount(&requests.FPDFAnnot_GetObjectCount{Annotation: annot})
	if err != nil {
		return
	}
	at := matrix{1, 0, 0, 1, float64(rect.Left), float64(rect.Bottom)}
	for i := 0; i < n.Count; i++ {
		o, err := p.FPDFAnnot_GetObject(&requests.FPDFAnnot_GetObject{Annotation: annot, Index: i})
		if err != nil {
			continue
		}
		typ, err := p.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err != nil || typ.Type != enums.FPDF_PAGEOBJ_PATH {
			continue
		}
		readPath(p, page, o.PageObject, objectMatrix(p, o.PageObject).then(at), page.tf)
	}
}
