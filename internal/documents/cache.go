package documents

import (
	"sync"
)

// compiledCache keeps parsed templates so a render does not parse its source
// again. Keys include the template's version, so an updated template never
// serves its old compilation. It is bounded: when full, an arbitrary entry
// is dropped (map order), which keeps memory flat without an LRU's
// bookkeeping.
type compiledCache[T any] struct {
	mu      sync.Mutex
	max     int
	entries map[string]T
}

func newCompiledCache[T any](max int) *compiledCache[T] {
	return &compiledCache[T]{max: max, entries: make(map[string]T, max)}
}

func (c *compiledCache[T]) get(key string, compile func() (T, error)) (T, error) {
	c.mu.Lock()
	t, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := compile()
	if err != nil {
		return t, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = t
	return t, nil
}
