package ratelimit

import (
	"context"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/quirehq/quire/internal/testenv"
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
	testenv.TCP(b, "Redis", testenv.RedisAddr)
	rdb := redis.NewClient(&redis.Options{Addr: testenv.RedisAddr, DB: 9})
	defer rdb.Close()
	r := NewRedis(rdb, "quire-bench:")
	for b.Loop() {
		if _, err := r.Allow(context.Background(), "k", 1000000); err != nil {
			b.Fatal(err)
		}
	}
}
