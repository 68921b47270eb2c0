package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/client"
)

func TestProgressFigures(t *testing.T) {
	for _, c := range []struct {
		done, total int
		rate        float64
		bar, line   string
	}{
		{0, 1000, 0, "[..........] 0/1000   0%  0.0 docs/s  ETA ?", "documents 0/1000   0%  0.0 docs/s  ETA ?"},
		{250, 1000, 12.5, "[##........] 250/1000  25%  12.5 docs/s  ETA 1:00", "documents 250/1000  25%  12.5 docs/s  ETA 1:00"},
		{999, 1000, 50, "[#########.] 999/1000  99%  50.0 docs/s  ETA 0:00", "documents 999/1000  99%  50.0 docs/s  ETA 0:00"},
		{1000, 1000, 40, "[##########] 1000/1000 100%  40.0 docs/s  ETA 0:00", "documents 1000/1000 100%  40.0 docs/s  ETA 0:00"},
		{0, 0, 0, "[..........] 0/0   0%  0.0 docs/s  ETA 0:00", "documents 0/0   0%  0.0 docs/s  ETA 0:00"},
	} {
		if got := progressBar(c.done, c.total, c.rate, 10); got != c.bar {
			t.Errorf("progressBar(%d, %d, %v) = %q, want %q", c.done, c.total, c.rate, got, c.bar)
		}
		if got := progressLine(c.done, c.total, c.rate); got != c.line {
			t.Errorf("progressLine(%d, %d, %v) = %q, want %q", c.done, c.total, c.rate, got, c.line)
		}
	}
}

func TestETAAndRate(t *testing.T) {
	if got := docsPerSecond(30, 2*time.Second); got != 15 {
		t.Errorf("docsPerSecond(30, 2s) = %v, want 15", got)
	}
	if got := docsPerSecond(0, time.Second); got != 0 {
		t.Errorf("docsPerSecond(0, 1s) = %v, want 0", got)
	}
	for _, c := range []struct {
		remaining int
		rate      float64
		want      string
	}{{100, 10, "0:10"}, {6000, 1.5, "1:06:40"}, {90, 1, "1:30"}, {10, 0, "?"}, {0, 0, "0:00"}} {
		if got := etaText(c.remaining, c.rate); got != c.want {
			t.Errorf("etaText(%d, %v) = %q, want %q", c.remaining, c.rate, got, c.want)
		}
	}
}

// Off a terminal the meter writes a plain line per interval and the last
// state, with the rate of what it saw finish.
func TestProgressMeterPlainLines(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	m := &progressMeter{w: &out, interval: 5 * time.Second, now: func() time.Time { return now }}
	for _, step := range []struct {
		after time.Duration
		done  int
	}{{0, 100}, {2 * time.Second, 120}, {5 * time.Second, 200}, {8 * time.Second, 260}} {
		now = time.Unix(0, 0).Add(step.after)
		m.update(step.done, 500, false)
	}
	m.update(500, 500, true)
	want := "documents 200/500  40%  20.0 docs/s  ETA 0:15\n" +
		"documents 500/500 100%  50.0 docs/s  ETA 0:00\n"
	if out.String() != want {
		t.Errorf("meter wrote %q, want %q", out.String(), want)
	}
}

// On a terminal the bar is redrawn in place and its line ended at the end.
func TestProgressMeterBar(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	m := &progressMeter{w: &out, tty: true, now: func() time.Time { return now }}
	m.update(0, 4, false)
	now = now.Add(time.Second)
	m.update(4, 4, true)
	if got := out.String(); strings.Count(got, "\r") != 2 || !strings.HasSuffix(got, "] 4/4 100%  4.0 docs/s  ETA 0:00\n") {
		t.Errorf("bar output %q, want two redraws and the final line", got)
	}
}

func TestItemFileNames(t *testing.T) {
	var items []client.BatchItemView
	for i, name := range []string{"invoice-1.pdf", "../../etc/invoice-2.pdf", "invoice-1.pdf", "", ".hidden.pdf", `C:\x\win.pdf`} {
		items = append(items, client.BatchItemView{Index: int64(i), Filename: &name})
	}
	items[3].Filename = nil
	want := []string{"invoice-1.pdf", "invoice-2.pdf", "invoice-1-2.pdf", "item-3.pdf", "item-4.pdf", "win.pdf"}
	got := itemFileNames(items)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("itemFileNames = %q, want %q", got, want)
	}
}
