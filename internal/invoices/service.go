package invoices

import (
	"time"

	"github.com/quirehq/quire/internal/store"
)

// Service manages customers, invoices and the seller settings.
type Service struct {
	Store store.Store
	// Renderer prints invoices as PDF documents; nil: no PDFs.
	Renderer Renderer
	// Attach makes a Factur-X PDF/A-3 of a printed invoice and its CII XML;
	// nil: no Factur-X PDFs.
	Attach func(pdf, xml []byte, inv *Invoice) ([]byte, error)
	// Now is the clock (tests may set it); nil: time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}
