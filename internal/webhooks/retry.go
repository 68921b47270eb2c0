package webhooks

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// nextWait is how long to wait before attempt+1 after attempt failed, or
// false once the schedule is exhausted. A Retry-After longer than the
// scheduled wait is honoured, up to MaxRetryAfter.
func (s *Service) nextWait(attempt int, retryAfter time.Duration) (time.Duration, bool) {
	if attempt < 1 || attempt > len(s.deps.Schedule) {
		return 0, false
	}
	wait := s.deps.Schedule[attempt-1]
	if retryAfter > wait {
		wait = min(retryAfter, max(s.deps.MaxRetryAfter, wait))
	}
	return wait, true
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// Anything else, or a time in the past, is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		const maxSecs = int64(365 * 24 * time.Hour / time.Second) // keeps the Duration from overflowing
		return time.Duration(min(secs, maxSecs)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
