package e2e

import (
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/docx/docxtest"
	"github.com/quirehq/quire/internal/testenv"
)

// TestFillDOCXToPDFFetchesNothing fills an uploaded DOCX template holding
// every kind of external reference (linked pictures, INCLUDEPICTURE and
// INCLUDETEXT fields, a linked OLE object, an attached template, a
// subdocument…), all pointing at a listener on 127.0.0.1, as a PDF with a
// live key and with a sandbox key (watermarked): the listener hears
// nothing, the text is there, and the server stays healthy.
func TestFillDOCXToPDFFetchesNothing(t *testing.T) {
	testenv.Command(t, "soffice", "libreoffice-writer-nogui")
	l := docxtest.Listen(t)
	// Templates are shared: the live key uploads, each key fills.
	live := shared.newKey(t, "docx-egress@example.com", "live")
	tpl := uploadTemplate(t, live, "hostile.docx", docxtest.Hostile(l.Target))
	for _, mode := range []string{"live", "test"} {
		key := live
		if mode == "test" {
			key = shared.newKey(t, "docx-egress@example.com", "test")
		}
		doc, pdf := fill(t, key, map[string]any{"template_id": tpl, "data": map[string]any{"customer": "Ann"},
			"options": map[string]any{"output": "pdf"}})
		if doc["pages"] == nil {
			t.Errorf("%s: no page count: %v", mode, doc)
		}
		text := strings.Join(pdfText(t, pdf), "\n")
		for _, want := range append([]string{"Dear Ann,"}, docxtest.Visible...) {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF lacks %q:\n%s", mode, want, text)
			}
		}
		if mode == "test" && !strings.Contains(text, "SANDBOX") {
			t.Errorf("the sandbox PDF is not watermarked:\n%s", text)
		}
		if strings.Contains(text, docxtest.Marker) {
			t.Errorf("%s: fetched content reached the PDF:\n%s", mode, text)
		}
		l.AssertSilent(t)
		shared.assertHealthy(t, key, 256)
	}
}

// TestFillDOCXToPDFRefusesUnreadableParts: a part the clean-up cannot read
// (here malformed web settings, which the template engine never looks at)
// is refused with a clear 400, not converted unchecked.
func TestFillDOCXToPDFRefusesUnreadableParts(t *testing.T) {
	testenv.Command(t, "soffice", "libreoffice-writer-nogui")
	l := docxtest.Listen(t)
	key := shared.newKey(t, "docx-egress-malformed@example.com", "live")
	doc := docxtest.Hostile(l.Target, "word/webSettings.xml", `<w:webSettings><w:frameset>`)
	tpl := uploadTemplate(t, key, "malformed.docx", doc)
	r := shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": tpl, "data": map[string]any{"customer": "Ann"},
		"options": map[string]any{"output": "pdf"}})
	wantError(t, r, 400, "INVALID_TEMPLATE")
	if msg := r.message(t); !strings.Contains(msg, "word/webSettings.xml") {
		t.Errorf("the error must name the part: %q", msg)
	}
	l.AssertSilent(t)
}
