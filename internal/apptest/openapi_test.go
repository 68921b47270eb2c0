package apptest_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

// TestOpenAPICodesAreRegistered: every error code the OpenAPI document
// names (in descriptions and examples) is in the registry, so the document
// promises only codes the server can answer.
func TestOpenAPICodesAreRegistered(t *testing.T) {
	s := apptest.New(t, nil)
	doc := s.Call(t, "GET", "/openapi.json", "", nil).WantStatus(t, 200)
	named := 0
	for _, w := range regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`).FindAllString(string(doc.Body), -1) {
		if strings.HasPrefix(w, "QUIRE_") { // settings, not codes
			continue
		}
		named++
		if _, ok := errs.Status(w); !ok {
			t.Errorf("the OpenAPI document names %s, which is not a registered error code", w)
		}
	}
	if named < 10 {
		t.Fatalf("the OpenAPI document names only %d error codes: is it the right document?", named)
	}
}
