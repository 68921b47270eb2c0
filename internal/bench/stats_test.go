package bench

import (
	"os/exec"
	"testing"
	"time"
)

func TestSummarisePercentiles(t *testing.T) {
	var lat []time.Duration
	for i := 100; i >= 1; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	s := Summarise("x", 1, lat, 10*time.Second)
	if s.P50 != 50*time.Millisecond || s.P95 != 95*time.Millisecond || s.N != 100 || s.DocsPerSecond() != 10 {
		t.Fatalf("got %+v", s)
	}
	if lat[0] != 100*time.Millisecond {
		t.Fatal("Summarise sorted the caller's slice")
	}
}

func TestRSSCountsChildren(t *testing.T) {
	self, before, err := RSS()
	if err != nil || self <= 0 {
		t.Fatalf("self %d, err %v", self, err)
	}
	cmd := exec.Command("sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	_, after, err := RSS()
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Fatalf("a child process added no memory: before %d after %d", before, after)
	}
}
