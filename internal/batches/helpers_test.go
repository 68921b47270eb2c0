package batches_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"
)

// invoiceHTML is the template of the tests: a number, a customer, an
// amount and a due date.
const invoiceHTML = `<!DOCTYPE html><html><body><h1>Invoice {{number}}</h1><p>Customer {{customer.name}}</p>
<p>Amount {{amount}}</p>{{#if due_date}}<p>Due {{formatDate due_date "YYYY-MM-DD"}}</p>{{/if}}</body></html>`

// server is an app with Chromium and its workers started, on SQLite, or on
// PostgreSQL when pg is set.
func server(t *testing.T, pg bool, configure func(*config.Config)) *apptest.Server {
	t.Helper()
	testenv.Command(t, "chromium", "chromium")
	s := apptest.New(t, func(c *config.Config) {
		c.BatchChunk = 2
		c.JobRetryBase = 200 * time.Millisecond
		if pg {
			c.DatabaseURL = pgtest.SchemaURL(t)
		}
		if configure != nil {
			configure(c)
		}
	})
	if err := s.App.StartRenderer(t.Context()); err != nil {
		testenv.Missing(t, err.Error())
	}
	if err := s.App.StartWorkers(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.App.StopWorkers(t.Context()) })
	return s
}

// uploadTemplate uploads invoiceHTML and returns its id.
func uploadTemplate(t *testing.T, s *apptest.Server, key string) string {
	t.Helper()
	r := s.Upload(t, "/v1/templates", key, "invoice.html", []byte(invoiceHTML), map[string]string{"name": "invoice"}).WantStatus(t, 201).JSON(t)
	return r["id"].(string)
}

// setFieldTypes types the template's fields for validation and CSV.
func setFieldTypes(t *testing.T, s *apptest.Server, key, tpl string, types map[string]string) {
	t.Helper()
	var fields []map[string]string
	for name, typ := range types {
		fields = append(fields, map[string]string{"name": name, "type": typ})
	}
	s.Call(t, http.MethodPut, "/v1/templates/"+tpl+"/fields", key, map[string]any{"fields": fields}).WantStatus(t, 200)
}

// await polls a batch until it is no longer pending or processing.
func await(t *testing.T, s *apptest.Server, key, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		b := s.Call(t, http.MethodGet, "/v1/batches/"+id, key, nil).WantStatus(t, 200).JSON(t)
		if st := b["status"]; st != "pending" && st != "processing" {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch %s still %v: %v", id, b["status"], b)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// items lists a batch's items.
func items(t *testing.T, s *apptest.Server, key, id, query string) []map[string]any {
	t.Helper()
	page := s.Call(t, http.MethodGet, "/v1/batches/"+id+"/items?limit=1000"+query, key, nil).WantStatus(t, 200).JSON(t)
	var out []map[string]any
	for _, it := range page["data"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// download fetches a signed link.
func download(t *testing.T, link string) []byte {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("download %s: %d %v", link, resp.StatusCode, err)
	}
	return b
}

// pdfText is the PDF's text, spaces squeezed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("not a PDF: %.40q", pdf)
	}
	return strings.Join(strings.Fields(testenv.PDFText(t, pdf)), " ")
}
