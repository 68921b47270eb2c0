package frompdf

import (
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// dashArray is a stroked path's dash pattern as an SVG stroke-dasharray,
// scaled like its width ("" = solid).
func dashArray(p pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, scale float64) string {
	n, err := p.FPDFPageObj_GetDashCount(&requests.FPDFPageObj_GetDashCount{PageObject: obj})
	if err != nil || n.DashCount == 0 {
		return ""
	}
	arr, err := p.FPDFPageObj_GetDashArray(&requests.FPDFPageObj_GetDashArray{PageObject: obj})
	if err != nil || len(arr.DashArray) == 0 {
		return ""
	}
	parts := make([]string, 0, len(arr.DashArray))
	total := 0.0
	for _, d := range arr.DashArray {
		v := float64(d) * scale
		if v < 0 {
			return ""
		}
		total += v
		parts = append(parts, num(v))
	}
	if total < 0.01 {
		return "" // all zero: PDF draws that solid
	}
	return strings.Join(parts, " ")
}
