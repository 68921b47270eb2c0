package ratelimit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/quirehq/quire/internal/testenv"
)

// exercise sends 61 requests at one instant to a 60/min limit, then waits
// for one emission interval: both limiters must answer the same.
func exercise(t *testing.T, l Limiter, key string, advance func(time.Duration)) {
	t.Helper()
	ctx := context.Background()
	for i := range 60 {
		r, err := l.Allow(ctx, key, 60)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Allowed || r.Remaining != 59-i || r.Limit != 60 {
			t.Fatalf("request %d: %+v", i+1, r)
		}
	}
	r, _ := l.Allow(ctx, key, 60)
	if r.Allowed || r.Remaining != 0 || r.RetryAfter <= 0 || r.RetryAfter > time.Second || r.ResetAfter < 59*time.Second {
		t.Fatalf("61st request: %+v", r)
	}
	if other, _ := l.Allow(ctx, key+"-other", 60); !other.Allowed {
		t.Fatal("keys share a bucket")
	}
	advance(time.Second)
	if r, _ := l.Allow(ctx, key, 60); !r.Allowed {
		t.Fatalf("a second later one more request passes: %+v", r)
	}
}

func TestMemory(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	m := NewMemory()
	m.Now = func() time.Time { return now }
	exercise(t, m, "k", func(d time.Duration) { now = now.Add(d) })
	now = now.Add(2 * time.Minute)
	m.Allow(context.Background(), "fresh", 60)
	if len(m.tat) != 1 {
		t.Fatalf("expired keys kept: %d", len(m.tat))
	}
}

func TestRedis(t *testing.T) {
	testenv.TCP(t, "Redis", testenv.RedisAddr)
	rdb := redis.NewClient(&redis.Options{Addr: testenv.RedisAddr, DB: 9})
	defer rdb.Close()
	r := NewRedis(rdb, fmt.Sprintf("quire-test-%d:", time.Now().UnixNano()))
	exercise(t, r, "k", func(d time.Duration) { time.Sleep(d) })
}
