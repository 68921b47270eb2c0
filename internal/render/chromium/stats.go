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
	Restarts  int64 // browsers restarted after a crash
	Recycles  int64 // browsers replaced after RestartAfter renders
	// TabRecycles counts tabs replaced after RecycleAfter renders,
	// FreshTabs those replaced after a document of FreshTabPages or
	// FreshTabBytes.
	TabRecycles int64
	FreshTabs   int64
}

// Stats reads the engine's counters.
func (e *Engine) Stats() Stats {
	return Stats{
		Tabs: e.o.Tabs, TabsInUse: len(e.slots),
		Restarts: e.stats.crashes.Load(), Recycles: e.stats.recycles.Load(),
		TabRecycles: e.stats.tabRecycles.Load(), FreshTabs: e.stats.freshTabs.Load(),
	}
}
