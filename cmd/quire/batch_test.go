package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/testenv"
)

// receiptSource is the template the batch tests make documents of.
const receiptSource = "<h1>Receipt {{number}}</h1><p>{{customer.name}} paid {{amount}}</p>"

// batchServer is a real server (Chromium, workers) with a key in QUIRE_URL
// and QUIRE_API_KEY and the template Receipt pushed.
func batchServer(t *testing.T) (*apptest.Server, apptest.Account) {
	t.Helper()
	testenv.Command(t, "chromium", "chromium")
	testenv.Command(t, "pdftotext", "poppler-utils")
	s := apptest.New(t, nil)
	if err := s.App.StartRenderer(t.Context()); err != nil {
		testenv.Missing(t, err.Error())
	}
	if err := s.App.StartWorkers(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.App.StopWorkers(context.Background()); err != nil {
			t.Errorf("stop workers: %v", err)
		}
	})
	acc := s.NewAccount(t, "batch-cli@example.com")
	t.Setenv("QUIRE_URL", s.URL)
	t.Setenv("QUIRE_API_KEY", acc.Key)
	tpl := writeFile(t, t.TempDir(), "receipt.html", receiptSource)
	if _, err := quire(t, "templates", "push", tpl, "--name", "Receipt"); err != nil {
		t.Fatal(err)
	}
	return s, acc
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// receiptsCSV is n receipts as CSV, the customer's name under a dotted header.
func receiptsCSV(n int) string {
	var b strings.Builder
	b.WriteString("number,customer.name,amount\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "R-%03d,Customer %d,%d.50\n", i, i, 10*i)
	}
	return b.String()
}

// wantReceipt checks a PDF file is receipt i of receiptsCSV: one page, its text.
func wantReceipt(t *testing.T, path string, i int) {
	t.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := render.PageCount(pdf); err != nil || n != 1 {
		t.Errorf("%s: %d pages (%v), want 1", path, n, err)
	}
	text := testenv.PDFText(t, pdf)
	if want := fmt.Sprintf("Receipt R-%03d", i); !strings.Contains(text, want) || !strings.Contains(text, fmt.Sprintf("Customer %d paid", i)) {
		t.Errorf("%s: text %q, want receipt R-%03d of Customer %d", path, text, i, i)
	}
}

// pdfsIn lists the files of dir, failing on a temporary download left over.
func pdfsIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".part") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
		names = append(names, e.Name())
	}
	return names
}

