package ratelimit

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func BenchmarkMemory(b *testing.B) {
	m := NewMemory()
	i := 0
	for b.Loop() {
		i++
		m.Allow(context.Background(), "k"+strconv.Itoa(i%1000), 6000)
	}
}

func BenchmarkRedis(b *testing.B) {
	if c, err := net.DialTimeout("tcp", "127.0.0.1:6379", time.Second); err != nil {
		b.Skip("Redis is not reachable")
	} else {
		c.Close()
	}
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", DB: 9})
	defer rdb.Close()
	r := NewRedis(rdb, "quire-bench:")
	for b.Loop() {
		if _, err := r.Allow(context.Background(), "k", 1000000); err != nil {
			b.Fatal(err)
		}
	}
}
