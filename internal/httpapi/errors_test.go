package httpapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/errs"
)

// 503 answers tell clients when to come back; others carry no Retry-After
// of ours (429 sets its own).
func TestUnavailableCarriesRetryAfter(t *testing.T) {
	cases := map[error]string{
		errs.New(errs.Unavailable, "the browser is restarting"): unavailableRetryAfter,
		context.DeadlineExceeded:                                unavailableRetryAfter,
		errs.New(errs.RenderFailed, "render failed"):            "",
		errs.New(errs.RateLimited, "slow down"):                 "",
	}
	for err, want := range cases {
		var he huma.HeadersError
		if !errors.As(fail(context.Background(), err), &he) {
			t.Fatalf("%v: no headers", err)
		}
		if got := he.GetHeaders().Get("Retry-After"); got != want {
			t.Errorf("%v: Retry-After %q, want %q", err, got, want)
		}
	}
	if s := fail(context.Background(), errs.New(errs.Unavailable, "x")).(huma.StatusError).GetStatus(); s != http.StatusServiceUnavailable {
		t.Errorf("status %d", s)
	}
}
