package invoices

import (
	"context"

	"github.com/quirehq/quire/internal/auth"
)

// Renderer prints an invoice's HTML as a Quire document and reads stored
// documents back: the documents service, adapted in internal/app.
type Renderer interface {
	// Render renders page's template with its data and prints it as a
	// PDF document of p named filename; with facturX set, a Factur-X
	// PDF/A-3 carrying that CII XML and titled title.
	Render(ctx context.Context, p auth.Principal, page Printable, filename string, facturX []byte, title string) (documentID string, pdf []byte, err error)
	// Stored returns the bytes of a document of p's account; an error when
	// it is gone (deleted or expired).
	Stored(ctx context.Context, p auth.Principal, documentID string) ([]byte, error)
}
