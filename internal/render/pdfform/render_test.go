package pdfform

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/form"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// renderPage rasterises one page at dpi with poppler.
func renderPage(t testing.TB, pdf []byte, page, dpi int) image.Image {
	t.Helper()
	needTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-png", "-singlefile", in, filepath.Join(dir, "out"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "out.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// darkShare is the share of dark pixels inside r (PDF points, rendered at
// 72 dpi on a page pageH points high), shrunk by inset on each side.
func darkShare(img image.Image, r rect, pageH, inset float64) float64 {
	x0, x1 := int(r.x0+inset), int(r.x1-inset)
	y0, y1 := int(pageH-r.y1+inset), int(pageH-r.y0-inset)
	dark, all := 0, 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if (cr+cg+cb)/3 < 0x8000 {
				dark++
			}
			all++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(dark) / float64(all)
}

// imageDiff is the share of pixels whose grey level differs by more than
// a quarter between two renderings of the same size.
func imageDiff(a, b image.Image) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	diff, all := 0, 0
	bb := a.Bounds()
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		for x := bb.Min.X; x < bb.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bbl, _ := b.At(x, y).RGBA()
			ga, gb := int(ar+ag+ab)/3, int(br+bg+bbl)/3
			if ga-gb > 0x4000 || gb-ga > 0x4000 {
				diff++
			}
			all++
		}
	}
	return float64(diff) / float64(all)
}

// pdfcpuFields lists the fields pdfcpu reads from pdf: an independent
// reader of what Fill wrote.
func pdfcpuFields(t testing.TB, pdf []byte) (map[string]form.Field, error) {
	t.Helper()
	ff, err := api.FormFields(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		return nil, err
	}
	m := map[string]form.Field{}
	for _, f := range ff {
		m[f.Name] = f
	}
	return m, nil
}

// widgetCount counts widget annotations left on all pages.
func widgetCount(t testing.TB, pdf []byte) int {
	t.Helper()
	doc, err := readDocument(pdf)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range doc.pages {
		annots, _ := doc.xref.DereferenceArray(p["Annots"])
		for _, a := range annots {
			d, _ := doc.xref.DereferenceDict(a)
			if st := d.NameEntry("Subtype"); st != nil && *st == "Widget" {
				n++
			}
		}
	}
	if _, ok := doc.catalog["AcroForm"]; ok {
		n++
	}
	return n
}

// widgetRect returns the rectangle of the first widget of a field.
func widgetRect(t testing.TB, pdf []byte, name string) rect {
	t.Helper()
	doc, f := fieldOf(t, pdf, name)
	r, ok := doc.rect(f.widgets[0]["Rect"])
	if !ok {
		t.Fatalf("%s: no rect", name)
	}
	return r
}

// fieldOf parses pdf and returns its field called name.
func fieldOf(t testing.TB, pdf []byte, name string) (*document, *field) {
	t.Helper()
	doc, err := readDocument(pdf)
	if err != nil {
		t.Fatal(err)
	}
	fields, err := doc.collectFields()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f.name == name {
			return doc, f
		}
	}
	t.Fatalf("no field %s", name)
	return nil, nil
}

// fillChecked fills pdf and checks the result with qpdf --check.
func fillChecked(t testing.TB, pdf []byte, values map[string]any, o FillOptions) []byte {
	t.Helper()
	out, err := Fill(pdf, values, o)
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, out)
	return out
}

func qpdfCheck(t testing.TB, pdf []byte) {
	t.Helper()
	needTool(t, "qpdf")
	fn := writeTemp(t, "check.pdf", pdf)
	out, err := exec.Command("qpdf", "--check", fn).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}
