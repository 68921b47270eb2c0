package ratelimit

import (
	"context"
	"sync"
	"time"
)

// Memory is a Limiter for one process.
type Memory struct {
	Now func() time.Time // nil = time.Now

	mu    sync.Mutex
	tat   map[string]time.Time // theoretical arrival time per key
	sweep time.Time            // next time expired keys are dropped
}

// NewMemory returns an empty in-memory limiter.
func NewMemory() *Memory { return &Memory{tat: map[string]time.Time{}} }

// Allow applies GCRA exactly as redis_rate's script does, so both limiters
// answer the same.
func (m *Memory) Allow(_ context.Context, key string, perMinute int) (Result, error) {
	now := time.Now()
	if m.Now != nil {
		now = m.Now()
	}
	emission := time.Minute / time.Duration(perMinute)
	burstOffset := emission * time.Duration(perMinute)

	m.mu.Lock()
	defer m.mu.Unlock()
	m.dropExpired(now)
	tat := m.tat[key]
	if tat.Before(now) {
		tat = now
	}
	newTAT := tat.Add(emission)
	diff := now.Sub(newTAT.Add(-burstOffset))
	if diff < 0 {
		return Result{Limit: perMinute, RetryAfter: -diff, ResetAfter: tat.Sub(now)}, nil
	}
	m.tat[key] = newTAT
	return Result{Limit: perMinute, Allowed: true, Remaining: int(diff / emission), ResetAfter: newTAT.Sub(now)}, nil
}

// dropExpired forgets, once a minute, the keys that are back to full burst.
func (m *Memory) dropExpired(now time.Time) {
	if now.Before(m.sweep) {
		return
	}
	m.sweep = now.Add(time.Minute)
	for k, t := range m.tat {
		if !t.After(now) {
			delete(m.tat, k)
		}
	}
}
