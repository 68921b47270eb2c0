package webhooks

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

// sendRequestHook makes the one unsigned POST of a per-request webhook. It
// is fire-and-forget: the outcome is only logged.
func (s *Service) sendRequestHook(ctx context.Context, a RequestHookArgs) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL, bytes.NewReader(a.Body))
	if err != nil {
		s.deps.Logger.WarnContext(ctx, "per-request webhook not sent", "document", a.DocumentID, "err", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	o := s.do(req, time.Now())
	s.deps.Logger.InfoContext(ctx, "per-request webhook", "account", a.AccountID, "document", a.DocumentID,
		"status", o.status, "latency_ms", o.latency.Milliseconds(), "error", o.err)
}
