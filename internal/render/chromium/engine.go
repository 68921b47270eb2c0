package chromium

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Engine renders documents on a pool of warm Chromium tabs. It is safe for
// concurrent use.
type Engine struct {
	o     Options
	slots chan struct{} // one per running render: at most o.Tabs

	life     context.Context // ends on Close
	shutdown context.CancelFunc
	events   chan lifeEvent // to the supervisor
	bg       sync.WaitGroup // the supervisor and the retirements it starts

	mu      sync.Mutex
	cur     *instance          // serves new renders; nil while restarting
	changed chan struct{}      // closed (and replaced) when cur changes
	all     map[*instance]bool // every instance not yet closed
	closed  bool

	version string // the serving browser's product and version (under mu)
	// downErr is why the last restart or reconnect failed, while none
	// serves (under mu): renders on a remote browser fail at once with it
	// instead of waiting, and Ready names it.
	downErr error
	stats   counters
}

// lifeEvent asks the supervisor to replace an instance.
type lifeEvent struct {
	inst *instance
	dead bool // true: gone or broken, replace now; false: recycle gently
}

// New starts the browser, warms its tabs and renders a self-test document
// before it returns; an error names the browser version.
func New(ctx context.Context, o Options) (*Engine, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	life, shutdown := context.WithCancel(context.Background())
	stopOnCtx := context.AfterFunc(ctx, shutdown) // only while starting
	inst, err := startInstance(life, o)
	stopOnCtx()
	if err != nil {
		shutdown()
		return nil, err
	}
	e := &Engine{
		o:        o,
		slots:    make(chan struct{}, o.Tabs),
		life:     life,
		shutdown: shutdown,
		events:   make(chan lifeEvent),
		cur:      inst,
		changed:  make(chan struct{}),
		all:      map[*instance]bool{inst: true},
		version:  inst.version,
	}
	e.watch(inst)
	e.bg.Go(e.supervise)
	if err := e.selfTest(ctx); err != nil {
		_ = e.Close()
		return nil, newError(ErrUnavailable, err, "%s fails the self-test render (a browser version this Quire does not handle?)", e.Version())
	}
	return e, nil
}

// Render prints one document into memory (see RenderPDF).
func (e *Engine) Render(ctx context.Context, j Job) ([]byte, error) {
	pdf, err := e.RenderPDF(ctx, j)
	if err != nil {
		return nil, err
	}
	defer pdf.Close()
	return pdf.Bytes()
}

// RenderPDF prints one document into a spool file, which the caller closes.
// Waiting for a tab is bounded by ctx and QueueTimeout; the render itself by
// ctx and RenderTimeout.
func (e *Engine) RenderPDF(ctx context.Context, j Job) (*PDF, error) {
	params, err := j.printParams()
	if err != nil {
		return nil, err
	}
	return e.renderPDF(ctx, printing{html: j.HTML, params: params, lim: e.o.limits()})
}

// printing is what one Chromium print takes: the document, the print's
// parameters and its limits, and for a combined print of several documents
// the check that runs on its layout before it prints (see many.go).
type printing struct {
	html    string
	params  page.PrintToPDFParams
	lim     limits
	prepare string // JavaScript evaluated once loaded: true, or why not to print
}

// renderPDF runs one print on a tab of the pool.
func (e *Engine) renderPDF(ctx context.Context, p printing) (*PDF, error) {
	qctx, qcancel := context.WithTimeout(ctx, e.o.QueueTimeout)
	defer qcancel()
	select {
	case e.slots <- struct{}{}:
	case <-qctx.Done():
		return nil, e.waitError(ctx, "waiting for a free tab")
	}
	defer func() { <-e.slots }()

	// One retry when the browser or the page's renderer dies under the
	// render: the supervisor is already starting another browser (or
	// replaceTab another tab), and the request may still have time. A
	// document that crashes its renderer again is not retried further.
	for attempt := 0; ; attempt++ {
		inst, t, err := e.acquire(ctx, qctx)
		if err != nil {
			return nil, err
		}
		pdf, err := e.renderOn(ctx, inst, t, p)
		crashed := t.hasCrashed()
		switch {
		case err == nil || qctx.Err() != nil || !(crashed || inst.isDead()):
			return pdf, err
		case attempt > 0 && crashed:
			// Most likely the document (it may need more memory than a page
			// has), but a fault of the machine looks the same: unavailable,
			// not the template's error, and not retried here again.
			return nil, newError(ErrUnavailable, err, "the page crashed twice while rendering this document, on two fresh pages (it may use more memory than a page may have)")
		case attempt > 0:
			return nil, err
		}
	}
}

