package chromium

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/testenv"
)

// pagesHTML has n pages, one short line each.
func pagesHTML(n int) string {
	return `<style>div{break-after:page}</style>` + strings.Repeat("<div>page</div>", n)
}

// MaxPages stops the print: Chromium prints at most MaxPages+1 pages, so a
// document far longer is refused about as fast as a short one, and the
// limit itself still prints.
func TestPageLimitStopsThePrint(t *testing.T) {
	const limit = 20 * time.Second
	e := newEngine(t, Options{Tabs: 1, MaxPages: 10, RenderTimeout: limit})
	if n := pageCount(t, render(t, e, Job{HTML: pagesHTML(10)})); n != 10 {
		t.Errorf("10-page document: %d pages", n)
	}
	for _, html := range []string{
		pagesHTML(11),
		// About 1,900 pages: without the limit this print takes ~17 s here.
		`<div style="height:2000000px"></div>`,
	} {
		start := time.Now()
		_, err := e.Render(context.Background(), Job{HTML: html})
		if !errors.Is(err, ErrTooManyPages) || !strings.Contains(err.Error(), "more than 10 pages") {
			t.Fatalf("err = %v, want ErrTooManyPages naming the limit", err)
		}
		if took := time.Since(start); took > limit/2 {
			t.Errorf("refusal took %s", took)
		}
	}
	if text := pdfText(t, render(t, e, Job{HTML: "<p>next</p>"}))[0]; !strings.Contains(text, "next") {
		t.Errorf("next render: %q", text)
	}
}

func TestPDFSizeLimit(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, MaxPDFBytes: 32 << 10})
	render(t, e, Job{HTML: "<p>small</p>"})
	// A photo-like image does not compress: its PDF is far over 32 KiB.
	img := image.NewRGBA(image.Rect(0, 0, 200, 200))
	noise := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(noise.Uint32())
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	html := `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(buf.Bytes()) + `">`
	_, err := e.Render(context.Background(), Job{HTML: html})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "32768 bytes") {
		t.Fatalf("err = %v, want ErrTooLarge naming the limit", err)
	}
	render(t, e, Job{HTML: "<p>small again</p>"})
}

// Inputs that make Chromium work for minutes are answered within the render
// timeout and a small margin, and the engine renders afterwards.
func TestHugeOutputIsAnsweredInTime(t *testing.T) {
	const limit = 4 * time.Second
	e := newEngine(t, Options{Tabs: 1, MaxPages: 1000, RenderTimeout: limit, QueueTimeout: 30 * time.Second})
	cases := map[string]string{
		"100k-pages": strings.Repeat(`<div style="height:1000000px"></div>`, 100),
		"50k-spans":  strings.Repeat("<span>word </span>", 50000),
		"huge-word":  "<p>" + strings.Repeat("x", 2<<20) + "</p>",
	}
	for name, html := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			pdf, err := e.Render(context.Background(), Job{HTML: html})
			took := time.Since(start)
			t.Logf("%s: %s, %d bytes, err %v", name, took.Round(time.Millisecond), len(pdf), err)
			if took > limit+3*time.Second {
				t.Errorf("answered after %s, limit %s", took, limit)
			}
			if err != nil && !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrTooManyPages) {
				t.Errorf("err = %v, want a timeout or the page limit", err)
			}
			if text := pdfText(t, render(t, e, Job{HTML: "<p>next</p>"}))[0]; !strings.Contains(text, "next") {
				t.Errorf("next render: %q", text)
			}
		})
	}
}

// The PDF arrives in a spool file that no one else can see (unlinked at
// once, so nothing is left behind whatever happens), with its pages counted
// from the file; a PDF over the size limit leaves nothing either.
func TestPDFIsSpooled(t *testing.T) {
	dir := t.TempDir()
	e := newEngine(t, Options{Tabs: 1, SpoolDir: dir, MaxPDFBytes: 1 << 20})
	var doc strings.Builder // 40 pages: a PDF larger than the self-test's
	doc.WriteString(`<style>p{break-after:page}</style>`)
	for i := range 40 {
		fmt.Fprintf(&doc, "<p>page %d %s</p>", i+1, strings.Repeat("text that fills a page ", 40))
	}
	pdf, err := e.RenderPDF(context.Background(), Job{HTML: doc.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer pdf.Close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("spool files visible while the PDF is open: %v", left)
	}
	b, err := pdf.Bytes()
	if err != nil || int64(len(b)) != pdf.Size() {
		t.Fatalf("%d bytes of %d: %v", len(b), pdf.Size(), err)
	}
	pages := testenv.PDFPages(t, b)
	if pdf.Pages() != 40 || len(pages) != 40 || !strings.Contains(pages[39], "page 40") {
		t.Fatalf("pages %d, text %q", pdf.Pages(), pages)
	}
	if streamed, _ := io.ReadAll(pdf.Reader()); !bytes.Equal(streamed, b) {
		t.Fatal("the reader does not give the same bytes")
	}
	small := newEngine(t, Options{Tabs: 1, SpoolDir: dir, MaxPDFBytes: pdf.Size() - 1})
	if _, err := small.RenderPDF(context.Background(), Job{HTML: doc.String()}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("spool files left: %v", left)
	}
}
