package bench

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

func TestInvoicesAreDistinctCopies(t *testing.T) {
	raw, err := os.ReadFile("../../examples/invoice/data.json")
	if err != nil {
		t.Fatal(err)
	}
	var base map[string]any
	if err := json.Unmarshal(raw, &base); err != nil {
		t.Fatal(err)
	}
	items, err := Invoices(base, 20)
	if err != nil {
		t.Fatal(err)
	}
	numbers := map[any]bool{}
	for _, it := range items {
		numbers[it["invoice"].(map[string]any)["number"]] = true
		if it["seller"].(map[string]any)["name"] != "Quire Labs" {
			t.Errorf("item %v lost the base's seller", it)
		}
	}
	if len(numbers) != 20 || !numbers["INV-B-00001"] || !numbers["INV-B-00020"] {
		t.Errorf("invoice numbers %v, want INV-B-00001..00020", numbers)
	}
	if got := items[3]["customer"].(map[string]any)["name"]; got != "Amara Okafor #4" {
		t.Errorf("customer of item 3 = %v", got)
	}
	if base["invoice"].(map[string]any)["number"] != "INV-2026-0042" {
		t.Error("Invoices changed the base data")
	}
}

func TestSamePDFComparesTextAndPages(t *testing.T) {
	testenv.Command(t, "pdftotext", "poppler-utils")
	two, err := os.ReadFile("../../e2e/testdata/form_two_pages.pdf")
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile("../../e2e/testdata/frompdf-invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if diff, err := SamePDF(two, two); err != nil || diff != "" {
		t.Errorf("SamePDF(a, a) = %q, %v; want no difference", diff, err)
	}
	if diff, err := SamePDF(two, other); err != nil || diff == "" {
		t.Errorf("SamePDF(two pages, invoice) = %q, %v; want a difference", diff, err)
	} else if !strings.Contains(diff, "pages") && !strings.Contains(diff, "text") {
		t.Errorf("difference %q names neither pages nor text", diff)
	}
}
