package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// dropFile drags a file from the desktop onto the element and lets go, as
// Chromium's own drag and drop does, then waits for the page it submits to.
func dropFile(t *testing.T, b *browser, sel, path string) {
	t.Helper()
	at := eval[[]float64](b, `(() => { const r = document.querySelector(`+"`"+sel+"`"+`).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()`)
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{path}, DragOperationsMask: 1}
	drag := func(typ input.DispatchDragEventType) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: at[0], Y: at[1], Data: data})
			return chromedp.Void{}, err
		}
	}
	b.do(drag(input.DispatchDragEventTypeDragEnter), drag(input.DispatchDragEventTypeDragOver))
	if !eval[bool](b, `document.querySelector(`+"`"+sel+"`"+`).classList.contains('over')`) {
		t.Fatal("the drop zone does not show that a file is over it")
	}
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, drag(input.DispatchDragEventTypeDrop))); err != nil {
		t.Fatalf("drop on %s: %v", sel, err)
	}
	b.do(chromedp.WaitReady(chromedp.CSS("main")))
}

// TestDashboardTemplates: a template dropped on the upload zone opens in
// the editor; it is renamed and deleted from its page, and the API agrees
// at each step.
func TestDashboardTemplates(t *testing.T) {
	s := shared
	b := newBrowser(t, 2*time.Minute)
	base := s.URL + "/dashboard"
	signUpInBrowser(t, b, base, "dash-templates@example.com")
	key := createKeyInBrowser(t, b, base, "API", "live")

	// Drag and drop the example invoice onto the upload zone.
	b.open(base + "/templates")
	abs, _ := filepath.Abs("../examples/invoice/template.html")
	dropFile(t, b, "#upload-form", abs)
	b.do(chromedp.WaitVisible(chromedp.CSS("#source-editor .cm-content")))
	id := eval[string](b, `document.getElementById('editor').dataset.template`)
	tpl := s.call(t, "GET", "/v1/templates/"+id, key, nil)
	wantStatus(t, tpl, 200)
	if m := tpl.json(t); m["type"] != "html" || m["name"] != eval[string](b, `document.getElementById('tpl-name').value`) {
		t.Fatalf("the dropped template in the API: %s", tpl.Body)
	}
	if !strings.Contains(eval[string](b, `quireEditor.source.state.doc.toString()`), "{{") {
		t.Fatal("the editor does not hold the dropped template's source")
	}
	// Saving an edited source keeps no sample data: the one shown is made
	// up from the fields and follows them.
	eval[bool](b, `(() => { const v = quireEditor.source; v.dispatch({changes: {from: 0, insert: '<!-- edited -->'}}); return true })()`)
	b.do(chromedp.Click(chromedp.CSS("#save")))
	b.waitFor(`document.getElementById('save-state').textContent.startsWith('Saved ·')`, 30*time.Second)
	if got := s.call(t, "GET", "/v1/templates/"+id, key, nil).json(t); got["sample_data"] != nil {
		t.Fatalf("saving the source stored made-up sample data: %v", got["sample_data"])
	}

	// Rename it from its page.
	b.fill("#tpl-name", "Invoice 2026")
	b.submit(`form[action$="/rename"] button[type=submit]`)
	if got := b.text("#flash"); !strings.Contains(got, "Invoice 2026") {
		t.Fatalf("flash after renaming: %q", got)
	}
	if got := s.call(t, "GET", "/v1/templates/"+id, key, nil).json(t)["name"]; got != "Invoice 2026" {
		t.Fatalf("the API names it %v after the rename", got)
	}
	b.open(base + "/templates")
	if got := b.text("#templates-table tbody tr td a"); got != "Invoice 2026" {
		t.Fatalf("templates list shows %q", got)
	}
	b.screenshot("templates-list")

	// Delete it (confirming the dialog).
	b.do(chromedp.Click(chromedp.CSS(`#templates-table a`)))
	b.do(chromedp.WaitVisible(chromedp.CSS("#source-editor .cm-content")))
	b.submit(`form[action$="/delete"] button[type=submit]`)
	if !b.sawDialog(page.DialogTypeConfirm) {
		t.Fatal("deleting asked for no confirmation")
	}
	if loc := b.location(); !strings.HasSuffix(loc, "/dashboard/templates") {
		t.Fatalf("after deleting the browser is at %s", loc)
	}
	if got := b.text("#flash"); !strings.Contains(got, "deleted") {
		t.Fatalf("flash after deleting: %q", got)
	}
	if got := b.text("#templates-table tbody"); !strings.Contains(got, "No templates yet") {
		t.Fatalf("templates list after deleting: %q", got)
	}
	wantError(t, s.call(t, "GET", "/v1/templates/"+id, key, nil), 404, "TEMPLATE_NOT_FOUND")
}

