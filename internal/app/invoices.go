package app

import (
	"context"
	"io"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/invoices"
	"github.com/quirehq/quire/internal/render/facturx"
)

// openInvoices builds invoicing on the documents service: invoices print
// through the normal HTML path and become normal documents (documents carry
// a Factur-X invoice through attachFacturX, given to documents.New).
func (a *App) openInvoices() {
	a.Invoices = &invoices.Service{Store: a.Store, Renderer: invoiceRenderer{docs: a.Documents}}
}

// invoiceRenderer prints invoices as documents of the account.
type invoiceRenderer struct{ docs *documents.Service }

func (r invoiceRenderer) Render(ctx context.Context, p auth.Principal, page invoices.Printable, filename string, facturX []byte, title string) (string, []byte, error) {
	req := documents.GenerateRequest{HTML: page.Template, Data: page.Data, Options: documents.GenerateOptions{Format: "A4", Filename: filename}}
	if page.TemplateID != "" {
		req.HTML, req.TemplateID = "", page.TemplateID
	}
	if facturX != nil {
		req.EInvoice = &documents.EInvoice{XML: facturX, Title: title}
	}
	res, err := r.docs.Generate(ctx, p, req)
	if err != nil {
		return "", nil, err
	}
	pdf, err := r.Stored(ctx, p, res.ID)
	return res.ID, pdf, err
}

// Stored reads a stored invoice PDF whole: invoices are a few pages, and
// their callers (the PDF route, Factur-X) want the bytes.
func (r invoiceRenderer) Stored(ctx context.Context, p auth.Principal, documentID string) ([]byte, error) {
	f, _, err := r.docs.File(ctx, p, documentID)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// attachFacturX makes the Factur-X PDF/A-3b (EN 16931 profile) of a
// printed PDF and its invoice XML.
func attachFacturX(pdf []byte, e documents.EInvoice) ([]byte, error) {
	icc, err := facturx.SRGBProfile()
	if err != nil {
		return nil, errs.Wrap(err, errs.Unavailable, "Factur-X PDFs need an sRGB ICC profile: install the Debian package icc-profiles-free")
	}
	out, err := facturx.Attach(pdf, facturx.Document{XML: e.XML, Title: e.Title, Level: "EN 16931", Type: "INVOICE"}, icc)
	if err != nil {
		return nil, errs.Wrap(err, errs.RenderFailed, "the Factur-X PDF could not be made")
	}
	return out, nil
}
