package chromium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/chromium/chromiumtest"
)

func TestRunawayScriptTimesOutAndTabRecovers(t *testing.T) {
	const limit = 2 * time.Second
	// The tab is replaced after each timeout: the next request may wait for
	// it longer than the render limit on a loaded machine.
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: limit, QueueTimeout: 30 * time.Second})
	cases := map[string]string{
		"inline-loop":     `<script>while(true){}</script><p>never</p>`,
		"loop-after-load": `<p>x</p><script>addEventListener("load", () => setTimeout(() => { while(true){} }, 0))</script>`,
		"timer-loop":      `<p>x</p><script>setTimeout(() => { while(true){} }, 0)</script>`,
		"load-handler":    `<p>x</p><script>addEventListener("load", () => { for(;;){} })</script>`,
	}
	for name, html := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := e.Render(context.Background(), Job{HTML: html})
			took := time.Since(start)
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			if !strings.Contains(err.Error(), limit.String()) {
				t.Errorf("message %q does not name the limit %s", err, limit)
			}
			// A bound, not a speed measurement: the limit plus generous slack.
			if took > limit+3*time.Second {
				t.Errorf("took %s for a %s limit", took, limit)
			}
			pdf := render(t, e, Job{HTML: "<p>after " + name + "</p>"})
			if !strings.Contains(pdfText(t, pdf)[0], "after "+name) {
				t.Errorf("next render has the wrong text")
			}
		})
	}
}

func TestBrowserKilledIsRestarted(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2, RenderTimeout: 10 * time.Second})
	render(t, e, Job{HTML: "<p>before</p>"})
	pid := e.instancePID()
	if pid == 0 {
		t.Fatal("no browser pid")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}

	// Renders during the restart either wait for it or fail cleanly as
	// unavailable; within a few tries they succeed again.
	var ok bool
	for try := 0; try < 30 && !ok; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		pdf, err := e.Render(ctx, Job{HTML: fmt.Sprintf("<p>after kill %d</p>", try)})
		cancel()
		switch {
		case err == nil:
			ok = strings.Contains(pdfText(t, pdf)[0], fmt.Sprintf("after kill %d", try))
		case errors.Is(err, ErrUnavailable):
			t.Logf("try %d: %v", try, err)
			time.Sleep(200 * time.Millisecond)
		default:
			t.Fatalf("try %d: err = %v, want success or ErrUnavailable", try, err)
		}
	}
	if !ok {
		t.Fatal("renders did not recover after the browser was killed")
	}
	if got := e.instancePID(); got == pid || got == 0 {
		t.Errorf("browser pid %d after restart, was %d", got, pid)
	}
	if err := e.Ready(context.Background()); err != nil {
		t.Errorf("Ready after restart: %v", err)
	}
	// Both tabs of the new browser work.
	renderConcurrently(t, e, 4, "post-restart")
}

func TestKillDuringConcurrentRenders(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2, RenderTimeout: 10 * time.Second})
	render(t, e, Job{HTML: "<p>warm</p>"})
	pid := e.instancePID()
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, errs[i] = e.Render(ctx, Job{HTML: `<p>slow</p><script>const t=Date.now(); while(Date.now()-t<300){}</script>`})
		})
	}
	time.Sleep(100 * time.Millisecond)
	_ = syscall.Kill(pid, syscall.SIGKILL)
	wg.Wait() // none hangs: each is bounded by its context
	for i, err := range errs {
		t.Logf("render %d: %v", i, err)
		if err != nil && !errors.Is(err, ErrUnavailable) {
			t.Errorf("render %d: %v, want success or ErrUnavailable", i, err)
		}
	}
	renderConcurrently(t, e, 2, "after-kill")
}

func TestRestartAfterRenders(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2, RestartAfter: 3})
	pids := map[int]bool{e.instancePID(): true}
	// waitForSwap waits until the browser serving new renders has changed:
	// a recycle starts the new browser first, which takes a while on a busy
	// machine, so sampling the PID right after a render would be flaky.
	waitForSwap := func(before int) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for e.instancePID() == before {
			if time.Now().After(deadline) {
				t.Fatalf("no restart after %d renders with RestartAfter=3", len(pids)*3)
			}
			time.Sleep(20 * time.Millisecond)
		}
		pids[e.instancePID()] = true
	}
	before := e.instancePID()
	for i := range 10 {
		pdf := render(t, e, Job{HTML: fmt.Sprintf("<p>seq %d</p>", i)})
		if !strings.Contains(pdfText(t, pdf)[0], fmt.Sprintf("seq %d", i)) {
			t.Errorf("render %d: wrong text", i)
		}
	}
	waitForSwap(before)
	// Concurrent renders across recycles never fail.
	before = e.instancePID()
	renderConcurrently(t, e, 10, "par")
	waitForSwap(before)
	renderConcurrently(t, e, 10, "par2")
	if len(pids) < 3 {
		t.Errorf("saw %d browsers over 30 renders with RestartAfter=3", len(pids))
	}
}

