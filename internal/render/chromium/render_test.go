package chromium

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func TestRenderText(t *testing.T) {
	e := shared(t)
	pdf := render(t, e, Job{HTML: `<h1>Hello Quire</h1><p>Invoice 42</p>`})
	if n := pageCount(t, pdf); n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
	text := pdfText(t, pdf)[0]
	if !strings.Contains(text, "Hello Quire") || !strings.Contains(text, "Invoice 42") {
		t.Errorf("text = %q", text)
	}
}

func TestPageSizes(t *testing.T) {
	e := shared(t)
	cases := []struct {
		format    string
		landscape bool
		w, h      float64 // points
	}{
		{"", false, 595.28, 841.89},
		{"A4", true, 841.89, 595.28},
		{"a3", false, 841.89, 1190.55},
		{"Letter", false, 612, 792},
		{"letter", true, 792, 612},
		{"LEGAL", false, 612, 1008},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/landscape=%v", c.format, c.landscape), func(t *testing.T) {
			pdf := render(t, e, Job{HTML: "<p>size</p>", Format: c.format, Landscape: c.landscape})
			d := pageDims(t, pdf)[0]
			if math.Abs(d.Width-c.w) > 1 || math.Abs(d.Height-c.h) > 1 {
				t.Errorf("page = %.2f×%.2f pt, want %.2f×%.2f", d.Width, d.Height, c.w, c.h)
			}
		})
	}
}

