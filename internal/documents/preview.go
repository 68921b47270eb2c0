package documents

import (
	"context"
	"strings"

	"github.com/quirehq/quire/internal/errs"
)

// Preview renders HTML template source with data exactly as Generate
// prints a template (same compiler, printer, options and page limit), but
// the PDF is only returned: it is not stored, not a document, and not
// counted against any quota. Callers rate-limit it per person.
func (s *Service) Preview(ctx context.Context, src string, data map[string]any, opts GenerateOptions) ([]byte, int, error) {
	if strings.TrimSpace(src) == "" {
		return nil, 0, errs.New(errs.Validation, "the template is empty")
	}
	data = dataOrEmpty(data)
	if err := s.deps.DataLimits.check(data); err != nil {
		return nil, 0, err
	}
	tpl, err := s.deps.Compile(src) // not cached: every keystroke is a new source
	if err != nil {
		return nil, 0, err
	}
	ctx, cancel := s.renderDeadline(ctx)
	defer cancel()
	pdf, err := s.printPDF(ctx, tpl, data, opts)
	if err != nil {
		return nil, 0, s.renderFailure(ctx, err)
	}
	defer pdf.Close()
	pages := pdf.Pages()
	if err := s.checkPages(output{pages: &pages}); err != nil {
		return nil, 0, err
	}
	b, err := pdf.Bytes() // previews are shown whole in the editor
	return b, pages, err
}
