package chromium

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Limits of the housekeeping steps (not user-visible).
const (
	resetTimeout     = 5 * time.Second
	interruptTimeout = 2 * time.Second
	openTabTimeout   = 15 * time.Second
	restartBackoff   = 500 * time.Millisecond
	maxBackoff       = 5 * time.Second
)

// handBack returns a tab after a good render. A tab whose document was
// large, or that has served RecycleAfter renders, is replaced by a fresh one
// (a new browser context and renderer process): a renderer keeps the heaps
// a big document grew, and nothing else gives them back. A tab that ran a
// script is blanked. Otherwise it goes back as it is: no script ran, so the
// next document cannot see anything of this one (SetDocumentContent
// replaces the whole document).
func (e *Engine) handBack(inst *instance, t *tab, pdf *PDF, scripted bool) {
	t.renders++
	if t.recycleAt == 0 {
		// Tabs that opened together would otherwise be replaced together.
		t.recycleAt = e.o.RecycleAfter - rand.IntN((e.o.RecycleAfter+1)/2)
	}
	switch {
	case e.o.isLarge(pdf):
		e.stats.freshTabs.Add(1)
		go e.replaceTab(inst, t)
	case t.renders >= t.recycleAt:
		e.stats.tabRecycles.Add(1)
		go e.replaceTab(inst, t)
	case scripted:
		go e.recycleTab(inst, t)
	default:
		inst.tabs <- t
		inst.inflight.Done()
	}
}

// isLarge reports whether a PDF reaches FreshTabBytes or FreshTabPages.
func (o Options) isLarge(pdf *PDF) bool {
	if pdf == nil {
		return false
	}
	return (o.FreshTabBytes > 0 && pdf.Size() >= o.FreshTabBytes) ||
		(o.FreshTabPages > 0 && pdf.Pages() >= o.FreshTabPages)
}

// recycleTab blanks a tab after a good render and returns it to the pool.
func (e *Engine) recycleTab(inst *instance, t *tab) {
	ctx, cancel := context.WithTimeout(t.ctx, resetTimeout)
	err := t.reset(ctx)
	cancel()
	if err != nil {
		e.replaceTab(inst, t)
		return
	}
	inst.tabs <- t
	inst.inflight.Done()
}

// replaceTab throws a tab away (after a timeout or an error it may be stuck
// in a script, or hold state) and opens a fresh one in the same browser.
// If that fails the browser is broken, and the supervisor replaces it.
func (e *Engine) replaceTab(inst *instance, old *tab) {
	defer inst.inflight.Done()
	if inst.isDead() {
		return
	}
	go func() {
		// Stop a runaway script first so the close is quick; closing the
		// target and its browser context also ends its renderer.
		ictx, cancel := context.WithTimeout(old.ctx, interruptTimeout)
		old.interrupt(ictx)
		cancel()
		old.cancel()
	}()

	fresh, err := openTabWithin(inst.ctx, e.o.layers(), openTabTimeout)
	if errors.Is(err, errPageCrashed) {
		// The page died, not the browser (its renderers were killed, or
		// the machine is short of memory): one more try.
		fresh, err = openTabWithin(inst.ctx, e.o.layers(), openTabTimeout)
	}
	if err != nil {
		if !inst.closing.Load() {
			e.notify(lifeEvent{inst: inst, dead: true})
		}
		return
	}
	inst.tabs <- fresh
}

// openTabWithin is openTab with a time limit.
func openTabWithin(browserCtx context.Context, l lockdown, limit time.Duration) (*tab, error) {
	type result struct {
		t   *tab
		err error
	}
	done := make(chan result, 1)
	go func() {
		t, err := openTab(browserCtx, l)
		done <- result{t, err}
	}()
	select {
	case r := <-done:
		return r.t, r.err
	case <-time.After(limit):
		go func() {
			if r := <-done; r.t != nil {
				r.t.cancel()
			}
		}()
		return nil, context.DeadlineExceeded
	}
}

// watch reports the instance to the supervisor when its browser dies
// without being asked to.
func (e *Engine) watch(inst *instance) {
	go func() {
		select {
		case <-inst.dead:
			if !inst.closing.Load() {
				e.notify(lifeEvent{inst: inst, dead: true})
			}
		case <-e.life.Done():
		}
	}()
}