// TestDashboardFromPDF: a static PDF uploaded with "make it an editable
// HTML template" opens in the editor previewed with the PDF's own values;
// sample data changed in the editor is saved with the template.
func TestDashboardFromPDF(t *testing.T) {
	s := shared
	b := newBrowser(t, 3*time.Minute)
	base := s.URL + "/dashboard"
	signUpInBrowser(t, b, base, "dash-frompdf@example.com")
	key := createKeyInBrowser(t, b, base, "API", "live")

	b.open(base + "/templates")
	abs, _ := filepath.Abs("testdata/frompdf-invoice.pdf")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{abs}))
	b.do(chromedp.Click(chromedp.CSS("#upload-convert")))
	b.submit("#upload-submit")
	if got := b.text("#flash"); !strings.Contains(got, "made from the PDF") {
		t.Fatalf("flash after converting: %q", got)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS("#source-editor .cm-content")))
	id := eval[string](b, `document.getElementById('editor').dataset.template`)
	if !strings.Contains(eval[string](b, `quireEditor.source.state.doc.toString()`), "{{#each items}}") {
		t.Fatal("the editor does not hold the converted template")
	}
	if sample := eval[string](b, `quireEditor.data.state.doc.toString()`); !strings.Contains(sample, "INV-2026-0147") {
		t.Fatalf("the sample data is not the PDF's values: %s", sample)
	}
	b.waitFor(`(document.getElementById('preview').dataset.text || '').includes('INV-2026-0147')`, 60*time.Second)
	if text := eval[string](b, `document.getElementById('preview').dataset.text`); !strings.Contains(text, "Support hours") {
		t.Fatalf("the preview lacks the PDF's line items: %q", text)
	}
	if got := eval[string](b, `document.getElementById('opt-format').value`); got != "" {
		t.Fatalf("the preview's format is %q, want the template's own page size", got)
	}
	b.screenshot("from-pdf-editor")

	// Change the invoice number in the sample data, as a person types.
	eval[bool](b, `(() => { const v = quireEditor.data; const at = v.state.doc.toString().indexOf('INV-2026-0147'); v.focus(); v.dispatch({selection: {anchor: at + 9, head: at + 13}}); return true })()`)
	b.do(chromedp.KeyEvent("9999"))
	b.waitFor(`(document.getElementById('preview').dataset.text || '').includes('INV-2026-9999')`, 60*time.Second)
	if got := b.text("#save-state"); got != "Unsaved changes" {
		t.Fatalf("save state %q after editing the sample data", got)
	}
	// A number past 2^53 is kept as typed.
	eval[bool](b, `(() => { const v = quireEditor.data; v.dispatch({changes: {from: 1, insert: '\n  "account": 12345678901234567890,'}}); return true })()`)
	b.do(chromedp.Click(chromedp.CSS("#save")))
	b.waitFor(`document.getElementById('save-state').textContent.startsWith('Saved ·')`, 30*time.Second)
	tpl := s.call(t, "GET", "/v1/templates/"+id, key, nil)
	wantStatus(t, tpl, 200)
	if got := tpl.json(t)["sample_data"].(map[string]any)["invoice_number"]; got != "INV-2026-9999" {
		t.Fatalf("the API keeps invoice_number %v after saving", got)
	}
	if !strings.Contains(string(tpl.Body), `"account":12345678901234567890`) {
		t.Fatalf("the big number was not kept as typed: %s", tpl.Body)
	}
	b.open(base + "/templates/" + id)
	b.do(chromedp.WaitVisible(chromedp.CSS("#data-editor .cm-content")))
	if sample := eval[string](b, `quireEditor.data.state.doc.toString()`); !strings.Contains(sample, "INV-2026-9999") {
		t.Fatalf("after a reload the sample data is %s", sample)
	}
}
