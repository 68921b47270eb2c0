package invoices_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/testenv"
)

// renderingServer is an app with Chromium started.
func renderingServer(t *testing.T) (*apptest.Server, apptest.Account) {
	t.Helper()
	testenv.Command(t, "chromium", "chromium")
	s := apptest.New(t, nil)
	if err := s.App.StartRenderer(t.Context()); err != nil {
		testenv.Missing(t, err.Error())
	}
	acc := s.NewAccount(t, "pdf@example.com")
	s.Call(t, http.MethodPut, "/v1/account/invoicing", acc.Person, seller).WantStatus(t, 200)
	return s, acc
}

// finalizedInvoice creates a customer speaking lang and a finalized
// invoice of two rates and an exempt line; it returns the invoice id.
func finalizedInvoice(t *testing.T, s *apptest.Server, key, lang, currency string) string {
	t.Helper()
	cust := s.Call(t, http.MethodPost, "/api/customers/", key, map[string]any{"name": "Acme SARL", "address_line1": "1 rue de Rivoli",
		"postal_code": "75001", "city": "Paris", "country": "FR", "vat_id": "FR12345678901", "language": lang, "currency": currency}).WantStatus(t, 201).JSON(t)
	inv := s.Call(t, http.MethodPost, "/api/invoices/", key, map[string]any{
		"customer_id": cust["id"], "invoice_date": "2026-03-05",
		"positions": []any{
			map[string]any{"description": "Consulting services", "quantity": 10, "unit_price": 150.00, "vat_rate": 19.0},
			map[string]any{"description": "Handbook", "quantity": 2, "unit_price": 1234.5, "vat_rate": 7},
			map[string]any{"description": "Seminar", "quantity": 1, "unit_price": 300, "vat_rate": 0, "vat_category": "E", "exemption_reason": "Exempt under § 4 Nr. 21 UStG"},
		}}).WantStatus(t, 201).JSON(t)
	id := inv["id"].(string)
	s.Call(t, http.MethodPost, "/api/invoices/"+id+"/finalize/", key, nil).WantStatus(t, 200)
	return id
}

// TestInvoicePDFIsALocalizedDocument: the PDF shows the number, the lines,
// the VAT per rate and the totals in the invoice's language, and is a
// normal document of the account, served again while it is kept.
func TestInvoicePDFIsALocalizedDocument(t *testing.T) {
	s, acc := renderingServer(t)
	for _, tc := range []struct {
		lang, currency string
		want           []string
	}{
		{"de", "EUR", []string{"Rechnung 2026-0001", "Rechnungsnummer", "Rechnungsdatum", "05.03.2026", "Beschreibung", "Einzelpreis",
			"Consulting services", "1.500,00 EUR", "2.469,00 EUR", "USt. 19 % auf 1.500,00 EUR", "285,00 EUR", "USt. 7 % auf 2.469,00 EUR", "172,83 EUR",
			"Nettobetrag", "4.269,00 EUR", "Gesamtbetrag", "4.726,83 EUR", "Exempt under § 4 Nr. 21 UStG", "DE89 3704 0044 0532 0130 00", "USt-IdNr.: DE123456789"}},
		{"fr", "CHF", []string{"Facture 2026-0002", "Numéro de facture", "05/03/2026", "Désignation", "Total HT", "Total TTC", "4 726,83 CHF", "TVA 19 % sur 1 500,00 CHF"}},
		{"en", "USD", []string{"Invoice 2026-0003", "Invoice number", "5 March 2026", "Unit price", "Net total", "4,269.00 USD", "Total due", "4,726.83 USD", "VAT 7 % on 2,469.00 USD"}},
	} {
		id := finalizedInvoice(t, s, acc.Key, tc.lang, tc.currency)
		r := s.Call(t, http.MethodGet, "/api/invoices/"+id+"/pdf/", acc.Key, nil).WantStatus(t, 200)
		if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("content type %q", ct)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(testenv.PDFText(t, r.Body), "\u202f", " ")), " ")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s PDF lacks %q:\n%s", tc.lang, w, text)
			}
		}
		if !bytes.Contains(r.Body, []byte("/Subtype /Image")) {
			t.Errorf("%s PDF shows no logo", tc.lang)
		}
		docID := r.Header.Get("X-Document-Id")
		doc := s.Call(t, http.MethodGet, "/v1/documents/"+docID, acc.Key, nil).WantStatus(t, 200).JSON(t)
		if doc["status"] != "completed" || !strings.HasSuffix(doc["filename"].(string), ".pdf") {
			t.Errorf("document %v", doc)
		}
		again := s.Call(t, http.MethodGet, "/api/invoices/"+id+"/pdf", acc.Key, nil).WantStatus(t, 200)
		if again.Header.Get("X-Document-Id") != docID || !bytes.Equal(again.Body, r.Body) {
			t.Errorf("a second GET printed again: %s", again.Header.Get("X-Document-Id"))
		}
	}
}

