package apptest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
)

// refusingPrinter stands in for Chromium and refuses every page.
type refusingPrinter struct{}

func (refusingPrinter) Print(context.Context, documents.PrintJob) (documents.PrintedPDF, error) {
	return nil, errs.New(errs.RenderFailed, "the fake printer prints nothing")
}

// The documents service is built before any browser runs: until one is
// bound (StartRenderer, or App.UsePrinter in tests) HTML documents answer
// that the renderer is not started, and the bound printer is the one used.
func TestPrinterIsBoundAfterConstruction(t *testing.T) {
	s := apptest.New(t, nil)
	acc := s.NewAccount(t, "printer@example.com")
	body := map[string]any{"html": "<p>Hello {{name}}</p>", "data": map[string]any{"name": "Ada"}}
	s.Call(t, "POST", "/v1/documents/generate", acc.Key, body).
		WantError(t, http.StatusServiceUnavailable, errs.Unavailable, "the renderer is not started")
	s.App.UsePrinter(refusingPrinter{})
	s.Call(t, "POST", "/v1/documents/generate", acc.Key, body).
		WantError(t, http.StatusUnprocessableEntity, errs.RenderFailed, "the fake printer prints nothing")
}
