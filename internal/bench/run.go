package bench

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Client renders documents over HTTP against a running Quire.
type Client struct {
	BaseURL string
	Key     string
	HTTP    *http.Client
}

// GenerateBody builds the JSON body rendering templateID with data.
func GenerateBody(templateID string, data map[string]any) ([]byte, error) {
	return json.Marshal(map[string]any{"template_id": templateID, "data": data, "options": map[string]any{"format": "A4"}})
}

// Loop runs fn n times on `concurrency` workers and returns each call's latency.
func Loop(ctx context.Context, n, concurrency int, fn func(context.Context) error) ([]time.Duration, time.Duration, error) {
	latencies := make([]time.Duration, n)
	jobs := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	start := time.Now()
	for range concurrency {
		wg.Go(func() {
			for i := range jobs {
				t := time.Now()
				if err := fn(ctx); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
				latencies[i] = time.Since(t)
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return latencies, time.Since(start), firstErr
}
