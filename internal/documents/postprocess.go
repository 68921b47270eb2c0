package documents

import (
	"context"

	"github.com/quirehq/quire/internal/auth"
)

// GenerateThen is Generate with post applied to the printed PDF before it
// is stored (an invoice's Factur-X attachment): the document is the
// changed file, metered, kept and announced like any other. It returns the
// result and the stored bytes.
func (s *Service) GenerateThen(ctx context.Context, p auth.Principal, r GenerateRequest, post func([]byte) ([]byte, error)) (*Result, []byte, error) {
	var stored []byte
	res, err := s.metered(ctx, p, kindGenerate, func() (output, error) {
		o, err := s.renderHTML(ctx, p, r)
		if err == nil && post != nil {
			o.data, err = post(o.data)
		}
		stored = o.data
		return o, err
	})
	if err != nil {
		return nil, nil, err
	}
	return res, stored, nil
}
