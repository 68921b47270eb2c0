package frompdf

import (
	"context"
	"os"
	"testing"
)

func TestProbe(t *testing.T) {
	f := os.Getenv("PROBE")
	res, orig, out, took := convertFile(t, f)
	os.WriteFile("/tmp/probe.html", []byte(res.HTML), 0o644)
	os.WriteFile("/tmp/probe.pdf", out, 0o644)
	fid, err := testRuntime.Measure(context.Background(), orig, out, 72)
	t.Logf("took %v fidelity %+v %v", took, fid, err)
}