func TestHeaderFooterPageNumbers(t *testing.T) {
	e := shared(t)
	var body strings.Builder
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&body, `<section style="break-after:page">Body %d</section>`, i)
	}
	pdf := render(t, e, Job{
		HTML:       body.String(),
		HeaderHTML: `<div style="text-align:center">ACME Report</div>`,
		FooterHTML: `<div style="text-align:right">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
		Margin:     Margin{Top: "25mm", Bottom: "25mm"},
	})
	pages := pdfText(t, pdf)
	if len(pages) < 4 || pageCount(t, pdf) != len(pages) {
		t.Fatalf("pdftotext pages = %d, pdfcpu pages = %d, want 4", len(pages), pageCount(t, pdf))
	}
	for i, text := range pages {
		want := fmt.Sprintf("Page %d of %d", i+1, len(pages))
		if !strings.Contains(text, want) || !strings.Contains(text, "ACME Report") {
			t.Errorf("page %d: no %q or header in %q", i+1, want, text)
		}
	}
}

func TestMarginsMoveContent(t *testing.T) {
	e := shared(t)
	// A page-filling block: a bigger margin leaves less room, so more pages.
	html := `<div style="height:250mm;background:#eee">tall</div>`
	small := pageCount(t, render(t, e, Job{HTML: html, Margin: Margin{Top: "5mm", Bottom: "5mm"}}))
	big := pageCount(t, render(t, e, Job{HTML: html, Margin: Margin{Top: "1in", Bottom: "1in"}}))
	if small != 1 || big != 2 {
		t.Errorf("pages with 5mm margins = %d (want 1), with 1in = %d (want 2)", small, big)
	}
}

// A data: PNG must still render: the PDF has an image on the page.
func TestDataImageRenders(t *testing.T) {
	e := shared(t)
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	for y := range 40 {
		for x := range 40 {
			img.Set(x, y, color.RGBA{R: 200, G: uint8(x * 6), B: uint8(y * 6), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	src := "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	pdf := render(t, e, Job{HTML: `<p>logo</p><img style="width:200px" src="` + src + `">`})
	images, err := api.Images(bytes.NewReader(pdf), nil, nil)
	if err != nil {
		t.Fatalf("pdfcpu Images: %v", err)
	}
	n := 0
	for _, page := range images {
		n += len(page)
	}
	if n == 0 {
		t.Errorf("no image XObject in the PDF")
	}
}

// No state leaks from one document to the next on the same tab.
func TestNoStateLeaksBetweenRenders(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1})
	render(t, e, Job{HTML: `<script>
		window.leak = "SECRET-GLOBAL";
		try { localStorage.setItem("k", "SECRET-STORAGE") } catch (e) {}
		try { sessionStorage.setItem("k", "SECRET-SESSION") } catch (e) {}
		document.cookie = "c=SECRET-COOKIE";
	</script><p>first</p>`})
	pdf := render(t, e, Job{HTML: `<p id=out></p><script>
		function get(f) { try { return f() || "none" } catch (e) { return "none" } }
		document.getElementById("out").textContent = [
			"G=" + get(() => window.leak),
			"L=" + get(() => localStorage.getItem("k")),
			"S=" + get(() => sessionStorage.getItem("k")),
			"C=" + get(() => document.cookie),
		].join(" ");
	</script>`})
	text := pdfText(t, pdf)[0]
	if strings.Contains(text, "SECRET") || !strings.Contains(text, "G=none") {
		t.Errorf("state leaked into the next render: %q", text)
	}
}

func TestConcurrentRendersOnTwoTabs(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2})
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	pdfs := make([][]byte, n)
	for i := range n {
		wg.Go(func() {
			pdfs[i], errs[i] = e.Render(context.Background(), Job{HTML: fmt.Sprintf("<p>DOC-%d-END</p>", i)})
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("render %d: %v", i, errs[i])
			continue
		}
		text := pdfText(t, pdfs[i])[0]
		if !strings.Contains(text, fmt.Sprintf("DOC-%d-END", i)) {
			t.Errorf("render %d has the wrong content: %q", i, text)
		}
	}
}

func TestQueueBoundedByContext(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: 10e9})
	started := make(chan struct{})
	go func() {
		close(started)
		_, _ = e.Render(context.Background(), Job{HTML: `<script>const t=Date.now(); while(Date.now()-t<3000){}</script>`})
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 300e6)
	defer cancel()
	// Either it got the tab first (and fails on the deadline) or it waited:
	// both must end with the deadline as a timeout, not hang.
	_, err := e.Render(ctx, Job{HTML: `<script>const t=Date.now(); while(Date.now()-t<3000){}</script>`})
	if err == nil {
		t.Fatal("render finished although the tab was busy past the deadline")
	}
	if ctx.Err() == nil {
		t.Errorf("returned before the request deadline: %v", err)
	}
}

// Dialogs and print() must not stall a render until it times out.
func TestDialogsDoNotStall(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: 10 * time.Second})
	pdf := render(t, e, Job{HTML: `<p id=o>before</p><script>
		alert("a"); const c = confirm("b"); const p = prompt("c", "d");
		window.print();
		document.getElementById("o").textContent = "after dialogs " + c + " " + p;
		addEventListener("beforeunload", ev => { ev.preventDefault(); ev.returnValue = "stay"; });
	</script>`})
	if text := pdfText(t, pdf)[0]; !strings.Contains(text, "after dialogs false null") {
		t.Errorf("text = %q", text)
	}
	render(t, e, Job{HTML: "<p>next</p>"})
}

func TestReadyAndInvalidJob(t *testing.T) {
	e := shared(t)
	if err := e.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	_, err := e.Render(context.Background(), Job{HTML: "x", Format: "Tabloid"})
	if !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), "A4, A3, Letter or Legal") {
		t.Errorf("unknown format: %v", err)
	}
	_, err = e.Render(context.Background(), Job{HTML: "x", Margin: Margin{Bottom: "2em"}})
	if !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), "mm, cm, in, px, pt") {
		t.Errorf("bad margin unit: %v", err)
	}
}

// With every tab busy past QueueTimeout, a request fails as unavailable.
func TestQueueTimeoutIsUnavailable(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: 20 * time.Second, QueueTimeout: 300 * time.Millisecond})
	busy := make(chan error, 1)
	go func() {
		_, err := e.Render(context.Background(), Job{HTML: `<script>const t=Date.now(); while(Date.now()-t<4000){}</script>`})
		busy <- err
	}()
	// Wait until the busy render holds the only tab.
	for len(e.slots) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	_, err := e.Render(context.Background(), Job{HTML: "<p>x</p>"})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "free tab") {
		t.Errorf("err = %v, want ErrUnavailable waiting for a free tab", err)
	}
	if err := <-busy; err != nil {
		t.Errorf("busy render: %v", err)
	}
}
