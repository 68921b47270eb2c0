package batches_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestJSONItemsBecomeOneDocumentEach: three JSON items, output documents:
// the batch completes with three documents, each the text of its item,
// named by the filename pattern, counted once each in the usage.
func TestJSONItemsBecomeOneDocumentEach(t *testing.T) {
	s := server(t, false, nil)
	acc := s.NewAccount(t, "json@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	var list []any
	for i := range 3 {
		list = append(list, map[string]any{"number": fmt.Sprintf("INV-%d", 100+i), "customer": map[string]any{"name": fmt.Sprintf("Client %c", 'A'+i)}, "amount": 10 * (i + 1)})
	}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{
		"template_id": tpl, "items": list, "filename": "invoice-{{number}}.pdf",
	}).WantStatus(t, 202).JSON(t)
	if b["object"] != "batch" || b["total"] != 3.0 || b["output"] != "documents" {
		t.Fatalf("created %v", b)
	}
	done := await(t, s, acc.Key, b["id"].(string))
	if done["status"] != "completed" || done["completed"] != 3.0 || done["failed"] != 0.0 || done["progress"] != 1.0 {
		t.Fatalf("finished %v", done)
	}
	if done["render_path"] == nil || done["prints"].(float64) < 1 {
		t.Errorf("render path %v, prints %v", done["render_path"], done["prints"])
	}
	its := items(t, s, acc.Key, b["id"].(string), "")
	if len(its) != 3 {
		t.Fatalf("items %v", its)
	}
	for i, it := range its {
		if it["status"] != "completed" || it["index"] != float64(i) || it["filename"] != fmt.Sprintf("invoice-INV-%d.pdf", 100+i) {
			t.Errorf("item %d: %v", i, it)
		}
		text := pdfText(t, download(t, it["download_url"].(string)))
		want := fmt.Sprintf("Invoice INV-%d Customer Client %c Amount %d", 100+i, 'A'+i, 10*(i+1))
		if !strings.Contains(text, want) {
			t.Errorf("item %d text %q, want %q", i, text, want)
		}
	}
	usage := s.Call(t, http.MethodGet, "/v1/usage", acc.Key, nil).WantStatus(t, 200).JSON(t)
	if usage["total"] != 3.0 {
		t.Errorf("usage %v", usage)
	}
}
