package bench

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseRows(t *testing.T) {
	got, err := ParseRows("100, 1000,10000")
	if err != nil || !reflect.DeepEqual(got, []int{100, 1000, 10000}) {
		t.Fatalf("ParseRows: %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "-5", "1,,2", "10k", "1.5"} {
		if _, err := ParseRows(bad); err == nil {
			t.Errorf("ParseRows(%q) accepted", bad)
		}
	}
}

func TestTableHTMLHasEveryRow(t *testing.T) {
	html := TableHTML(250)
	if n := strings.Count(html, "<tr>"); n != 251 { // header + rows
		t.Fatalf("%d <tr>, want 251", n)
	}
	if !strings.Contains(html, "<td>Item 1</td>") || !strings.Contains(html, "<td>Item 250</td>") || strings.Contains(html, "Item 251") {
		t.Fatal("rows 1..250 not all there, or one too many")
	}
}
