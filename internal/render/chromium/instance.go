package chromium

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

// instance is one browser process with its warm tabs, or one connection to
// a remote browser with its tabs. The engine replaces a whole instance when
// it recycles or when the browser dies (or the connection is lost).
type instance struct {
	ctx  context.Context // chromedp context that owns the browser (or the connection)
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
	pid       int            // of a local browser; 0 for a remote one
	version   string         // the browser's product and version
	remote    string         // Options.RemoteURL; "" for a local browser
	wsURL     string         // the websocket URL of a remote browser
}

// startInstance launches a browser, or connects to the remote one, and
// opens n lockdowned tabs. It gives up after timeout, or when abort is
// done, and then leaves nothing behind.
func startInstance(abort context.Context, o Options) (*instance, error) {
	n, timeout := o.Tabs, o.StartTimeout
	root, kill := context.WithCancel(context.Background())
	inst := &instance{
		tabs: make(chan *tab, n), kill: kill,
		cancel: func() {}, allocCancel: func() {},
		dead: make(chan struct{}), remote: o.RemoteURL,
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

	err := inst.launch(root, o)
	close(started)
	if err != nil {
		inst.close()
		what := "browser"
		if inst.remote != "" {
			what = "remote browser at " + redactURL(inst.remote)
			err = redactedError(err)
		}
		switch {
		case timedOut.Load():
			return nil, newError(ErrUnavailable, err, "%s did not start within %s", what, timeout)
		case abort.Err() != nil:
			return nil, newError(ErrUnavailable, abort.Err(), "%s start aborted", what)
		case inst.remote != "":
			return nil, newError(ErrUnavailable, err, "cannot use the %s", what)
		}
		return nil, newError(ErrUnavailable, err, "browser did not start")
	}
	go func() {
		<-inst.ctx.Done()
		close(inst.dead)
	}()
	return inst, nil
}

// launch starts the process (or connects to the remote browser) and opens
// the tabs in parallel.
func (inst *instance) launch(root context.Context, o Options) error {
	var err error
	if o.RemoteURL != "" {
		err = inst.connect(root, o)
	} else {
		err = inst.exec(root, o)
	}
	if err != nil {
		return err
	}
	if inst.version, err = browserVersion(inst); err != nil {
		return err
	}

	l := o.layers()
	var wg sync.WaitGroup
	errs := make([]error, o.Tabs)
	for i := range o.Tabs {
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

// exec starts a local browser process.
func (inst *instance) exec(root context.Context, o Options) error {
	allocCtx, allocCancel := chromedp.NewExecAllocator(root, launchFlags(o)...)
	inst.ctx, inst.cancel = chromedp.NewContext(allocCtx, chromedp.WithErrorf(o.logf()), chromedp.WithLogf(o.logf()))
	inst.allocCancel = allocCancel
	if err := chromedp.Do(inst.ctx); err != nil {
		return err
	}
	c := chromedp.FromContext(inst.ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return errors.New("browser process unknown")
	}
	inst.pid = c.Browser.Process().Pid
	return nil
}

// connect opens a connection to the remote browser. A ws:// URL that no
// longer answers (the browser restarted with a new id) is found again at
// the same host and port.
func (inst *instance) connect(root context.Context, o Options) error {
	attach := func(retry bool) error {
		inst.cancel()
		inst.allocCancel()
		ws, err := webSocketURL(root, o.RemoteURL, retry)
		if err != nil {
			return err
		}
		inst.wsURL = ws
		allocCtx, allocCancel := remoteAllocator(root, ws)
		inst.ctx, inst.cancel = chromedp.NewContext(allocCtx, chromedp.WithErrorf(o.logf()), chromedp.WithLogf(o.logf()))
		inst.allocCancel = allocCancel
		return inst.connectRemote()
	}
	err := attach(false)
	if err != nil && isWebSocketURL(o.RemoteURL) && root.Err() == nil {
		if err2 := attach(true); err2 == nil {
			return nil
		} else {
			err = errors.Join(err, err2)
		}
	}
	return err
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
// children and removed the temporary profile. Of a remote browser it closes
// the idle tabs and their browser contexts, then the connection (the
// browser disposes of any context left when the connection ends). It is
// safe to call twice.
func (inst *instance) close() {
	inst.closeOnce.Do(func() {
		inst.closing.Store(true)
		if inst.remote != "" {
			inst.closeTabs()
		}
		// SIGKILL through the exec context; chromedp then reaps the process,
		// kills leftover children and removes the temporary profile.
		inst.kill()
		inst.cancel()
		inst.allocCancel()
	})
}

// closeTabs closes the idle tabs at once, without waiting for more.
func (inst *instance) closeTabs() {
	var wg sync.WaitGroup
	for {
		select {
		case t := <-inst.tabs:
			wg.Go(t.cancel)
		default:
			wg.Wait()
			return
		}
	}
}
