package frompdf

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/testenv"
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
	pages, err := testRuntime.Pages(context.Background(), pdf, coarseDPI)
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

// TestFormAsReaderShows checks tax-160f's template as a reader shows the
// form: its hidden calculation fields are not drawn (their 0 and -1
// were), its Réinitialiser button has its caption, its oui/non boxes are
// white boxes with a grey frame (their soft-masked images were black
// squares) and are radio fields, and its comb field sets a value one
// character per cell.
func TestFormAsReaderShows(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "tax-160f.pdf")
	res, pdf, out, _ := convertFile(t, path)
	text := testenv.PDFText(t, out)
	if !strings.Contains(text, "Réinitialiser") {
		t.Errorf("the rendition has no button caption Réinitialiser:\n%s", text)
	}
	if m := regexp.MustCompile(`(?m)(^|\s)(0|-1)(\s|$)`).FindString(text); m != "" {
		t.Errorf("the rendition shows %q, a hidden field's value", strings.TrimSpace(m))
	}
	for _, name := range []string{"cm_oui", "cm_non"} {
		if !strings.Contains(res.HTML, "{{#if "+name+"}}") {
			t.Errorf("no radio button field %s", name)
		}
	}

	// The boxes' images cover x 424.6–449, y 426–443.2 on the page (at 72
	// dpi, pixels): a grey frame (≥ 90) on white, no black.
	pages, err := testRuntime.Pages(context.Background(), out, coarseDPI)
	if err != nil {
		t.Fatal(err)
	}
	img := pages[0].Image
	for _, x0 := range []int{425, 483} {
		dark := 0
		for y := 427; y < 443; y++ {
			for x := x0; x < x0+24; x++ {
				if img.GrayAt(x, y).Y < 60 {
					dark++
				}
			}
		}
		if dark > 10 {
			t.Errorf("the radio box at x %d has %d black pixels, want a white box", x0, dark)
		}
	}

	// The comb field (13 cells over 246.48 pt from x 291.99) with 13
	// digits: each digit is centred in its cell.
	m := regexp.MustCompile(`letter-spacing: [0-9.]+pt;">\{\{([a-z0-9_]+)\}\}`).FindStringSubmatch(res.HTML)
	if m == nil {
		t.Fatal("no comb field in the template")
	}
	data := map[string]any{}
	for k, v := range res.Analysis.SampleData {
		data[k] = v
	}
	data[m[1]] = "1234567890123"
	tpl, err := handlebars.Compile(res.HTML, handlebars.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	html, err := tpl.Render(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	filled, err := engine(t).Render(context.Background(), printJob(t, pdf, html))
	if err != nil {
		t.Fatal(err)
	}
	cells := 0
	for i, c := range combCentres(t, filled, 5, 24) {
		cell := int((c.x - 291.99) / (246.48 / 13))
		if c.s != strconv.Itoa((cell+1)%10) || c.x < 291.99 {
			t.Errorf("comb digit %d %q centred at x %.1f, in cell %d", i, c.s, c.x, cell)
			continue
		}
		off := c.x - (291.99 + (float64(cell)+0.5)*246.48/13)
		if off < -2.5 || off > 2.5 {
			t.Errorf("comb digit %q at x %.1f is %.1f pt off its cell's centre", c.s, c.x, off)
		}
		cells++
	}
	if cells != 13 {
		t.Errorf("%d comb digits in their cells, want 13", cells)
	}
}

type placedChar struct {
	s string
	x float64 // centre
}

// combCentres lists the characters pdftotext -bbox finds between y0 and
// y1 on the first page and right of x 280, one per word or split from
// a word evenly.
func combCentres(t *testing.T, pdf []byte, y0, y1 float64) []placedChar {
	t.Helper()
	bin := testenv.Command(t, "pdftotext", "poppler-utils")
	f := filepath.Join(t.TempDir(), "filled.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := exec.Command(bin, "-bbox", "-f", "1", "-l", "1", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var out []placedChar
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="[0-9.]+">([0-9]+)</word>`)
	for _, w := range re.FindAllStringSubmatch(string(b), -1) {
		xMin, _ := strconv.ParseFloat(w[1], 64)
		yMin, _ := strconv.ParseFloat(w[2], 64)
		xMax, _ := strconv.ParseFloat(w[3], 64)
		if yMin < y0 || yMin > y1 || xMin < 280 {
			continue
		}
		n := len(w[4])
		for i, r := range w[4] {
			step := (xMax - xMin) / float64(n)
			out = append(out, placedChar{s: string(r), x: xMin + (float64(i)+0.5)*step})
		}
	}
	return out
}
