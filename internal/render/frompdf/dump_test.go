package frompdf

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dumpFile writes what a person needs to see where a conversion differs
// from its original (QUIRE_FROMPDF_DUMP=dir): the template, both PDFs, and
// per page the original, the rendition and their difference at 72 dpi
// (grey: equal; darker: differing).
func dumpFile(t *testing.T, dir, name, html string, orig, out []byte) {
	t.Helper()
	base := filepath.Join(dir, strings.TrimSuffix(name, ".pdf"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(suffix string, b []byte) {
		if err := os.WriteFile(base+suffix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".html", []byte(html))
	write("-orig.pdf", orig)
	write("-out.pdf", out)
	ctx := context.Background()
	a, err := testRuntime.Pages(ctx, orig, measureDPI)
	if err != nil {
		t.Fatal(err)
	}
	b, err := testRuntime.Pages(ctx, out, measureDPI)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		savePNG(t, fmt.Sprintf("%s-p%d-orig.png", base, i+1), a[i].Image)
		if i < len(b) {
			savePNG(t, fmt.Sprintf("%s-p%d-out.png", base, i+1), b[i].Image)
			savePNG(t, fmt.Sprintf("%s-p%d-diff.png", base, i+1), difference(a[i].Image, b[i].Image))
		}
	}
}

// difference is 255 minus the absolute difference of two grey images,
// over their common area.
func difference(a, b *image.Gray) *image.Gray {
	r := a.Bounds().Intersect(b.Bounds())
	d := image.NewGray(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			v := int(a.GrayAt(x, y).Y) - int(b.GrayAt(x, y).Y)
			if v < 0 {
				v = -v
			}
			d.Pix[d.PixOffset(x, y)] = uint8(255 - v)
		}
	}
	return d
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
