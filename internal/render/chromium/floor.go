package chromium

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// BareLoop is the speed floor for the engine: the plainest chromedp loop that
// does the same work (one browser, concurrency reused tabs, SetDocumentContent
// then PrintToPDF on A4), with no pool, no lockdown, no reset and no
// recovery. Each tab has its own browser context, as the engine's tabs do,
// so each has its own renderer process: tabs of one context share one
// renderer, which runs their pages on one main thread, and that would be no
// floor above concurrency 1. It renders html n times and returns how long
// each render took, and the wall time of the n renders (the browser's start
// and its tabs' opening excluded, as the engine's are from a bench).
func BareLoop(ctx context.Context, execPath, html string, n, concurrency int) ([]time.Duration, time.Duration, error) {
	if n <= 0 || concurrency <= 0 {
		return nil, 0, errors.New("n and concurrency must be positive")
	}
	if execPath == "" {
		execPath = FindBrowser()
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, launchFlags(Options{ExecPath: execPath})...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(string, ...any) {}))
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil {
		return nil, 0, err
	}

	a4 := page.PrintToPDFParams{PaperWidth: 210 / 25.4, PaperHeight: 297 / 25.4, PrintBackground: ptr(true)}
	printOnce := func(ctx context.Context, t *chromedp.Target) error {
		tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: html}); err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, page.PrintToPDF, a4)
		return err
	}

	times := make([]time.Duration, n)
	jobs := make(chan int)
	errs := make([]error, concurrency)
	var wg sync.WaitGroup
	for w := range concurrency {
		tabCtx, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
		defer cancelTab()
		if err := chromedp.Do(tabCtx); err != nil {
			return nil, 0, err
		}
		// One untimed render per tab first: a new renderer's first page
		// is slow (fonts, caches), and the engine's tabs are warm too.
		if err := chromedp.Do(tabCtx, chromedp.Func(printOnce)); err != nil {
			return nil, 0, err
		}
		wg.Go(func() {
			for i := range jobs {
				start := time.Now()
				if err := chromedp.Do(tabCtx, chromedp.Func(printOnce)); err != nil {
					errs[w] = err
					continue
				}
				times[i] = time.Since(start)
			}
		})
	}
	start := time.Now()
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return times, time.Since(start), errors.Join(errs...)
}
