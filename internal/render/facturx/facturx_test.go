package facturx

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// A PDF made by another tool (the from-pdf fixture) gets the attachment,
// the XMP with the Info dictionary's dates and the output intent.
func TestAttachToAnotherToolsPDF(t *testing.T) {
	pdf, err := os.ReadFile("../../../e2e/testdata/frompdf-invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	icc, err := SRGBProfile()
	if errors.Is(err, ErrNoProfile) {
		testenv.Missing(t, err.Error())
	}
	xml := []byte(`<?xml version="1.0" encoding="UTF-8"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>`)
	out, err := Attach(pdf, Document{XML: xml, Title: "Invoice 7", Level: "EN 16931", Type: "INVOICE"}, icc)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"AF", "Metadata", "OutputIntents"} {
		if !testenv.PDFCatalogHas(t, out, key) {
			t.Errorf("catalog lacks /%s", key)
		}
	}
	if bytes.Contains(out, []byte(datePlaceholder)) {
		t.Error("XMP dates left as placeholders")
	}
	if !bytes.Contains(out, []byte("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>")) {
		t.Error("no Factur-X XMP")
	}
	if before, after := testenv.PDFPages(t, pdf), testenv.PDFPages(t, out); strings.Join(before, "\f") != strings.Join(after, "\f") {
		t.Errorf("the pages' text changed: %q → %q", before, after)
	}
	if _, err := Attach(pdf, Document{XML: xml}, nil); !errors.Is(err, ErrNoProfile) {
		t.Errorf("no profile: %v", err)
	}
}
