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
	// Now is the clock (tests may set it); nil: time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}
