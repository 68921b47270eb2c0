package chromium

import "sync/atomic"

// counters are the engine's lifetime events, for monitoring.
type counters struct {
	crashes  atomic.Int64 // browsers replaced after dying or breaking
	recycles atomic.Int64 // browsers replaced after RestartAfter renders

	tabRecycles atomic.Int64 // tabs replaced after RecycleAfter renders
	freshTabs   atomic.Int64 // tabs replaced after a large document
}

// Stats is what an operator watches of the engine.
type Stats struct {
	Tabs      int   // tabs (renders at once) configured
	TabsInUse int   // renders running now
	Restarts  int64 // browsers restarted after a crash (remote: connections lost)
	Recycles  int64 // browsers replaced after RestartAfter renders (remote: connections renewed)
	Up        bool  // a browser serves now (not restarting or reconnecting)
	Remote    bool  // the browser runs elsewhere (Options.RemoteURL)
	// TabRecycles counts tabs replaced after RecycleAfter renders,
	// FreshTabs those replaced after a document of FreshTabPages or
	// FreshTabBytes.
	TabRecycles int64
	FreshTabs   int64
}

// Stats reads the engine's counters.
func (e *Engine) Stats() Stats {
	e.mu.Lock()
	up := e.cur != nil && !e.cur.isDead() && !e.closed
	e.mu.Unlock()
	return Stats{
		Tabs: e.o.Tabs, TabsInUse: len(e.slots),
		Restarts: e.stats.crashes.Load(), Recycles: e.stats.recycles.Load(),
		Up: up, Remote: e.o.RemoteURL != "",
		TabRecycles: e.stats.tabRecycles.Load(), FreshTabs: e.stats.freshTabs.Load(),
	}
}
