package testenv_test

import (
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

func TestPDFPages(t *testing.T) {
	pdf, err := os.ReadFile("../render/frompdf/testdata/corpus/invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	pages := testenv.PDFPages(t, pdf)
	if len(pages) != 1 || !strings.Contains(pages[0], "INV-2026-0147") {
		t.Fatalf("pages %d, text %q", len(pages), testenv.PDFText(t, pdf))
	}
}
