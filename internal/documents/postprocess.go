package documents

import (
	"context"

	"github.com/quirehq/quire/internal/errs"
)

// EInvoice is a structured invoice a generated PDF carries: the PDF
// becomes a Factur-X / ZUGFeRD PDF/A-3 with XML attached as factur-x.xml.
type EInvoice struct {
	XML   []byte `json:"xml"`
	Title string `json:"title"`
}

// attachEInvoice turns a printed PDF into the e-invoice r asks for, if any.
func (s *Service) attachEInvoice(ctx context.Context, r GenerateRequest, pdf []byte) ([]byte, error) {
	if r.EInvoice == nil {
		return pdf, nil
	}
	if s.deps.AttachEInvoice == nil {
		return nil, errs.New(errs.Unavailable, "Factur-X e-invoices are not available on this server")
	}
	return bounded(ctx, func() ([]byte, error) { return s.deps.AttachEInvoice(pdf, *r.EInvoice) })
}
