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
// pdfcpu edits a PDF in memory: e-invoices (one or a few pages) are read
// whole.
func (s *Service) attachEInvoice(ctx context.Context, r GenerateRequest, o output) (output, error) {
	if r.EInvoice == nil {
		return o, nil
	}
	if s.deps.AttachEInvoice == nil {
		return o, errs.New(errs.Unavailable, "Factur-X e-invoices are not available on this server")
	}
	o, err := o.inMemory()
	if err != nil {
		return output{}, err
	}
	o.data, err = bounded(ctx, func() ([]byte, error) { return s.deps.AttachEInvoice(o.data, *r.EInvoice) })
	return o, err
}

// inMemory reads a spooled output whole (for the post-processing that
// pdfcpu does in memory) and frees its spool file.
func (o output) inMemory() (output, error) {
	if o.file == nil {
		return o, nil
	}
	data, err := o.file.Bytes()
	o.close()
	if err != nil {
		return output{}, errs.Wrap(err, errs.RenderFailed, "the printed PDF could not be read")
	}
	o.data, o.file = data, nil
	return o, nil
}
