package app

import (
	"context"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/invoices"
	"github.com/quirehq/quire/internal/render/facturx"
)

// openInvoices builds invoicing on the documents service: invoices print
// through the normal HTML path and become normal documents.
func (a *App) openInvoices() {
	a.Invoices = &invoices.Service{Store: a.Store, Renderer: invoiceRenderer{docs: a.Documents}, Attach: attachFacturX}
}

// invoiceRenderer prints invoices as documents of the account.
type invoiceRenderer struct{ docs *documents.Service }

func (r invoiceRenderer) Render(ctx context.Context, p auth.Principal, page invoices.Printable, filename string, post func([]byte) ([]byte, error)) (string, []byte, error) {
	res, pdf, err := r.docs.GenerateThen(ctx, p, documents.GenerateRequest{
		HTML: page.Template, Data: page.Data, Options: documents.GenerateOptions{Format: "A4", Filename: filename},
	}, post)
	if err != nil {
		return "", nil, err
	}
	return res.ID, pdf, nil
}

func (r invoiceRenderer) Stored(ctx context.Context, p auth.Principal, documentID string) ([]byte, error) {
	data, _, err := r.docs.File(ctx, p, documentID)
	return data, err
}

// attachFacturX makes the Factur-X PDF/A-3b of a printed invoice.
func attachFacturX(pdf, xml []byte, inv *invoices.Invoice) ([]byte, error) {
	icc, err := facturx.SRGBProfile()
	if err != nil {
		return nil, errs.Wrap(err, errs.Unavailable, "Factur-X PDFs need an sRGB ICC profile: install the Debian package icc-profiles-free")
	}
	title := "Invoice " + *inv.Number
	if inv.TypeCode == invoices.TypeCreditNote {
		title = "Credit note " + *inv.Number
	}
	out, err := facturx.Attach(pdf, facturx.Document{XML: xml, Title: title, Level: "EN 16931", Type: "INVOICE"}, icc)
	if err != nil {
		return nil, errs.Wrap(err, errs.RenderFailed, "the Factur-X PDF could not be made")
	}
	return out, nil
}