// notify hands an event to the supervisor without blocking the caller.
func (e *Engine) notify(ev lifeEvent) {
	go func() {
		select {
		case e.events <- ev:
		case <-e.life.Done():
		}
	}()
}

// supervise replaces instances one event at a time, so a crash and a
// recycle never race each other.
func (e *Engine) supervise() {
	for {
		select {
		case <-e.life.Done():
			return
		case ev := <-e.events:
			e.mu.Lock()
			isCur := ev.inst == e.cur
			e.mu.Unlock()
			switch {
			case !isCur && ev.dead:
				// Already replaced (recycled, then crashed): just clean up.
				e.bg.Go(func() { e.retire(ev.inst, false) })
			case !isCur:
				// A stale recycle request.
			case ev.dead:
				e.stats.crashes.Add(1)
				e.logLost(ev.inst)
				e.swap(ev.inst, nil)
				e.bg.Go(func() { e.retire(ev.inst, false) })
				e.restart(ev.inst)
			default:
				e.stats.recycles.Add(1)
				e.recycle(ev.inst)
			}
		}
	}
}

// restart starts browsers until one comes up or the engine closes. Renders
// wait for it (bounded by their own limits).
func (e *Engine) restart(old *instance) {
	backoff := restartBackoff
	for e.life.Err() == nil {
		inst, err := startInstance(e.life, e.o)
		if err == nil {
			if e.install(nil, inst) {
				e.o.Logger.Info("browser serves again", e.browserAttrs(inst)...)
			}
			return
		}
		if e.life.Err() != nil {
			return
		}
		e.mu.Lock()
		if !e.closed {
			// Wake the renders waiting for a browser: on a remote one
			// they fail now with this error (see current).
			e.downErr = err
			close(e.changed)
			e.changed = make(chan struct{})
		}
		e.mu.Unlock()
		e.o.Logger.Warn("browser restart failed, trying again", "error", err.Error(), "retry_in", backoff.String())
		select {
		case <-time.After(backoff):
		case <-e.life.Done():
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// recycle starts a fresh browser while the old one keeps serving, swaps
// them, then lets the old one finish its renders before it closes.
func (e *Engine) recycle(old *instance) {
	inst, err := startInstance(e.life, e.o)
	if err != nil {
		old.retiring.Store(false) // try again on a later render
		return
	}
	if e.install(old, inst) {
		e.bg.Go(func() { e.retire(old, true) })
	}
}

// install makes inst the serving instance if cur is still expected. It
// closes inst instead when the engine has closed meanwhile.
func (e *Engine) install(expected, inst *instance) bool {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		inst.close()
		return false
	}
	if e.cur != expected && !(e.cur != nil && e.cur.isDead()) {
		e.mu.Unlock()
		inst.close()
		return false
	}
	e.all[inst] = true
	e.cur = inst
	e.version, e.downErr = inst.version, nil
	close(e.changed)
	e.changed = make(chan struct{})
	e.mu.Unlock()
	e.watch(inst)
	return true
}

// swap replaces cur with inst (nil while restarting) if cur is old.
func (e *Engine) swap(old, inst *instance) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || e.cur != old {
		return
	}
	e.cur = inst
	close(e.changed)
	e.changed = make(chan struct{})
}

// retire closes an instance, after its renders end when drain is set.
func (e *Engine) retire(inst *instance, drain bool) {
	if drain {
		inst.inflight.Wait()
	}
	inst.close()
	e.mu.Lock()
	delete(e.all, inst)
	e.mu.Unlock()
}

// logLost tells the operator that a browser died or a remote browser's
// connection was lost, and that the engine starts or connects another.
func (e *Engine) logLost(inst *instance) {
	if e.o.RemoteURL != "" {
		e.o.Logger.Warn("lost the connection to the remote browser, reconnecting", e.browserAttrs(inst)...)
		return
	}
	e.o.Logger.Warn("the browser died, starting another", e.browserAttrs(inst)...)
}

// browserAttrs are an instance's log attributes.
func (e *Engine) browserAttrs(inst *instance) []any {
	if inst.remote != "" {
		return []any{"browser", inst.version, "remote", redactURL(inst.remote)}
	}
	return []any{"browser", inst.version, "pid", inst.pid}
}
