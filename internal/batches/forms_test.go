package batches_test

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/quirehq/quire/internal/testenv"
)

// TestPDFFormBatchFromCSVMergesTwoPageItems: a PDF form template filled
// from a CSV, flattened, merged: three two-page items give six pages, each
// item's values on its pages, outline entries at pages 1, 3 and 5.
func TestPDFFormBatchFromCSVMergesTwoPageItems(t *testing.T) {
	form, err := os.ReadFile("../../e2e/testdata/form_two_pages.pdf")
	if err != nil {
		t.Fatal(err)
	}
	s := server(t, false, nil)
	acc := s.NewAccount(t, "forms@example.com")
	tpl := s.Upload(t, "/v1/templates", acc.Key, "form.pdf", form, map[string]string{"name": "form"}).WantStatus(t, 201).JSON(t)["id"].(string)
	csv := "Text1,Text2,Text3\nZoë Müller,Alpha,One\nΚαλημέρα,Beta,Two\nПривет,Gamma,Three\n"
	b := s.Upload(t, "/v1/batches", acc.Key, "people.csv", []byte(csv), map[string]string{
		"template_id": tpl, "output": "merged", "filename_field": "Text2", "options": `{"flatten": true}`,
	}).WantStatus(t, 202).JSON(t)
	done := await(t, s, acc.Key, b["id"].(string))
	res, _ := done["result"].(map[string]any)
	if done["status"] != "completed" || res == nil || res["pages"] != 6.0 {
		t.Fatalf("finished %v", done)
	}
	pdf := download(t, res["download_url"].(string))
	pages := testenv.PDFPages(t, pdf)
	if len(pages) != 6 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, want := range []string{"Zoë Müller", "Καλημέρα", "Привет"} {
		if text := pages[2*i] + pages[2*i+1]; !strings.Contains(text, want) {
			t.Errorf("item %d pages lack %q: %q", i, want, text)
		}
	}
	marks, err := api.Bookmarks(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil || len(marks) != 3 {
		t.Fatalf("outline %v %v", marks, err)
	}
	for i, m := range marks {
		if want := []string{"Alpha", "Beta", "Gamma"}[i]; m.Title != want || m.PageFrom != 2*i+1 {
			t.Errorf("outline entry %d: %q page %d, want %q page %d", i, m.Title, m.PageFrom, want, 2*i+1)
		}
	}
	if usage := s.Call(t, http.MethodGet, "/v1/usage", acc.Key, nil).JSON(t); usage["fill"] != 3.0 || usage["total"] != 3.0 {
		t.Errorf("usage %v", usage)
	}
}
