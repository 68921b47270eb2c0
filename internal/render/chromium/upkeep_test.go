package chromium

import (
	"fmt"
	"strings"
	"testing"
)

// A document of FreshTabPages pages or more leaves a fresh tab behind, and
// the renders after it are whole and right; smaller ones keep the tab warm.
func TestLargeOutputGetsFreshTab(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, FreshTabPages: 5})
	render(t, e, Job{HTML: pagesHTML(2)})
	if s := e.Stats(); s.FreshTabs != 0 {
		t.Fatalf("a 2-page document replaced the tab: %+v", s)
	}
	for i := range 3 {
		pdf := render(t, e, Job{HTML: pagesHTML(6)})
		if pages := pdfText(t, pdf); len(pages) != 6 || !strings.Contains(pages[5], "page") {
			t.Fatalf("large render %d: %d pages, want 6 with text", i, len(pages))
		}
		if s := e.Stats(); s.FreshTabs != int64(i+1) {
			t.Fatalf("after %d large documents: %+v, want FreshTabs %d", i+1, s, i+1)
		}
		pdf = render(t, e, Job{HTML: fmt.Sprintf("<p>after large %d</p>", i)})
		if got := pdfText(t, pdf); len(got) != 1 || !strings.Contains(got[0], fmt.Sprintf("after large %d", i)) {
			t.Fatalf("render after the fresh tab: %q", got)
		}
	}
	if s := e.Stats(); s.FreshTabs != 3 || s.Restarts != 0 || s.Recycles != 0 {
		t.Errorf("stats %+v: want 3 fresh tabs, no browser restart", s)
	}
}

// FreshTabBytes counts the PDF's size alone.
func TestLargePDFBytesGetFreshTab(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, FreshTabBytes: 1})
	before := e.Stats().FreshTabs // the self-test render's
	for i := range 2 {
		render(t, e, Job{HTML: fmt.Sprintf("<p>bytes %d</p>", i)})
	}
	if s := e.Stats(); s.FreshTabs-before != 2 {
		t.Errorf("stats %+v (%d before): every PDF is at least 1 byte, want 2 more fresh tabs", s, before)
	}
}

// RecycleAfter replaces tabs one by one in the same browser; the browser
// itself is only restarted after RestartAfter.
func TestTabsRecycleInOneBrowser(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2, RecycleAfter: 2, RestartAfter: -1})
	pid := e.instancePID()
	for i := range 4 {
		renderConcurrently(t, e, 3, fmt.Sprintf("roll%d", i))
	}
	s := e.Stats()
	// Each tab is replaced after every second render it serves (the
	// self-test render at the start counts too).
	if s.TabRecycles < 5 {
		t.Errorf("12 renders with RecycleAfter=2: %d tab recycles, want 6 (%+v)", s.TabRecycles, s)
	}
	if s.Recycles != 0 || s.Restarts != 0 || e.instancePID() != pid {
		t.Errorf("the browser was replaced (%+v, pid %d → %d)", s, pid, e.instancePID())
	}
}
