package batches_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/testenv"
)

// BenchmarkBatchOf64Items makes batches of 64 HTML items (documents
// output) on SQLite with real Chromium and the default chunk (128), and
// reports items per second from POST to completed.
func BenchmarkBatchOf64Items(b *testing.B) {
	testenv.Command(b, "chromium", "chromium")
	s := apptest.New(b, func(c *config.Config) { c.JobRetryBase = 200 * time.Millisecond })
	if err := s.App.StartRenderer(b.Context()); err != nil {
		testenv.Missing(b, err.Error())
	}
	if err := s.App.StartWorkers(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.App.StopWorkers(b.Context()) })
	acc := s.NewAccount(b, "bench@example.com")
	tpl := s.Upload(b, "/v1/templates", acc.Key, "invoice.html", []byte(invoiceHTML), map[string]string{"name": "invoice"}).WantStatus(b, 201).JSON(b)["id"].(string)
	const n = 64
	list := make([]any, n)
	for i := range list {
		list[i] = map[string]any{"number": fmt.Sprintf("B-%d", i), "customer": map[string]any{"name": "Bench"}, "amount": i}
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		id := s.Call(b, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": list}).WantStatus(b, 202).JSON(b)["id"].(string)
		for {
			st := s.Call(b, http.MethodGet, "/v1/batches/"+id, acc.Key, nil).JSON(b)
			if st["status"] == "completed" {
				break
			}
			if st["status"] == "failed" {
				b.Fatalf("batch failed: %v", st)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "items/s")
}