// TestFacturXPDF: ?format=facturx is a PDF/A-3 carrying factur-x.xml (the
// invoice's XML, /AFRelationship /Alternative), the Factur-X XMP and an
// sRGB output intent.
func TestFacturXPDF(t *testing.T) {
	s, acc := renderingServer(t)
	id := finalizedInvoice(t, s, acc.Key, "de", "EUR")
	r := s.Call(t, http.MethodGet, "/api/invoices/"+id+"/pdf/?format=facturx", acc.Key, nil).WantStatus(t, 200)
	pdf := r.Body
	for _, key := range []string{"AF", "Metadata", "OutputIntents", "Names"} {
		if !testenv.PDFCatalogHas(t, pdf, key) {
			t.Errorf("catalog lacks /%s", key)
		}
	}
	xml := s.Call(t, http.MethodGet, "/api/invoices/"+id+"/xml/", acc.Key, nil).WantStatus(t, 200).Body
	attached := attachedXML(t, pdf)
	var relationship, xmp string
	err := render.WithPDFCPU(func(conf *model.Configuration) error {
		ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
		if err != nil {
			return err
		}
		root, _ := ctx.Catalog()
		af, _ := ctx.DereferenceArray(root["AF"])
		spec, _ := ctx.DereferenceDict(af[0])
		if n := spec.NameEntry("AFRelationship"); n != nil {
			relationship = *n
		}
		meta, _, err := ctx.DereferenceStreamDict(root["Metadata"])
		if err != nil {
			return err
		}
		if err := meta.Decode(); err != nil {
			return err
		}
		xmp = string(meta.Content)
		oi, _ := ctx.DereferenceArray(root["OutputIntents"])
		intent, _ := ctx.DereferenceDict(oi[0])
		if intent.NameEntry("S") == nil || *intent.NameEntry("S") != "GTS_PDFA1" {
			t.Errorf("output intent %v", intent)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(attached, xml) {
		t.Errorf("factur-x.xml differs from GET …/xml/ (%d vs %d bytes)", len(attached), len(xml))
	}
	if relationship != "Alternative" {
		t.Errorf("AFRelationship %q, want Alternative", relationship)
	}
	for _, w := range []string{"<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
		"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>", "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
		"<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>"} {
		if !strings.Contains(xmp, w) {
			t.Errorf("XMP lacks %s", w)
		}
	}
	// The rewritten file is structurally sound (xref, streams, object graph).
	path := filepath.Join(t.TempDir(), "facturx.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(testenv.Command(t, "qpdf", "qpdf"), "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	if strings.Contains(xmp, "0000-00-00") {
		t.Error("XMP dates were not filled in")
	}
	// The account's default: Factur-X without asking; ?format=pdf still plain.
	withDefault := map[string]any{"facturx_default": true}
	for k, v := range seller {
		withDefault[k] = v
	}
	s.Call(t, http.MethodPut, "/v1/account/invoicing", acc.Person, withDefault).WantStatus(t, 200)
	other := finalizedInvoice(t, s, acc.Key, "en", "EUR")
	if r := s.Call(t, http.MethodGet, "/api/invoices/"+other+"/pdf/", acc.Key, nil).WantStatus(t, 200); !testenv.PDFCatalogHas(t, r.Body, "AF") {
		t.Error("facturx_default: the PDF carries no e-invoice")
	}
	if r := s.Call(t, http.MethodGet, "/api/invoices/"+other+"/pdf/?format=pdf", acc.Key, nil).WantStatus(t, 200); testenv.PDFCatalogHas(t, r.Body, "AF") {
		t.Error("?format=pdf answered a Factur-X PDF")
	}
	if text := testenv.PDFText(t, pdf); !strings.Contains(text, "Rechnung 2026-0001") || !strings.Contains(xmp, ">Rechnung 2026-0001<") {
		t.Errorf("the Factur-X PDF lost its text: %s", text)
	}
}

// attachedXML is the factur-x.xml a PDF carries.
func attachedXML(t *testing.T, pdf []byte) []byte {
	t.Helper()
	var xml []byte
	err := render.WithPDFCPU(func(conf *model.Configuration) error {
		aa, err := api.ExtractAttachmentsRaw(bytes.NewReader(pdf), "", []string{"factur-x.xml"}, conf)
		if err != nil || len(aa) != 1 {
			t.Fatalf("attachments %v, %v", aa, err)
		}
		xml, err = io.ReadAll(aa[0])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return xml
}

// TestInvoiceWithTheAccountsTemplate: an invoice may print with one of the
// account's HTML templates, given the same data as the built-in one.
func TestInvoiceWithTheAccountsTemplate(t *testing.T) {
	s, acc := renderingServer(t)
	tpl := `<html><body><h1>Own layout {{invoice.number}}</h1>{{#each lines}}<p>{{description}}: {{net}}</p>{{/each}}<p>{{labels.total_gross}} {{totals.gross}}</p></body></html>`
	up := s.Upload(t, "/v1/templates", acc.Key, "invoice.html", []byte(tpl), map[string]string{"name": "My invoice"}).WantStatus(t, 201).JSON(t)
	cust := s.Call(t, http.MethodPost, "/api/customers/", acc.Key, map[string]any{"name": "Acme", "country": "DE", "language": "de"}).WantStatus(t, 201).JSON(t)
	inv := s.Call(t, http.MethodPost, "/api/invoices/", acc.Key, map[string]any{"customer_id": cust["id"], "invoice_date": "2026-03-05",
		"template_id": up["id"], "positions": []any{map[string]any{"description": "Consulting", "quantity": 2, "unit_price": 100, "vat_rate": 19}}}).
		WantStatus(t, 201).JSON(t)
	r := s.Call(t, http.MethodGet, "/api/invoices/"+inv["id"].(string)+"/pdf/", acc.Key, nil).WantStatus(t, 200)
	text := strings.Join(strings.Fields(testenv.PDFText(t, r.Body)), " ")
	for _, w := range []string{"Own layout", "Consulting: 200,00 EUR", "Gesamtbetrag 238,00 EUR"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q: %s", w, text)
		}
	}
}
