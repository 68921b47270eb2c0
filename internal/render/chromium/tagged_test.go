package chromium

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// hasStructTree reports whether the PDF's catalog has a structure tree or
// MarkInfo.
func hasStructTree(tb testing.TB, pdf []byte) bool {
	tb.Helper()
	return testenv.PDFCatalogHas(tb, pdf, "StructTreeRoot", "MarkInfo")
}

// The default PDF is untagged and smaller; Tagged gives a structure tree;
// both have the same text and pages.
func TestTaggedIsOptIn(t *testing.T) {
	e := shared(t)
	var rows strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&rows, "<tr><td>row %d</td><td>%d.00</td></tr>", i, i)
	}
	html := "<h1>Report</h1><table>" + rows.String() + "</table>"
	lean := render(t, e, Job{HTML: html})
	tagged := render(t, e, Job{HTML: html, Tagged: true})
	if hasStructTree(t, lean) {
		t.Error("default PDF has a StructTreeRoot or MarkInfo")
	}
	if !hasStructTree(t, tagged) {
		t.Error("tagged PDF has no StructTreeRoot nor MarkInfo")
	}
	if a, b := pageCount(t, lean), pageCount(t, tagged); a != b {
		t.Errorf("pages: default %d, tagged %d", a, b)
	}
	if a, b := strings.Join(pdfText(t, lean), "\f"), strings.Join(pdfText(t, tagged), "\f"); a != b {
		t.Errorf("text differs between default and tagged")
	}
	if len(lean) >= len(tagged) {
		t.Errorf("default %d bytes, tagged %d: default should be smaller", len(lean), len(tagged))
	}
}
