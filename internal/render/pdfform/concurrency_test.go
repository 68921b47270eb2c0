package pdfform

import (
	"strings"
	"sync"
	"testing"
)

// TestFillConcurrently: the engine is shared by a server's requests; run
// it with -race to check that the font cache and pools are safe.
func TestFillConcurrently(t *testing.T) {
	src := minimalForm()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := strings.Repeat("Ł", i+1)
			_, err := Fill(src, map[string]any{"person.name": name, "ok": i%2 == 0}, FillOptions{Flatten: i%2 == 1})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
