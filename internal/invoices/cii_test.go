package invoices_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/invoices"
	"github.com/quirehq/quire/internal/store/sqlite"
	"github.com/quirehq/quire/internal/testenv"
)

func dec(s string) invoices.Decimal { return invoices.MustDecimal(s) }

// facturXSet finalizes invoices covering what EN 16931 distinguishes:
// several rates, an exempt line, reverse charge, a foreign currency and a
// credit note; it returns their CII XML by name.
func facturXSet(t *testing.T) map[string][]byte {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "quire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := &invoices.Service{Store: st}
	acc, frCustomer := readyAccount(t, svc, "facturx@example.com")
	us, err := svc.CreateCustomer(t.Context(), acc, invoices.CustomerInput{Name: ptr("Initech Inc."), Country: ptr("US"),
		City: ptr("Austin"), AddressLine1: ptr("4120 Freidrich Lane"), PostalCode: ptr("78744"), Currency: ptr("USD"), Language: ptr("en")})
	if err != nil {
		t.Fatal(err)
	}
	make := func(cust string, in invoices.NewInvoice) *invoices.Invoice {
		in.CustomerID = cust
		inv, err := svc.CreateInvoice(t.Context(), acc, in)
		if err != nil {
			t.Fatal(err)
		}
		if inv, err = svc.Finalize(t.Context(), acc, inv.ID); err != nil {
			t.Fatal(err)
		}
		return inv
	}
	p := func(desc, qty, price, rate, cat, reason string) invoices.Position {
		return invoices.Position{Description: desc, Quantity: dec(qty), UnitPrice: dec(price), VATRate: dec(rate), VATCategory: cat, ExemptionReason: reason}
	}
	rates := make(frCustomer, invoices.NewInvoice{InvoiceDate: "2026-03-05", BuyerReference: "PO-4711", Notes: "Thank you for your business.",
		Positions: []invoices.Position{
			p("Consulting", "10", "150.00", "19", "", ""), p("Book", "3", "0.335", "7", "", ""),
			p("Travel", "1.5", "19.99", "19", "", ""), p("Export handling", "1", "25", "0", "Z", ""),
			p("Seminar", "2", "100", "0", "E", "Exempt under § 4 Nr. 21 UStG"),
		}})
	reverse := make(frCustomer, invoices.NewInvoice{InvoiceDate: "2026-03-06", Language: "fr",
		Positions: []invoices.Position{p("Software licence", "1", "1200", "0", "AE", "")}})
	foreign := make(us.ID, invoices.NewInvoice{InvoiceDate: "2026-03-07",
		Positions: []invoices.Position{p("Support hours", "7.25", "95.50", "19", "", ""), p("Hosting", "12", "19.9900", "19", "", "")}})
	note, err := svc.Cancel(t.Context(), acc, rates.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for name, inv := range map[string]*invoices.Invoice{"rates": rates, "reverse": reverse, "foreign": foreign, "credit-note": note} {
		full, err := svc.Invoice(t.Context(), acc, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if out[name], err = invoices.CII(full); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestCIIPassesTheOfficialFacturXValidation: the XML of every invoice of
// the set is valid against the Factur-X EN 16931 XSD and breaks none of the
// Schematron's business rules (BR-…, BR-CO-…).
func TestCIIPassesTheOfficialFacturXValidation(t *testing.T) {
	set := facturXSet(t)
	// The oracle is alive: a wrong grand total breaks BR-CO-15.
	set["broken"] = []byte(strings.Replace(string(set["foreign"]), "<ram:GrandTotalAmount>", "<ram:GrandTotalAmount>1", 1))
	problems := testenv.FacturXProblems(t, set)
	if len(problems) == 0 || !strings.Contains(problems[0], "[BR-CO-15]") {
		t.Fatalf("a wrong grand total passed: %q", problems)
	}
	delete(set, "broken")
	var others []string
	for _, p := range problems {
		if !strings.HasPrefix(p, "broken: ") {
			others = append(others, p)
		}
	}
	if problems = others; len(problems) > 0 {
		t.Errorf("%d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	for name, want := range map[string][]string{
		"rates": {`<ram:TypeCode>380</ram:TypeCode>`, `<ram:ID>2026-0001</ram:ID>`, `<ram:BuyerReference>PO-4711</ram:BuyerReference>`,
			`<ram:CategoryCode>E</ram:CategoryCode>`, `<ram:ExemptionReason>Exempt under § 4 Nr. 21 UStG</ram:ExemptionReason>`,
			`<ram:LineTotalAmount>1756.00</ram:LineTotalAmount>`, `<ram:TaxTotalAmount currencyID="EUR">290.77</ram:TaxTotalAmount>`,
			`<ram:GrandTotalAmount>2046.77</ram:GrandTotalAmount>`, `<ram:IBANID>DE89370400440532013000</ram:IBANID>`},
		"reverse":     {`<ram:CategoryCode>AE</ram:CategoryCode>`, `<ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>`, `<ram:ID schemeID="VA">FR12345678901</ram:ID>`},
		"foreign":     {`<ram:InvoiceCurrencyCode>USD</ram:InvoiceCurrencyCode>`, `<ram:TaxTotalAmount currencyID="USD">177.13</ram:TaxTotalAmount>`},
		"credit-note": {`<ram:TypeCode>381</ram:TypeCode>`, `<ram:IssuerAssignedID>2026-0001</ram:IssuerAssignedID>`, `<ram:GrandTotalAmount>2046.77</ram:GrandTotalAmount>`},
	} {
		for _, w := range want {
			if !strings.Contains(string(set[name]), w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
	if dir := os.Getenv("QUIRE_WRITE_CII"); dir != "" {
		for name, xml := range set {
			_ = os.WriteFile(filepath.Join(dir, name+".xml"), xml, 0o644)
		}
	}
}
