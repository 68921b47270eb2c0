package httpapi

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// A check with Every runs at most once per interval, however many callers
// ask at once, and all of them see its result.
func TestCachedCheckProbesOncePerInterval(t *testing.T) {
	var mu sync.Mutex
	runs := 0
	c := &cachedCheck{Check: Check{Name: "blobs", Every: time.Hour, Run: func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		runs++
		return errors.New("disk full")
	}}}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.run(t.Context()); err == nil || err.Error() != "disk full" {
				t.Errorf("cached result %v, want the probe's error", err)
			}
		}()
	}
	wg.Wait()
	if runs != 1 {
		t.Fatalf("20 concurrent readiness calls ran the probe %d times, want 1", runs)
	}
	c.at = time.Now().Add(-2 * time.Hour) // the result has aged
	_ = c.run(t.Context())
	if runs != 2 {
		t.Fatalf("an expired result was reused: %d probes, want 2", runs)
	}
}
