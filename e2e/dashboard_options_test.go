package e2e

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// leftInk is where the preview's first page starts to have ink, as a
// fraction of its width.
const leftInk = `(() => { const c = document.querySelector('#preview canvas'); const g = c.getContext('2d'); const d = g.getImageData(0, 0, c.width, c.height).data;
  for (let x = 0; x < c.width; x++) for (let y = 0; y < c.height; y++) { if (d[(y * c.width + x) * 4] < 128) return x / c.width } return 1 })()`

// TestDashboardPageOptions: format, landscape, margins, header and footer
// set in the editor's page options change the live preview, and the
// document generated from the dashboard has them too.
func TestDashboardPageOptions(t *testing.T) {
	s := shared
	b := newBrowser(t, 2*time.Minute)
	base := s.URL + "/dashboard"
	signUpInBrowser(t, b, base, "dash-options@example.com")

	uploadInBrowser(t, b, base, "letter.html", `<p style="font-size:40px">Hello {{name}}</p>`)
	b.waitFor(`document.getElementById('preview').dataset.version !== '0'`, 30*time.Second)
	ratio := func() float64 {
		return eval[float64](b, `(() => { const c = document.querySelector('#preview canvas'); return c.width / c.height })()`)
	}
	if r := ratio(); math.Abs(r-210.0/297) > 0.01 {
		t.Fatalf("the first preview's page ratio is %.3f, want A4 portrait", r)
	}
	version := func() string { return eval[string](b, `document.getElementById('preview').dataset.version`) }
	waitNewer := func(v string) {
		t.Helper()
		b.waitFor(`document.getElementById('preview').dataset.version !== '`+v+`' && document.getElementById('preview-state').textContent.startsWith('Up to date')`, 30*time.Second)
	}

	// Letter, landscape, a header and a footer with page numbers.
	b.do(chromedp.Click(chromedp.CSS("#editor details summary")))
	b.do(chromedp.SendKeys(chromedp.CSS("#opt-format"), "Letter"))
	b.do(chromedp.Click(chromedp.CSS("#opt-landscape")))
	b.do(chromedp.SendKeys(chromedp.CSS("#opt-header"), `<div style="font-size:10px;width:100%;text-align:center">Quire header</div>`))
	b.do(chromedp.SendKeys(chromedp.CSS("#opt-footer"), `<div style="font-size:10px;width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`))
	b.waitFor(`(() => { const t = document.getElementById('preview').dataset.text || ''; return t.includes('Quire header') && t.includes('Page 1 of 1') })()`, 30*time.Second)
	b.waitFor(`document.getElementById('preview-state').textContent.startsWith('Up to date')`, 30*time.Second)
	if r := ratio(); math.Abs(r-11/8.5) > 0.01 {
		t.Fatalf("the preview's page ratio is %.3f, want Letter landscape %.3f", r, 11/8.5)
	}

	// A wide left margin moves the text right in the preview.
	narrow := eval[float64](b, leftInk)
	v := version()
	b.fill("#opt-ml", "80mm")
	waitNewer(v)
	wide := eval[float64](b, leftInk)
	// 80mm of Letter landscape's 279.4mm is 0.286 of the width.
	if wide < 0.27 || wide <= narrow {
		t.Fatalf("with an 80mm left margin the ink starts at %.3f of the width (was %.3f)", wide, narrow)
	}

	// The generated document has the same page, header and footer.
	b.do(chromedp.Click(chromedp.CSS("#generate")))
	b.do(chromedp.WaitVisible(chromedp.CSS("#download-link")))
	pdf := do(t, b.sessionRequest("GET", eval[string](b, `document.getElementById('download-link').href`)))
	wantStatus(t, pdf, 200)
	if size := pageSizes(t, pdf.Body)[0]; math.Abs(size[0]-792) > 1 || math.Abs(size[1]-612) > 1 {
		t.Fatalf("generated page is %v points, want Letter landscape 792×612", size)
	}
	text := strings.Join(pdfText(t, pdf.Body), "\n")
	for _, want := range []string{"Quire header", "Page 1 of 1", "Hello"} {
		if !strings.Contains(text, want) {
			t.Fatalf("generated PDF lacks %q:\n%s", want, text)
		}
	}
}
