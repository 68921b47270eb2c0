package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// options.tagged gives a tagged PDF; the default is untagged and smaller,
// with the same pages and text.
func TestTaggedOption(t *testing.T) {
	key := shared.newKey(t, "tagged@example.com", "live")
	var html strings.Builder
	html.WriteString("<h1>Report</h1><table><tr><th>Row</th><th>Amount</th></tr>")
	for i := range 300 {
		fmt.Fprintf(&html, "<tr><td>row %d</td><td>%d.00</td></tr>", i, i*3)
	}
	html.WriteString("</table>")

	leanDoc, lean := generate(t, key, map[string]any{"html": html.String()})
	taggedDoc, tagged := generate(t, key, map[string]any{"html": html.String(), "options": map[string]any{"tagged": true}})

	if testenv.PDFCatalogHas(t, lean, "StructTreeRoot") {
		t.Error("default PDF has a /StructTreeRoot")
	}
	if !testenv.PDFCatalogHas(t, tagged, "StructTreeRoot") {
		t.Error("tagged PDF has no /StructTreeRoot")
	}
	leanText, taggedText := pdfText(t, lean), pdfText(t, tagged)
	if len(leanText) < 2 || len(leanText) != len(taggedText) || leanDoc["pages"] != taggedDoc["pages"] {
		t.Errorf("pages: default %d (%v), tagged %d (%v)", len(leanText), leanDoc["pages"], len(taggedText), taggedDoc["pages"])
	}
	if a, b := strings.Join(leanText, "\f"), strings.Join(taggedText, "\f"); a != b || !strings.Contains(a, "row 299") {
		t.Errorf("text differs between default and tagged, or lacks the last row")
	}
	if len(lean) >= len(tagged) {
		t.Errorf("default %d bytes, tagged %d: the default should be smaller", len(lean), len(tagged))
	}
	t.Logf("300 rows, %d pages: default %d bytes, tagged %d bytes", len(leanText), len(lean), len(tagged))
}

// The OpenAPI document lists tagged among the generate options.
func TestTaggedInOpenAPI(t *testing.T) {
	spec := shared.call(t, "GET", "/openapi.json", "", nil).json(t)
	resolve := func(s map[string]any) map[string]any {
		if ref, ok := s["$ref"].(string); ok {
			name := ref[strings.LastIndex(ref, "/")+1:]
			return spec["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		}
		return s
	}
	post := spec["paths"].(map[string]any)["/v1/documents/generate"].(map[string]any)["post"].(map[string]any)
	body := post["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)
	req := resolve(body["schema"].(map[string]any))
	opts := resolve(req["properties"].(map[string]any)["options"].(map[string]any))
	tagged, ok := opts["properties"].(map[string]any)["tagged"].(map[string]any)
	if !ok || tagged["type"] != "boolean" {
		t.Fatalf("generate options schema lacks a boolean tagged: %v", opts["properties"])
	}
}
