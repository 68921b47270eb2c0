package frompdf

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeAI serves OpenAI-style chat completions on 127.0.0.1 with a fixed
// answer (or a status), counting the requests.
func fakeAI(t *testing.T, status int, content string) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var req struct {
			Model    string `json:"model"`
			Messages []struct {
				Role, Content string
			} `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) != 2 || r.Header.Get("Authorization") != "Bearer k" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if status != http.StatusOK {
			http.Error(w, "down", status)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": content}}}})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestAIImprovesNamesTypeAndSummary(t *testing.T) {
	pdf, _ := os.ReadFile("testdata/corpus/invoice.pdf")
	answer := `{"document_type": "receipt", "structure_summary": "An invoice from Northwind to Acme with four line items.",
		"renames": {"email": "seller_email", "vat_20": "vat_amount", "total": "bad name!", "invoice_number": "due_date"}}`
	srv, calls := fakeAI(t, http.StatusOK, "```json\n"+answer+"\n```")
	c := converter()
	c.AI = &AI{URL: srv.URL + "/v1/chat/completions", Model: "m", Key: "k"}
	res, err := c.Convert(context.Background(), pdf, "Invoice")
	if err != nil {
		t.Fatal(err)
	}
	a := res.Analysis
	if calls.Load() != 1 || a.DocumentType != "receipt" || !strings.HasPrefix(a.StructureSummary, "An invoice from Northwind") {
		t.Errorf("calls %d, type %q, summary %q", calls.Load(), a.DocumentType, a.StructureSummary)
	}
	types := fieldTypes(a.Fields)
	if types["seller_email"] != TypeEmail || types["vat_amount"] != TypeCurrency || types["email"] != "" {
		t.Errorf("renames not applied: %v", types)
	}
	// Invalid or taken names are ignored.
	if types["total"] != TypeCurrency || types["invoice_number"] != TypeText || a.SampleData["seller_email"] != "billing@northwind.example" {
		t.Errorf("bad renames applied: %v %v", types, a.SampleData)
	}
	if !strings.Contains(res.HTML, "{{seller_email}}") || strings.Contains(res.HTML, "{{email}}") {
		t.Error("the template still uses the old name")
	}
}

func TestAIFailureFallsBack(t *testing.T) {
	pdf, _ := os.ReadFile("testdata/corpus/invoice.pdf")
	plain, err := converter().Convert(context.Background(), pdf, "Invoice")
	if err != nil {
		t.Fatal(err)
	}
	down, _ := fakeAI(t, http.StatusInternalServerError, "")
	garbage, _ := fakeAI(t, http.StatusOK, "I think this is an invoice.")
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	for name, url := range map[string]string{"500": down.URL, "not JSON": garbage.URL, "timeout": slow.URL, "refused": "http://127.0.0.1:1"} {
		c := converter()
		c.AI = &AI{URL: url, Key: "k", Timeout: 300 * time.Millisecond}
		res, err := c.Convert(context.Background(), pdf, "Invoice")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.HTML != plain.HTML || res.Analysis.DocumentType != plain.Analysis.DocumentType || res.Analysis.StructureSummary != plain.Analysis.StructureSummary {
			t.Errorf("%s: the result changed", name)
		}
	}
}
