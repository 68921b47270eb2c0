package frompdf

import (
	"fmt"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// Text field flags (PDF 1.7, table 228) and the /Q values.
const (
	fieldFlagMultiline = 1 << 12
	fieldFlagComb      = 1 << 24
	quaddingCenter     = 1
	quaddingRight      = 2
)

// inputFont is the face the template sets field values in (.input).
var inputFont = Font{Family: "Liberation Sans", Generic: `"Liberation Sans", Arial, Helvetica, sans-serif`}

// textFieldLayout sets how in's value is set as a reader sets it: the
// size of its default appearance (/DA; 0 there is "auto", kept as the
// size fitted to the height), its alignment (/Q) and, for a comb field,
// its cells (MaxLen).
func textFieldLayout(p pdfium.Pdfium, form references.FPDF_FORMHANDLE, annot references.FPDF_ANNOTATION, in *Input) {
	if s, err := p.FPDFAnnot_GetFontSize(&requests.FPDFAnnot_GetFontSize{FormHandle: form, Annotation: annot}); err == nil && s.FontSize >= 4 && float64(s.FontSize) <= in.H*1.2 {
		in.Size = float64(s.FontSize)
	}
	if q, err := p.FPDFAnnot_GetNumberValue(&requests.FPDFAnnot_GetNumberValue{Annotation: annot, Key: "Q"}); err == nil {
		switch int(q.Value) {
		case quaddingCenter:
			in.Align = "center"
		case quaddingRight:
			in.Align = "right"
		}
	}
	f, err := p.FPDFAnnot_GetFormFieldFlags(&requests.FPDFAnnot_GetFormFieldFlags{FormHandle: form, Annotation: annot})
	if err != nil || int(f.Flags)&fieldFlagComb == 0 || int(f.Flags)&fieldFlagMultiline != 0 {
		return
	}
	if m, err := p.FPDFAnnot_GetNumberValue(&requests.FPDFAnnot_GetNumberValue{Annotation: annot, Key: "MaxLen"}); err == nil && m.Value >= 2 && m.Value <= 200 {
		in.Comb = int(m.Value)
	}
}

// inputLayout is the CSS setting a field's value as textFieldLayout read
// it. A comb's characters are spaced one per cell, centred in it as a
// reader centres them (the spacing is measured on a digit, as comb
// fields mostly hold numbers).
func inputLayout(in Input) string {
	if in.Comb > 0 {
		cell := in.W / float64(in.Comb)
		digit, ok := textWidth("0", inputFont, in.Size)
		if !ok {
			digit = 0.556 * in.Size
		}
		gap := cell - digit
		return fmt.Sprintf(" padding: 0 0 0 %spt; letter-spacing: %spt;", num(gap/2), num(gap))
	}
	if in.Align != "" {
		return " text-align: " + in.Align + ";"
	}
	return ""
}
