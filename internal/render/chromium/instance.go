package chromium

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

// instance is one browser process with its warm tabs. The engine replaces a
// whole instance when it recycles or when the browser dies.
type instance struct {
	ctx  context.Context // chromedp context that owns the browser
	tabs chan *tab       // idle tabs

	kill        context.CancelFunc // kills at once, does not wait
	cancel      context.CancelFunc // chromedp: stop the browser and wait
	allocCancel context.CancelFunc // chromedp: wait for the temp dir removal

	dead      chan struct{} // closed when the browser is gone
	closeOnce sync.Once
	closing   atomic.Bool // true once we stop it on purpose
	retiring  atomic.Bool // a replacement is being started
	renders   atomic.Int64
	inflight  sync.WaitGroup // renders and tab resets that use the instance
	pid       int
}

// startInstance launches a browser and opens n lockdowned tabs. It gives up
// after timeout, or when abort is done, and then leaves nothing behind.
func startInstance(abort context.Context, o Options) (*instance, error) {
	n, timeout := o.Tabs, o.StartTimeout
	root, kill := context.WithCancel(context.Background())
	allocCtx, allocCancel := chromedp.NewExecAllocator(root, launchFlags(o)...)
	bctx, bcancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(o.logf()), chromedp.WithLogf(o.logf()))
	inst := &instance{
		ctx: bctx, tabs: make(chan *tab, n),
		kill: kill, cancel: bcancel, allocCancel: allocCancel,
		dead: make(chan struct{}),
	}

	started := make(chan struct{})
	var timedOut atomic.Bool
	go func() {
		timer := time.NewTimer(timeout)
		defer timer.Stop()
		select {
		case <-started:
			return
		case <-timer.C:
			timedOut.Store(true)
		case <-abort.Done():
		}
		kill()
	}()

	err := inst.launch(n, o.layers())
	close(started)
	if err != nil {
		inst.close()
		switch {
		case timedOut.Load():
			return nil, newError(ErrUnavailable, err, "browser did not start within %s", timeout)
		case abort.Err() != nil:
			return nil, newError(ErrUnavailable, abort.Err(), "browser start aborted")
		}
		return nil, newError(ErrUnavailable, err, "browser did not start")
	}
	go func() {
		<-bctx.Done()
		close(inst.dead)
	}()
	return inst, nil
}

// launch starts the process and opens the tabs in parallel.
func (inst *instance) launch(n int, l lockdown) error {
	if err := chromedp.Do(inst.ctx); err != nil {
		return err
	}
	c := chromedp.FromContext(inst.ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return errors.New("browser process unknown")
	}
	inst.pid = c.Browser.Process().Pid

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			t, err := openTab(inst.ctx, l)
			if err != nil {
				errs[i] = err
				return
			}
			inst.tabs <- t
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// isDead reports whether the browser has gone, without waiting.
func (inst *instance) isDead() bool { return isClosed(inst.dead) }

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// close kills the browser, waits until chromedp has reaped it and its
// children and removed the temporary profile. It is safe to call twice.
func (inst *instance) close() {
	inst.closeOnce.Do(func() {
		inst.closing.Store(true)
		// SIGKILL through the exec context; chromedp then reaps the process,
		// kills leftover children and removes the temporary profile.
		inst.kill()
		inst.cancel()
		inst.allocCancel()
	})
}