func renderConcurrently(t *testing.T, e *Engine, n int, tag string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	pdfs := make([][]byte, n)
	for i := range n {
		wg.Go(func() {
			pdfs[i], errs[i] = e.Render(context.Background(), Job{HTML: fmt.Sprintf("<p>%s-%d-end</p>", tag, i)})
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("%s %d: %v", tag, i, errs[i])
		} else if want := fmt.Sprintf("%s-%d-end", tag, i); !strings.Contains(pdfText(t, pdfs[i])[0], want) {
			t.Errorf("%s %d: no %q", tag, i, want)
		}
	}
}

// After Close: no browser process is left, none of our children is a
// zombie, and the temporary profile is gone.
func TestCloseLeavesNothing(t *testing.T) {
	needBrowser(t)
	e, err := New(context.Background(), Options{Tabs: 2, RecycleAfter: 2, RestartAfter: 2})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for i := range 5 {
		render(t, e, Job{HTML: fmt.Sprintf("<p>%d</p>", i)})
		if d := userDataDir(e.instancePID()); d != "" {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		t.Fatal("could not read the profile dir of the browser")
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := e.Ready(context.Background()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Ready after Close: %v", err)
	}
	if _, err := e.Render(context.Background(), Job{HTML: "x"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Render after Close: %v", err)
	}
	// Retired browsers drain in the background of Close: give the kernel a
	// moment to deliver the last exits.
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := leftovers(dirs)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind: %v", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, d := range dirs {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("profile dir %s still exists", d)
		}
	}
}

// userDataDir reads --user-data-dir from the command line of pid.
func userDataDir(pid int) string {
	return chromiumtest.Flags(pid)["user-data-dir"]
}

// leftovers lists processes that use one of dirs, and zombie children of
// this test process.
func leftovers(dirs []string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	self := strconv.Itoa(os.Getpid())
	for _, ent := range entries {
		if _, err := strconv.Atoi(ent.Name()); err != nil {
			continue
		}
		if stat, err := os.ReadFile("/proc/" + ent.Name() + "/stat"); err == nil {
			// pid (comm) state ppid ...
			rest := string(stat[bytes.LastIndexByte(stat, ')')+2:])
			f := strings.Fields(rest)
			if len(f) > 1 && f[0] == "Z" && f[1] == self {
				out = append(out, "zombie "+ent.Name())
			}
		}
		cmdline, _ := os.ReadFile("/proc/" + ent.Name() + "/cmdline")
		for _, d := range dirs {
			if bytes.Contains(cmdline, []byte("--user-data-dir="+d)) {
				out = append(out, "process "+ent.Name())
			}
		}
	}
	return out
}

func TestCloseDuringRender(t *testing.T) {
	needBrowser(t)
	e, err := New(context.Background(), Options{Tabs: 1})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.Render(context.Background(), Job{HTML: `<script>while(true){}</script>`})
		done <- err
	}()
	for len(e.slots) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let it reach the browser
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-done; !errors.Is(err, ErrUnavailable) {
		t.Errorf("render cut by Close: %v, want ErrUnavailable", err)
	}
}

// killRenderers kills the page processes of the engine's browser (not the
// browser) and returns how many it killed.
func killRenderers(t *testing.T, e *Engine) int {
	t.Helper()
	pids := chromiumtest.RendererPIDs(e.instancePID())
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	return len(pids)
}

// waitForRender waits until a render holds a tab, then a little more so it
// runs in the page.
func waitForRender(e *Engine) {
	for len(e.slots) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}

// A page whose renderer process dies is noticed at once: the render is
// retried on a fresh page and succeeds, long before the render timeout, and
// a render queued behind it is not held up.
func TestRendererCrashIsRetried(t *testing.T) {
	const limit = 30 * time.Second
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: limit})
	busy := `<script>const t0 = Date.now(); while (Date.now() - t0 < 1500) {}</script>`
	var wg sync.WaitGroup
	errs := make([]error, 2)
	texts := make([]string, 2)
	start := time.Now()
	for i := range 2 {
		wg.Go(func() {
			pdf, err := e.Render(context.Background(), Job{HTML: fmt.Sprintf("<p>survivor %d</p>", i) + busy})
			errs[i] = err
			if err == nil {
				texts[i] = pdfText(t, pdf)[0]
			}
		})
	}
	waitForRender(e)
	if n := killRenderers(t, e); n == 0 {
		t.Fatal("no renderer process found to kill")
	}
	wg.Wait()
	took := time.Since(start)
	for i := range 2 {
		if errs[i] != nil {
			t.Errorf("render %d: %v, want success after a retry", i, errs[i])
		} else if want := fmt.Sprintf("survivor %d", i); !strings.Contains(texts[i], want) {
			t.Errorf("render %d printed %q", i, texts[i])
		}
	}
	// Unnoticed, the crash would have held the first render (and the one
	// queued behind it) until the render timeout, and failed it.
	t.Logf("both renders done after %s", took)
	if took > limit {
		t.Errorf("both renders took %s: the crash was not noticed at once", took)
	}
}

// A document that crashes its page every time (here: it allocates without
// end) is tried twice, then answered as unavailable, quickly and not as a
// timeout; the engine renders afterwards.
func TestDocumentThatCrashesItsPage(t *testing.T) {
	const limit = 30 * time.Second
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: limit, jsHeapMB: 64})
	start := time.Now()
	_, err := e.Render(context.Background(), Job{HTML: `<p>bomb</p><script>const a = []; for (;;) a.push(new Array(1e6).fill(1.5));</script>`})
	took := time.Since(start)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "crashed twice") {
		t.Fatalf("err = %v, want ErrUnavailable saying the page crashed twice", err)
	}
	if took > limit/2 {
		t.Errorf("refused after %s: the crash was not noticed at once", took)
	}
	if text := pdfText(t, render(t, e, Job{HTML: "<p>next</p>"}))[0]; !strings.Contains(text, "next") {
		t.Errorf("next render: %q", text)
	}
}
