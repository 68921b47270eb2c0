package docx

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// testdata/libreoffice-invoice.docx was made by LibreOffice 7.4 from a
// small HTML page holding tags, a table row loop and a paragraph if/else.
func TestLibreOfficeFixture(t *testing.T) {
	in, err := os.ReadFile("testdata/libreoffice-invoice.docx")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := Parse(in, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := "[{customer.name string []} {date string []} {due string []} {items array []} {items[].name string []} " +
		"{items[].price string []} {items[].qty string []} {number string []} {paid boolean []} {total string []}]"
	if got := fmt.Sprint(tpl.Fields()); got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	out, err := tpl.Fill(map[string]any{
		"number": "2026-17", "customer": map[string]any{"name": "Ann"}, "date": "1 Nov", "paid": false,
		"total": 30.5, "due": "1 Dec",
		"items": []any{map[string]any{"name": "Pen", "qty": 2.0, "price": 1.25}, map[string]any{"name": "Ink", "qty": 1.0, "price": 28.0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	files, orig := unzip(t, out), unzip(t, in)
	got := strings.Join(paragraphs(t, files["word/document.xml"]), "|")
	if got != "Invoice 2026-17|Dear Ann, thank you for your order of 1 Nov.|Item|Qty|Price|Pen|2|1.25|Ink|1|28|Please pay 30.5 by 1 Dec." {
		t.Errorf("paragraphs: %s", got)
	}
	for name, data := range orig {
		if name != "word/document.xml" && string(files[name]) != string(data) {
			t.Errorf("%s changed", name)
		}
	}
}
