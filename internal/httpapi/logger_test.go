package httpapi

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/errs"
)

// The API logs through the logger it is given: a failed readiness check
// (logged from a package function, with only the request at hand) lands in
// it with its cause, and the answer shows only the public reason.
func TestLogsGoToTheInjectedLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	h := New(Deps{Logger: logger, Checks: []Check{{Name: "database", Run: func(context.Context) error {
		return errs.Wrap(errors.New("dial tcp 127.0.0.1:5432: connection refused"), errs.Unavailable, "the database does not answer")
	}}}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz answered %d, want 503", rec.Code)
	}
	if body := rec.Body.String(); strings.Contains(body, "127.0.0.1:5432") || !strings.Contains(body, "the database does not answer") {
		t.Errorf("the answer shows the check's cause: %s", rec.Body)
	}
	for _, want := range []string{`msg="not ready" check=database`, "connection refused", "path=/readyz"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the injected logger lacks %q; it got:\n%s", want, buf.String())
		}
	}
}