// A CSV of receipts to a file per item, named by the pattern, with plain
// progress lines off a terminal; --resume then fetches only what is missing.
func TestBatchCLIDocumentsFromCSV(t *testing.T) {
	batchServer(t)
	dir := t.TempDir()
	items := writeFile(t, dir, "receipts.csv", receiptsCSV(5))
	out := filepath.Join(dir, "out")

	said, err := quire(t, "batch", "Receipt", items, "-o", out, "--filename", "receipt-{{number}}.pdf", "--poll", "50ms")
	if err != nil {
		t.Fatalf("quire batch: %v\n%s", err, said)
	}
	id := regexp.MustCompile(`batch (bat_\w+): 5 items, output documents`).FindStringSubmatch(said)
	if id == nil {
		t.Fatalf("output %q does not start with the batch's id and size", said)
	}
	if !strings.Contains(said, "documents 5/5 100%") || !strings.Contains(said, "docs/s  ETA 0:00") {
		t.Errorf("output %q has no final progress line", said)
	}
	if !strings.Contains(said, "batch "+id[1]+" completed: 5 of 5 documents made, 0 failed, 0 canceled\n"+out+": 5 files written, 0 already there\n") {
		t.Errorf("output %q lacks the summary", said)
	}
	names := pdfsIn(t, out)
	if want := []string{"receipt-R-001.pdf", "receipt-R-002.pdf", "receipt-R-003.pdf", "receipt-R-004.pdf", "receipt-R-005.pdf"}; !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	for i, name := range names {
		wantReceipt(t, filepath.Join(out, name), i+1)
	}

	// Two files lost (one half-written by a killed run): --resume fetches those two only.
	if err := os.Remove(filepath.Join(out, "receipt-R-002.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "receipt-R-004.pdf")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, out, ".quire-receipt-R-004.pdf.123.part", "%PDF-1.7 cut sh")
	kept, _ := os.Stat(filepath.Join(out, "receipt-R-001.pdf"))
	said, err = quire(t, "batch", "--resume", id[1], "-o", out, "--json")
	if err != nil {
		t.Fatalf("quire batch --resume: %v\n%s", err, said)
	}
	var report struct {
		Batch struct{ ID, Status string }
		Files []struct {
			Index   int
			File    string
			Existed bool
		}
	}
	if err := json.Unmarshal([]byte(said[strings.Index(said, "{"):]), &report); err != nil {
		t.Fatalf("--json output %q: %v", said, err)
	}
	var fetched []int
	for _, f := range report.Files {
		if !f.Existed {
			fetched = append(fetched, f.Index)
		}
	}
	if report.Batch.ID != id[1] || report.Batch.Status != "completed" || len(report.Files) != 5 || !slices.Equal(fetched, []int{1, 3}) {
		t.Errorf("resume report %+v, want items 1 and 3 fetched again of 5", report)
	}
	if again, _ := os.Stat(filepath.Join(out, "receipt-R-001.pdf")); !again.ModTime().Equal(kept.ModTime()) {
		t.Error("resume wrote receipt-R-001.pdf again")
	}
	if names := pdfsIn(t, out); len(names) != 5 {
		t.Errorf("after resume: files %v, want the 5 receipts", names)
	}
	wantReceipt(t, filepath.Join(out, "receipt-R-002.pdf"), 2)
	wantReceipt(t, filepath.Join(out, "receipt-R-004.pdf"), 4)
}

// JSONL items merged into one PDF, and JSON items in one ZIP.
func TestBatchCLIMergedAndZip(t *testing.T) {
	batchServer(t)
	dir := t.TempDir()
	var jsonl strings.Builder
	var all []map[string]any
	for i := 1; i <= 3; i++ {
		item := map[string]any{"number": fmt.Sprintf("R-%03d", i), "customer": map[string]any{"name": fmt.Sprintf("Customer %d", i)}, "amount": 10 * i}
		b, _ := json.Marshal(item)
		jsonl.Write(append(b, '\n'))
		all = append(all, item)
	}
	merged := filepath.Join(dir, "merged")
	said, err := quire(t, "batch", "Receipt", writeFile(t, dir, "receipts.jsonl", jsonl.String()), "-o", merged, "--output", "merged")
	if err != nil {
		t.Fatalf("quire batch --output merged: %v\n%s", err, said)
	}
	files := pdfsIn(t, merged)
	if len(files) != 1 {
		t.Fatalf("merged: files %v, want one PDF", files)
	}
	pdf, err := os.ReadFile(filepath.Join(merged, files[0]))
	if err != nil {
		t.Fatal(err)
	}
	pages := testenv.PDFPages(t, pdf)
	if len(pages) != 3 {
		t.Fatalf("merged PDF has %d pages, want 3", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, fmt.Sprintf("Receipt R-%03d", i+1)) {
			t.Errorf("merged page %d: %q, want receipt R-%03d", i+1, p, i+1)
		}
	}

	raw, _ := json.Marshal(all)
	zipped := filepath.Join(dir, "zip")
	if said, err := quire(t, "batch", "Receipt", writeFile(t, dir, "receipts.json", string(raw)), "-o", zipped, "--output", "zip", "--filename", "r-{{number}}.pdf"); err != nil {
		t.Fatalf("quire batch --output zip: %v\n%s", err, said)
	}
	files = pdfsIn(t, zipped)
	if len(files) != 1 || !strings.HasSuffix(files[0], ".zip") {
		t.Fatalf("zip: files %v, want one .zip", files)
	}
	z, err := zip.OpenReader(filepath.Join(zipped, files[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(r); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if text := testenv.PDFText(t, b.Bytes()); !strings.Contains(text, "Receipt "+strings.TrimSuffix(strings.TrimPrefix(f.Name, "r-"), ".pdf")) {
			t.Errorf("zip entry %s: text %q", f.Name, text)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"r-R-001.pdf", "r-R-002.pdf", "r-R-003.pdf"}) {
		t.Errorf("zip entries %v, want r-R-001.pdf … r-R-003.pdf", names)
	}
}

// API errors end the command with their code and message: an unknown
// template, and an invalid item named by its index.
func TestBatchCLIErrors(t *testing.T) {
	batchServer(t)
	dir := t.TempDir()
	items := writeFile(t, dir, "receipts.csv", receiptsCSV(2))
	if _, err := quire(t, "batch", "tpl_doesnotexist", items, "-o", filepath.Join(dir, "a")); err == nil || !strings.HasPrefix(err.Error(), "TEMPLATE_NOT_FOUND: ") {
		t.Errorf("unknown template: err = %v, want TEMPLATE_NOT_FOUND", err)
	}
	bad := writeFile(t, dir, "bad.json", `[{"number":"R-1","customer":{"name":"A"},"amount":1},{"number":"R-2","customer":"B","amount":2}]`)
	out, err := quire(t, "batch", "Receipt", bad, "-o", filepath.Join(dir, "b"), "--json")
	if err == nil || !strings.HasPrefix(err.Error(), "VALIDATION_ERROR: ") || !strings.Contains(err.Error(), "items[1].customer") {
		t.Errorf("invalid item: err = %v, want VALIDATION_ERROR naming items[1].customer", err)
	}
	if !strings.Contains(out, `"code": "VALIDATION_ERROR"`) {
		t.Errorf("--json output %q, want the error envelope", out)
	}
	if _, err := quire(t, "batch", "--resume", "bat_doesnotexist", "-o", filepath.Join(dir, "c")); err == nil || !strings.Contains(err.Error(), "NOT_FOUND") {
		t.Errorf("unknown batch: err = %v, want a NOT_FOUND code", err)
	}
	if _, err := quire(t, "batch", "Receipt", items); err == nil || !strings.Contains(err.Error(), "-o DIR") {
		t.Errorf("no -o: err = %v, want one asking for it", err)
	}
}
