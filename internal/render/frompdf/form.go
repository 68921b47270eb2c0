package frompdf

import (
	"math"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
)

// readForm adds the AcroForm check boxes and text fields of doc to its
// pages: check boxes become {{#if}} boxes, text fields blanks with their
// current value as sample data. PDFs without a form are left as they are.
func readForm(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, out *document) error {
	env, err := p.FPDFDOC_InitFormFillEnvironment(&requests.FPDFDOC_InitFormFillEnvironment{
		Document: doc,
		FormFillInfo: structs.FPDF_FORMFILLINFO{
			FFI_Invalidate:         func(page references.FPDF_PAGE, left, top, right, bottom float64) {},
			FFI_SetCursor:          func(cursorType enums.FXCT) {},
			FFI_SetTimer:           func(elapse int, timerFunc func(idEvent int)) int { return 0 },
			FFI_KillTimer:          func(timerID int) {},
			FFI_GetLocalTime:       func() structs.FPDF_SYSTEMTIME { return structs.FPDF_SYSTEMTIME{} },
			FFI_GetPage:            func(document references.FPDF_DOCUMENT, index int) *references.FPDF_PAGE { return nil },
			FFI_GetRotation:        func(page references.FPDF_PAGE) enums.FPDF_PAGE_ROTATION { return enums.FPDF_PAGE_ROTATION_NONE },
			FFI_ExecuteNamedAction: func(namedAction string) {},
		},
	})
	if err != nil {
		return nil // no form support: the static content is enough
	}
	defer p.FPDFDOC_ExitFormFillEnvironment(&requests.FPDFDOC_ExitFormFillEnvironment{FormHandle: env.FormHandle})
	for i, page := range out.Pages {
		loaded, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
		if err != nil {
			continue
		}
		// A page loaded into the form fill environment has its widgets'
		// controls (export values, states) known to PDFium.
		p.FORM_OnAfterLoadPage(&requests.FORM_OnAfterLoadPage{Page: requests.Page{ByReference: &loaded.Page}, FormHandle: env.FormHandle})
		readWidgets(p, env.FormHandle, requests.Page{ByReference: &loaded.Page}, page)
		p.FORM_OnBeforeClosePage(&requests.FORM_OnBeforeClosePage{Page: requests.Page{ByReference: &loaded.Page}, FormHandle: env.FormHandle})
		p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	}
	return nil
}

func readWidgets(p pdfium.Pdfium, form references.FPDF_FORMHANDLE, ref requests.Page, page *Page) {
	n, err := p.FPDFPage_GetAnnotCount(&requests.FPDFPage_GetAnnotCount{Page: ref})
	if err != nil {
		return
	}
	for i := 0; i < n.Count; i++ {
		a, err := p.FPDFPage_GetAnnot(&requests.FPDFPage_GetAnnot{Page: ref, Index: i})
		if err != nil {
			continue
		}
		readWidget(p, form, a.Annotation, page)
		p.FPDFPage_CloseAnnot(&requests.FPDFPage_CloseAnnot{Annotation: a.Annotation})
	}
}

func readWidget(p pdfium.Pdfium, form references.FPDF_FORMHANDLE, annot references.FPDF_ANNOTATION, page *Page) {
	sub, err := p.FPDFAnnot_GetSubtype(&requests.FPDFAnnot_GetSubtype{Annotation: annot})
	if err != nil || sub.Subtype != enums.FPDF_ANNOT_SUBTYPE_WIDGET {
		return
	}
	typ, err := p.FPDFAnnot_GetFormFieldType(&requests.FPDFAnnot_GetFormFieldType{FormHandle: form, Annotation: annot})
	if err != nil {
		return
	}
	rect, err := p.FPDFAnnot_GetRect(&requests.FPDFAnnot_GetRect{Annotation: annot})
	if err != nil {
		return
	}
	name := ""
	if nm, err := p.FPDFAnnot_GetFormFieldName(&requests.FPDFAnnot_GetFormFieldName{FormHandle: form, Annotation: annot}); err == nil {
		name = nm.FormFieldName
	}
	// Widget rectangles are in page space (y up).
	x, y, w, h := page.tf.rect(float64(rect.Rect.Left), float64(rect.Rect.Bottom), float64(rect.Rect.Right), float64(rect.Rect.Top))
	if w < 2 || h < 2 || hiddenWidget(p, annot) {
		return
	}
	shapes := len(page.Boxes) + len(page.Paths)
	if typ.FormFieldType == enums.FPDF_FORMFIELD_TYPE_CHECKBOX || typ.FormFieldType == enums.FPDF_FORMFIELD_TYPE_RADIOBUTTON {
		readOffAppearance(p, annot, rect.Rect, page)
	} else {
		readAppearance(p, annot, rect.Rect, page)
	}
	drawn := len(page.Boxes)+len(page.Paths) > shapes
	switch typ.FormFieldType {
	case enums.FPDF_FORMFIELD_TYPE_PUSHBUTTON:
		readCaption(p, annot, rect.Rect, page)
	case enums.FPDF_FORMFIELD_TYPE_CHECKBOX:
		checked := false
		if c, err := p.FPDFAnnot_IsChecked(&requests.FPDFAnnot_IsChecked{FormHandle: form, Annotation: annot}); err == nil {
			checked = c.IsChecked
		}
		// Without a loaded form page PDFium may not know the state: the
		// field's value (its "on" state name, or Off) tells it.
		if v, err := p.FPDFAnnot_GetFormFieldValue(&requests.FPDFAnnot_GetFormFieldValue{FormHandle: form, Annotation: annot}); err == nil && v.FormFieldValue != "" && v.FormFieldValue != "Off" {
			checked = true
		}
		// A box whose appearance draws its frame has no frame of its own.
		page.Checkboxes = append(page.Checkboxes, Checkbox{X: x, Y: y, W: w, H: h, Name: name, Checked: checked, Bare: drawn, Mark: onMark(p, form, annot, "")})
	case enums.FPDF_FORMFIELD_TYPE_RADIOBUTTON:
		page.Checkboxes = append(page.Checkboxes, radioButton(p, form, annot, name, x, y, w, h))
	case enums.FPDF_FORMFIELD_TYPE_TEXTFIELD:
		value := ""
		if v, err := p.FPDFAnnot_GetFormFieldValue(&requests.FPDFAnnot_GetFormFieldValue{FormHandle: form, Annotation: annot}); err == nil {
			value = v.FormFieldValue
		}
		in := Input{X: x, Y: y, W: w, H: h, Name: name, Value: value, Size: math.Min(math.Max(h*0.7, 6), 12)}
		textFieldLayout(p, form, annot, &in)
		page.Inputs = append(page.Inputs, in)
	}
}

// checkboxes registers a page's check boxes and text fields as fields.
func (d *detector) checkboxes(p *Page) {
	for i := range p.Checkboxes {
		c := &p.Checkboxes[i]
		c.Name = d.add(fieldBase(c.Name, "checkbox"), TypeCheckbox, c.Checked)
	}
	for i := range p.Inputs {
		in := &p.Inputs[i]
		in.Name = d.add(fieldBase(in.Name, "text"), valueType(in.Value, in.Name), in.Value)
	}
}

// fieldBase names a form field from its PDF name ("topmostSubform[0].
// Page1[0].f1_01[0]" keeps its last part).
func fieldBase(name, fallback string) string {
	if i := lastDot(name); i >= 0 {
		name = name[i+1:]
	}
	if base := snake(name); base != "" {
		return base
	}
	return fallback
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}
