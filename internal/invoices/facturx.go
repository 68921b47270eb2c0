package invoices

import "github.com/quirehq/quire/internal/errs"

// FacturX turns a printed invoice into a Factur-X PDF/A-3 carrying xml.
func (s *Service) FacturX(pdf, xml []byte, inv *Invoice) ([]byte, error) {
	if s.Attach == nil {
		return nil, errs.New(errs.Unavailable, "Factur-X PDFs are not available")
	}
	return s.Attach(pdf, xml, inv)
}
