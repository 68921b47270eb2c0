package documents

import (
	"sync"
)

// compiledCache keeps compiled templates so a render does not parse its
// Handlebars source again. Keys include the template's version, so an
// updated template never serves its old compilation. It is bounded: when
// full, an arbitrary entry is dropped (map order), which is enough to keep
// memory flat without the bookkeeping of an LRU.
type compiledCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]HTMLTemplate
}

func newCompiledCache(max int) *compiledCache {
	return &compiledCache{max: max, entries: make(map[string]HTMLTemplate, max)}
}

func (c *compiledCache) get(key string, compile func() (HTMLTemplate, error)) (HTMLTemplate, error) {
	c.mu.Lock()
	t, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := compile()
	if err != nil {
		return nil, err
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
