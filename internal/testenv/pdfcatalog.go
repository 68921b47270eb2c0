package testenv

import (
	"bytes"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// PDFCatalogHas reports whether the PDF's document catalog, as read by
// pdfcpu, has any of the given keys (e.g. "StructTreeRoot" of a tagged PDF).
func PDFCatalogHas(tb testing.TB, pdf []byte, keys ...string) bool {
	tb.Helper()
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		tb.Fatalf("pdfcpu: %v", err)
	}
	root, err := ctx.Catalog()
	if err != nil {
		tb.Fatalf("catalog: %v", err)
	}
	for _, k := range keys {
		if _, found := root.Find(k); found {
			return true
		}
	}
	return false
}
