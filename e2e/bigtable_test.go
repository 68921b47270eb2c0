package e2e

import (
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/bench"
)

// Issue 16: a table too long for the settings is refused with a 422 that
// names the limit — by the page limit when it lays out in time, by the
// render timeout (its tab killed, its memory freed) when it does not — and
// the server renders on afterwards. (A 50,000-row table on the defaults ends
// the same way: docs/performance.md.) Small settings keep it cheap.
func TestBigTablesAreRefusedByTheirLimits(t *testing.T) {
	t.Run("page limit", func(t *testing.T) {
		s := startServer(t, "QUIRE_MAX_PAGES=10", "QUIRE_RENDER_TIMEOUT=30s")
		key := s.newKey(t, "", "live")
		r, _ := s.postHTML(t, key, bench.TableHTML(1500), nil) // about 28 pages
		wantError(t, r, 422, "TOO_MANY_PAGES")
		wantMessage(t, r, "10 pages", "QUIRE_MAX_PAGES")
		r, _ = s.postHTML(t, key, bench.TableHTML(200), nil) // within the limit
		wantStatus(t, r, 201)
		if n := r.json(t)["pages"].(float64); n < 2 || n > 10 {
			t.Fatalf("200 rows: %v pages", n)
		}
		if text := strings.Join(pdfText(t, pdfOf(t, r)), ""); !strings.Contains(text, "Item 200") {
			t.Fatal("the last row is missing")
		}
		s.assertHealthy(t, key, hostileMemoryMiB)
	})

	t.Run("render timeout", func(t *testing.T) {
		s := startServer(t, "QUIRE_RENDER_TIMEOUT=3s")
		key := s.newKey(t, "", "live")
		r, took := s.postHTML(t, key, bench.TableHTML(30000), nil) // about 560 pages: no layout in 3 s
		t.Logf("answer after %s: %d %s", took, r.Status, r.Body)
		wantError(t, r, 422, "RENDER_TIMEOUT")
		wantMessage(t, r, "QUIRE_RENDER_TIMEOUT")
		if took > answerBound {
			t.Fatalf("answered after %s", took)
		}
		s.assertHealthy(t, key, hostileMemoryMiB)
	})
}
