package batches_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/render/chromium"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/quirehq/quire/internal/testenv"
)

// TestJSONItemsBecomeOneDocumentEach: three JSON items, output documents:
// the batch completes with three documents, each the text of its item,
// named by the filename pattern, counted once each in the usage.
func TestJSONItemsBecomeOneDocumentEach(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { jsonItems(t, false) })
	t.Run("postgres", func(t *testing.T) { jsonItems(t, true) })
}

func jsonItems(t *testing.T, pg bool) {
	s := server(t, pg, nil)
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
	// Chunks of two: items 0 and 1 share a print, item 2 has its own.
	if done["render_path"] != "combined" || done["prints"] != 2.0 {
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

// TestMergedOutputIsOnePDFWithAnOutlineEntryPerItem: four items, output
// merged: one document whose pages are the items in order, an outline
// entry per item pointing at its first page.
func TestMergedOutputIsOnePDFWithAnOutlineEntryPerItem(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { mergedOutput(t, false) })
	t.Run("postgres", func(t *testing.T) { mergedOutput(t, true) })
}

func mergedOutput(t *testing.T, pg bool) {
	s := server(t, pg, nil)
	acc := s.NewAccount(t, "merged@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	var list []any
	for i := range 4 {
		list = append(list, map[string]any{"number": fmt.Sprintf("M-%d", i), "customer": map[string]any{"name": "Merge"}})
	}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{
		"template_id": tpl, "items": list, "output": "merged", "filename": "inv-{{number}}",
	}).WantStatus(t, 202).JSON(t)
	done := await(t, s, acc.Key, b["id"].(string))
	res, _ := done["result"].(map[string]any)
	if done["status"] != "completed" || res == nil || res["pages"] != 4.0 {
		t.Fatalf("finished %v", done)
	}
	pdf := download(t, res["download_url"].(string))
	pages := testenv.PDFPages(t, pdf)
	if len(pages) != 4 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, fmt.Sprintf("Invoice M-%d", i)) {
			t.Errorf("page %d: %q", i+1, p)
		}
	}
	marks, err := api.Bookmarks(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil || len(marks) != 4 {
		t.Fatalf("outline %v %v", marks, err)
	}
	for i, m := range marks {
		if m.Title != fmt.Sprintf("inv-M-%d", i) || m.PageFrom != i+1 {
			t.Errorf("outline entry %d: %q page %d", i, m.Title, m.PageFrom)
		}
	}
}

// TestZipOutputHoldsOnePDFPerItemNamedByThePattern: output zip: one zip
// document with a PDF per item under its filename.
func TestZipOutputHoldsOnePDFPerItemNamedByThePattern(t *testing.T) {
	s := server(t, false, nil)
	acc := s.NewAccount(t, "zip@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	// Items 0 and 1 have the same name: the second gets its index; item 2's
	// own name is what that would make, so it gets a counter too.
	list := []any{map[string]any{"number": "Z-1"}, map[string]any{"number": "Z-1"}, map[string]any{"number": "Z-1-1"}}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{
		"template_id": tpl, "items": list, "output": "zip", "filename": "invoice-{{number}}.pdf",
	}).WantStatus(t, 202).JSON(t)
	done := await(t, s, acc.Key, b["id"].(string))
	res, _ := done["result"].(map[string]any)
	if done["status"] != "completed" || res == nil || !strings.HasSuffix(res["filename"].(string), ".zip") {
		t.Fatalf("finished %v", done)
	}
	data := download(t, res["download_url"].(string))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 3 {
		t.Fatalf("%d files", len(zr.File))
	}
	names := []string{"invoice-Z-1.pdf", "invoice-Z-1-1.pdf", "invoice-Z-1-1-2.pdf"}
	texts := []string{"Invoice Z-1", "Invoice Z-1", "Invoice Z-1-1"}
	for i, f := range zr.File {
		if f.Name != names[i] {
			t.Errorf("file %d is %q, want %q", i, f.Name, names[i])
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(rc)
		rc.Close()
		if text := pdfText(t, pdf); !strings.Contains(text, texts[i]) {
			t.Errorf("%s: %q", f.Name, text)
		}
	}
}

// oneAtATime prints with Chromium, one document per call: a printer
// without PrintMany.
type oneAtATime struct{ e *chromium.Engine }

func (o oneAtATime) Print(ctx context.Context, j documents.PrintJob) (documents.PrintedPDF, error) {
	return o.e.RenderPDF(ctx, chromium.Job{HTML: j.HTML, Format: j.Format})
}

// TestAPrinterWithoutPrintManyPrintsItemByItem: with a printer that has no
// PrintMany, the documents service prints each item on its own: the
// batch says single, one print per item, and each document is its item.
func TestAPrinterWithoutPrintManyPrintsItemByItem(t *testing.T) {
	s := server(t, false, nil)
	s.App.UsePrinter(oneAtATime{s.App.Engine})
	acc := s.NewAccount(t, "one@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{
		"template_id": tpl, "items": []any{map[string]any{"number": "S-1"}, map[string]any{"number": "S-2"}, map[string]any{"number": "S-3"}},
	}).WantStatus(t, 202).JSON(t)
	done := await(t, s, acc.Key, b["id"].(string))
	if done["status"] != "completed" || done["completed"] != 3.0 || done["render_path"] != "single" || done["prints"] != 3.0 {
		t.Fatalf("finished %v", done)
	}
	for i, it := range items(t, s, acc.Key, b["id"].(string), "") {
		if text := pdfText(t, download(t, it["download_url"].(string))); !strings.Contains(text, fmt.Sprintf("Invoice S-%d", i+1)) {
			t.Errorf("item %d: %q", i, text)
		}
	}
}