// renderOn runs the render on tab t and hands the tab to its upkeep.
func (e *Engine) renderOn(ctx context.Context, inst *instance, t *tab, p printing) (*PDF, error) {
	tctx, cancel := context.WithTimeout(t.ctx, e.o.RenderTimeout)
	rctx, stopCrash := t.untilCrash(tctx)
	defer stopCrash()
	stop := context.AfterFunc(ctx, cancel)
	scripted := hasScript(p.html)
	pdf, err := chromedp.Run(rctx, renderAction(t, p, scripted))
	if err != nil && pdf != nil {
		pdf.Close()
	}
	timedOut := tctx.Err() == context.DeadlineExceeded
	stop()
	cancel()

	var refused *notCombinable
	if err == nil || errors.As(err, &refused) {
		// A combined print its check refused left a document that ran no
		// script: the tab is as good as after a print.
		e.handBack(inst, t, pdf, scripted)
		return pdf, err
	}
	var exit *exec.ExitError
	// A remote browser's dropped connection comes as context.Canceled
	// while the caller's context is still live.
	dropped := inst.remote != "" && errors.Is(err, context.Canceled) && ctx.Err() == nil
	if errors.As(err, &exit) || dropped {
		// chromedp reports the browser's exit (or the lost connection) in
		// the error a moment before it ends the browser's context: wait for
		// that, so the retry in Render sees the instance as dead.
		select {
		case <-inst.dead:
		case <-time.After(2 * time.Second):
		}
	}
	// Read before replaceTab runs: the tab's context ends only when the
	// browser or the engine stopped under the render.
	stopped := inst.closing.Load() || t.ctx.Err() != nil
	lost := inst.remote != "" && !inst.closing.Load() && (inst.isDead() || t.ctx.Err() != nil)
	go e.replaceTab(inst, t)
	switch {
	case t.hasCrashed() && !inst.isDead():
		return nil, newError(ErrUnavailable, err, "the page's renderer process crashed during the render")
	case lost:
		return nil, newError(ErrUnavailable, err, "the connection to the remote browser was lost during the render")
	case inst.isDead() || exit != nil:
		return nil, newError(ErrUnavailable, err, "the browser exited during the render")
	case stopped:
		return nil, newError(ErrUnavailable, err, "the browser was stopped during the render")
	case ctx.Err() == context.DeadlineExceeded:
		return nil, newError(ErrTimeout, ctx.Err(), "render did not finish before the request deadline")
	case ctx.Err() != nil:
		return nil, newError(ErrRender, ctx.Err(), "render canceled")
	case timedOut:
		return nil, newError(ErrTimeout, context.DeadlineExceeded, "render exceeded the %s limit", e.o.RenderTimeout)
	}
	var nav *navigatedError
	var own *Error
	switch {
	case errors.As(err, &own):
		return nil, own // a limit of the output
	case errors.As(err, &nav):
		return nil, newError(ErrRender, nil, "%s", nav.Error())
	case strings.Contains(err.Error(), "Printing failed"):
		return nil, newError(ErrRender, err, "Chromium could not print the document (a header or footer that loads a stylesheet or font by URL does this: put styles inline, fonts as data: URIs)")
	}
	return nil, newError(ErrRender, err, "render failed")
}

