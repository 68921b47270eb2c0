package documents

import (
	"testing"
	"time"
)

// A plan's retention (0 = forever) is capped by the operator's
// QUIRE_RETENTION only when one is set.
func TestCapRetention(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct{ keep, limit, want time.Duration }{
		{0, 0, 0},                   // enterprise, no cap: forever
		{7 * day, 0, 7 * day},       // free, no cap
		{0, time.Hour, time.Hour},   // enterprise under a cap
		{7 * day, day, day},         // free under a shorter cap
		{time.Hour, day, time.Hour}, // shorter than the cap
	}
	for _, c := range cases {
		if got := capRetention(c.keep, c.limit); got != c.want {
			t.Errorf("capRetention(%v, %v) = %v, want %v", c.keep, c.limit, got, c.want)
		}
	}
}
