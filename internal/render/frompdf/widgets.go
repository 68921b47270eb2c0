package frompdf

import (
	"fmt"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
)

// hiddenWidget reports whether a reader leaves the widget out (hidden,
// no-view or invisible): such fields (calculation helpers, mostly) are
// not part of what the page shows, so the template has no place for them.
func hiddenWidget(p pdfium.Pdfium, annot references.FPDF_ANNOTATION) bool {
	f, err := p.FPDFAnnot_GetFlags(&requests.FPDFAnnot_GetFlags{Annotation: annot})
	return err == nil && f.Flags&(enums.FPDF_ANNOT_FLAG_HIDDEN|enums.FPDF_ANNOT_FLAG_NOVIEW|enums.FPDF_ANNOT_FLAG_INVISIBLE) != 0
}

// readAppearance adds the shapes a widget's normal appearance draws (a
// text field's background and border, a check box's or radio button's
// frame and circle, a button's face) to page, as a reader shows them.
// Its text (values, captions, check marks) is left out: the template
// draws values through its fields. The appearance is taken as drawn
// from its bounding box's origin at the rectangle's lower-left corner.
func readAppearance(p pdfium.Pdfium, annot references.FPDF_ANNOTATION, rect structs.FPDF_FS_RECTF, page *Page) {
	n, err := p.FPDFAnnot_GetObjectCount(&requests.FPDFAnnot_GetObjectCount{Annotation: annot})
	if err != nil {
		return
	}
	at := matrix{1, 0, 0, 1, float64(rect.Left), float64(rect.Bottom)}
	// Each shape is read into a page of its own, then takes its place in
	// the page's painting order, over what the page drew: a button's
	// bevel over its face, a comb field's dividers over its background.
	for i := 0; i < n.Count; i++ {
		o, err := p.FPDFAnnot_GetObject(&requests.FPDFAnnot_GetObject{Annotation: annot, Index: i})
		if err != nil {
			continue
		}
		typ, err := p.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err != nil || typ.Type != enums.FPDF_PAGEOBJ_PATH {
			continue
		}
		s := Page{tf: page.tf}
		readPath(p, &s, o.PageObject, objectMatrix(p, o.PageObject).then(at), page.tf)
		for _, b := range s.Boxes {
			b.seq = page.nextSeq()
			page.Boxes = append(page.Boxes, b)
		}
		for _, path := range s.Paths {
			path.seq = page.nextSeq()
			page.Paths = append(page.Paths, path)
		}
	}
}

// readOffAppearance reads a check box's or radio button's appearance in
// its Off state: its frame, not its mark, which the template draws when
// its field is true (a selected radio button's dot drawn from its On
// appearance would show whatever the data says). The state is set back.
func readOffAppearance(p pdfium.Pdfium, annot references.FPDF_ANNOTATION, rect structs.FPDF_FS_RECTF, page *Page) {
	as, err := p.FPDFAnnot_GetStringValue(&requests.FPDFAnnot_GetStringValue{Annotation: annot, Key: "AS"})
	if err != nil || as.Value == "" || as.Value == "Off" {
		readAppearance(p, annot, rect, page)
		return
	}
	if _, err := p.FPDFAnnot_SetStringValue(&requests.FPDFAnnot_SetStringValue{Annotation: annot, Key: "AS", Value: "Off"}); err != nil {
		return
	}
	readAppearance(p, annot, rect, page)
	p.FPDFAnnot_SetStringValue(&requests.FPDFAnnot_SetStringValue{Annotation: annot, Key: "AS", Value: as.Value})
}

// rectPath is the SVG path of a rectangle.
func rectPath(x, y, w, h float64) string {
	return fmt.Sprintf("M%s %sH%sV%sH%sZ", num(x), num(y), num(x+w), num(y+h), num(x))
}

// radioButton is one button of a radio group as a check box of its own,
// named after the group and the button's export value ("cm_oui"): the
// template ticks it when its field is true. Its frame is the widget's
// appearance (or the page's), drawn as a reader draws it.
func radioButton(p pdfium.Pdfium, form references.FPDF_FORMHANDLE, annot references.FPDF_ANNOTATION, group string, x, y, w, h float64) Checkbox {
	name := group
	if v, err := p.FPDFAnnot_GetFormFieldExportValue(&requests.FPDFAnnot_GetFormFieldExportValue{FormHandle: form, Annotation: annot}); err == nil && v.Value != "" {
		name = group + "_" + v.Value
	}
	checked := false
	if c, err := p.FPDFAnnot_IsChecked(&requests.FPDFAnnot_IsChecked{FormHandle: form, Annotation: annot}); err == nil {
		checked = c.IsChecked
	}
	return Checkbox{X: x, Y: y, W: w, H: h, Name: name, Checked: checked, Bare: true, Mark: onMark(p, form, annot, "●")}
}