// acquire waits for a live browser and one of its idle tabs. The caller
// must hand the tab back (recycleTab or replaceTab), which also ends its
// inflight count on the instance.
func (e *Engine) acquire(ctx, qctx context.Context) (*instance, *tab, error) {
	for {
		inst, err := e.current(ctx, qctx)
		if err != nil {
			return nil, nil, err
		}
		select {
		case t := <-inst.tabs:
			if n := inst.renders.Add(1); e.o.RestartAfter > 0 && n >= int64(e.o.RestartAfter) && inst.retiring.CompareAndSwap(false, true) {
				e.notify(lifeEvent{inst: inst})
			}
			return inst, t, nil
		case <-inst.dead:
			inst.inflight.Done()
		case <-qctx.Done():
			inst.inflight.Done()
			return nil, nil, e.waitError(ctx, "waiting for a free tab")
		}
	}
}

// current returns the serving instance, counted as in use, waiting while the
// browser restarts.
func (e *Engine) current(ctx, qctx context.Context) (*instance, error) {
	for {
		e.mu.Lock()
		if e.closed {
			e.mu.Unlock()
			return nil, newError(ErrUnavailable, nil, "the engine is closed")
		}
		inst, changed := e.cur, e.changed
		if inst != nil && !inst.isDead() {
			inst.inflight.Add(1)
			e.mu.Unlock()
			return inst, nil
		}
		down := e.downErr
		e.mu.Unlock()
		if down != nil && e.o.RemoteURL != "" {
			// The remote browser did not answer the last reconnect: say so
			// now rather than hold the request until its deadline. The
			// message (which API clients see) leaves the address to the
			// cause, which logs and /readyz show.
			return nil, newError(ErrUnavailable, down, "the remote browser does not answer; reconnecting")
		}
		select {
		case <-changed:
		case <-qctx.Done():
			return nil, e.waitError(ctx, "waiting for the browser to restart")
		}
	}
}

// waitError explains why a wait ended: the caller's context, or our limit.
func (e *Engine) waitError(ctx context.Context, what string) error {
	if err := ctx.Err(); err == context.DeadlineExceeded {
		return newError(ErrTimeout, err, "request deadline passed while %s", what)
	} else if err != nil {
		return newError(ErrRender, err, "request canceled while %s", what)
	}
	return newError(ErrUnavailable, nil, "gave up after %s %s", e.o.QueueTimeout, what)
}

// Ready reports whether the browser is up and answers.
func (e *Engine) Ready(ctx context.Context) error {
	e.mu.Lock()
	inst, closed, down := e.cur, e.closed, e.downErr
	e.mu.Unlock()
	switch {
	case closed:
		return newError(ErrUnavailable, nil, "the engine is closed")
	case (inst == nil || inst.isDead()) && down != nil:
		return down
	case (inst == nil || inst.isDead()) && e.o.RemoteURL != "":
		return newError(ErrUnavailable, nil, "reconnecting to the remote browser at %s", redactURL(e.o.RemoteURL))
	case inst == nil || inst.isDead():
		return newError(ErrUnavailable, nil, "the browser is restarting")
	}
	cctx, cancel := context.WithTimeout(inst.ctx, 5*time.Second)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	if _, err := chromedp.CallBrowser(cctx, browser.GetVersion, cdp.Empty{}); err != nil {
		return newError(ErrUnavailable, err, "the browser does not answer")
	}
	return nil
}

// Close stops the browsers, waits until their processes are reaped and their
// temporary profiles removed. Renders still running fail.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.shutdown()
	close(e.changed)

	insts := make([]*instance, 0, len(e.all))
	for inst := range e.all {
		insts = append(insts, inst)
	}
	e.mu.Unlock()

	// An instance the supervisor is starting now is aborted by shutdown and
	// closed by the supervisor itself.
	var wg sync.WaitGroup
	for _, inst := range insts {
		wg.Go(inst.close)
	}
	wg.Wait()
	e.bg.Wait()
	return nil
}
