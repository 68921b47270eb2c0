package frompdf

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/bench"
)

// TestIdleRuntimeGivesMemoryBack checks that an instance unused for Idle is
// closed, that the process's resident memory falls back by most of what
// the start took, and that the next conversion starts PDFium again.
func TestIdleRuntimeGivesMemoryBack(t *testing.T) {
	pdf, err := os.ReadFile("testdata/corpus/invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRuntime(t.TempDir(), 300*time.Millisecond) // a fresh install: PDFium is compiled
	defer rt.Close()
	conv := &Converter{Runtime: rt, MaxPages: 50}
	testRuntime.StartupTime() // the shared instance is started before measuring
	before := selfRSSMiB(t)
	if _, err := conv.Convert(context.Background(), pdf, "Invoice"); err != nil {
		t.Fatal(err)
	}
	if !rt.Running() {
		t.Fatal("PDFium is not running right after a conversion")
	}
	peak := selfRSSMiB(t)
	for deadline := time.Now().Add(20 * time.Second); rt.Running(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("PDFium still running 20 s after its last use, idle 300 ms")
		}
	}
	after := selfRSSMiB(t)
	t.Logf("RSS %.0f MiB before, %.0f MiB with PDFium, %.0f MiB after the idle close", before, peak, after)
	// A fresh compile keeps ~290 MiB of compiler output live unless the
	// module is loaded back from the cache; then PDFium holds ~40 MiB.
	grown := peak - before
	if grown > 150 {
		t.Errorf("PDFium holds %.0f MiB after its first start (compiler output kept?)", grown)
	}
	if after-before > grown/2+5 {
		t.Errorf("RSS %.0f → %.0f → %.0f MiB: the idle close gave back less than half of PDFium's memory", before, peak, after)
	}
	res, err := conv.Convert(context.Background(), pdf, "Invoice")
	if err != nil || !strings.Contains(res.HTML, "{{") {
		t.Fatalf("conversion after the idle close: %v", err)
	}
}

func selfRSSMiB(t *testing.T) float64 {
	t.Helper()
	rss, err := bench.ProcessRSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	return float64(rss) / (1 << 20)
}
