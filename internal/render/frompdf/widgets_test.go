package frompdf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWidgetAppearance checks that a form's fields are drawn as a reader
// shows them, both in the measure's raster of the original and in the
// template: tax-160f's text fields have light blue (#dbe5f0)
// backgrounds, form-two-pages' fields grey (#c0c0c0) ones and black
// borders; the fields stay fields.
func TestWidgetAppearance(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "tax-160f.pdf")
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := testRuntime.Pages(context.Background(), pdf, measureDPI)
	if err != nil {
		t.Fatal(err)
	}
	// #dbe5f0 in grey is 227: the field backgrounds cover well over
	// 20000 pixels at 72 dpi; without the form drawn the page is white
	// there.
	blue := 0
	for _, v := range pages[0].Image.Pix {
		if v >= 224 && v <= 230 {
			blue++
		}
	}
	if blue < 20000 {
		t.Errorf("tax-160f rasterized with %d pixels of its field background, want the form fields drawn", blue)
	}
	for _, c := range []struct {
		file, paint, svg string // as a div's style or in the page's SVG
		min              int
	}{
		{"tax-160f.pdf", "background: #dbe5f0;", `fill="#dbe5f0"`, 50},
		{"form-two-pages.pdf", "background: #c0c0c0;", `fill="#c0c0c0"`, 2},
		{"form-two-pages.pdf", "border: 1pt solid #000000;", `stroke="#000000" stroke-width="1"`, 4},
	} {
		res, _, out, _ := convertFile(t, filepath.Join("testdata", "corpus", c.file))
		if n := strings.Count(res.HTML, c.paint) + strings.Count(res.HTML, c.svg); n < c.min {
			t.Errorf("%s: %d widget shapes painted %q, want ≥ %d", c.file, n, c.paint, c.min)
		}
		inputs := strings.Count(res.HTML, `class="input"`) + strings.Count(res.HTML, `class="box"`)
		if inputs == 0 || len(res.Analysis.Fields) < inputs {
			t.Errorf("%s: %d widgets in the template, %d fields", c.file, inputs, len(res.Analysis.Fields))
		}
		if len(out) == 0 {
			t.Errorf("%s: the template printed nothing", c.file)
		}
	}
}
