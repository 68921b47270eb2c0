package documents

import (
	"context"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// SandboxMark is stamped on every page of every document made with a test
// key, as the reference API does.
const SandboxMark = "SANDBOX — NOT FOR PRODUCTION"

// Watermarker stamps text visibly on every page of a PDF or DOCX
// (contentType says which).
type Watermarker func(data []byte, contentType, text string) ([]byte, error)

// markSandbox watermarks the finished output of a sandbox render, whatever
// its kind: HTML → PDF, filled forms (flattened or not), DOCX, DOCX → PDF.
// A sandbox document is never handed out unmarked: without a watermarker
// the render fails.
func (s *Service) markSandbox(ctx context.Context, p auth.Principal, o output) (output, error) {
	if !p.Sandbox() {
		return o, nil
	}
	if s.deps.Watermark == nil {
		return output{}, errs.New(errs.Unavailable, "sandbox documents cannot be watermarked on this server")
	}
	// pdfcpu edits a PDF in memory: sandbox documents are read whole.
	o, err := o.inMemory()
	if err != nil {
		return output{}, err
	}
	marked, err := bounded(ctx, func() ([]byte, error) { return s.deps.Watermark(o.data, o.contentType, SandboxMark) })
	if ctx.Err() != nil {
		return output{}, s.renderFailure(ctx, err)
	}
	if err != nil {
		return output{}, errs.Wrap(err, errs.RenderFailed, "the sandbox watermark could not be applied")
	}
	o.data = marked
	return o, nil
}
