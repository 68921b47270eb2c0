package frompdf

import (
	"context"
	"image"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Fidelity measures how close a PDF rendered from a template is to the
// PDF the template was made from.
type Fidelity struct {
	// TextRecall is the share of the original's words found, in order, in
	// the rendition (longest common subsequence of the word lists).
	TextRecall float64
	// SSIM is the mean structural similarity of the pages, rasterized at
	// the same DPI in grey (a missing page counts 0).
	SSIM float64
}

// Measure compares rendition with original, rasterizing both at dpi.
func (r *Runtime) Measure(ctx context.Context, original, rendition []byte, dpi int) (Fidelity, error) {
	var f Fidelity
	a, err := r.Pages(ctx, original, dpi)
	if err != nil {
		return f, err
	}
	b, err := r.Pages(ctx, rendition, dpi)
	if err != nil {
		return f, err
	}
	var wa, wb []string
	for _, p := range a {
		wa = append(wa, words(p.Text)...)
	}
	for _, p := range b {
		wb = append(wb, words(p.Text)...)
	}
	f.TextRecall = 1
	if len(wa) > 0 {
		f.TextRecall = float64(lcs(wa, wb)) / float64(len(wa))
	}
	sum := 0.0
	for i := range a {
		if i < len(b) {
			sum += SSIM(a[i].Image, b[i].Image)
		}
	}
	f.SSIM = sum / float64(max(len(a), len(b)))
	return f, nil
}

// RenderedPage is one page of a PDF as text and grey pixels.
type RenderedPage struct {
	Text  string
	Image *image.Gray
}

// Pages rasterizes every page of pdf at dpi, with its form fields drawn
// as a reader shows them, and reads its text.
func (r *Runtime) Pages(ctx context.Context, pdf []byte, dpi int) ([]RenderedPage, error) {
	var out []RenderedPage
	err := r.with(ctx, func(p pdfium.Pdfium) error {
		doc, err := openDocument(p, pdf)
		if err != nil {
			return err
		}
		defer p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc})
		// Text boxes drawn as annotations are words a reader sees.
		flattenAnnotations(p, doc)
		n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
		if err != nil {
			return err
		}
		for i := 0; i < n.PageCount; i++ {
			page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}
			size, err := p.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: i})
			if err != nil {
				return err
			}
			txt, err := pageWords(p, page, newPageTransform(p, page, size.Width, size.Height))
			if err != nil {
				return err
			}
			// Form fields are drawn (FPDF_FFLDraw with a form handle), so
			// a form is compared as a reader shows it, not the page under
			// its widgets.
			img, err := p.RenderPageInDPI(&requests.RenderPageInDPI{Page: page, DPI: dpi, ImageFormat: requests.RenderImageFormatGrayscale, RenderForm: true, Document: &doc})
			if err != nil {
				return err
			}
			src := img.Result.RenderedImage.(*image.Gray)
			// PDFium pads rows to 4 bytes: copy row by row.
			cp := image.NewGray(image.Rect(0, 0, src.Rect.Dx(), src.Rect.Dy()))
			for y := 0; y < cp.Rect.Dy(); y++ {
				copy(cp.Pix[y*cp.Stride:(y+1)*cp.Stride], src.Pix[y*src.Stride:])
			}
			img.Cleanup()
			out = append(out, RenderedPage{Text: txt, Image: cp})
		}
		return nil
	})
	return out, err
}

// pageWords returns a page's visible words in a reading order that
// depends only on where they are on the displayed page (lines top to
// bottom, words left to right), so two PDFs that draw the same words in
// another order compare equal. Words starting outside the crop box are
// not shown by readers and are left out.
func pageWords(p pdfium.Pdfium, page requests.Page, tf pageTransform) (string, error) {
	tp, err := p.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return "", err
	}
	defer p.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := p.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return "", err
	}
	type word struct {
		x, y float64
		text string
	}
	var ws []word
	var cur []rune
	var x, y float64
	flush := func() {
		if len(cur) > 0 && tf.inside(x, y) {
			ws = append(ws, word{x, y, string(cur)})
		}
		cur = cur[:0]
	}
	for i := 0; i < n.Count; i++ {
		u, err := p.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			continue
		}
		r := rune(u.Unicode)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) == 0 {
			if o, err := p.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: i}); err == nil {
				x, y = tf.point(o.X, o.Y)
			}
		}
		cur = append(cur, r)
	}
	flush()
	sort.SliceStable(ws, func(i, j int) bool {
		if math.Abs(ws[i].y-ws[j].y) > 3 {
			return ws[i].y < ws[j].y
		}
		return ws[i].x < ws[j].x
	})
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.text)
		b.WriteByte(' ')
	}
	return b.String(), nil
}

// words splits text into words that hold a letter or digit.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		out = append(out, strings.ToLower(w))
	}
	return out
}

// lcs is the length of the longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// SSIM is the mean structural similarity (Wang et al. 2004) of two grey
// images over 8×8 windows with a stride of 4, on their common area; the
// area one image has and the other lacks counts as dissimilar. As in the
// authors' reference implementation, both images are first averaged down
// by max(1, round(min(width, height)/256)), the scale at which SSIM was
// validated against human judgement.
func SSIM(a, b *image.Gray) float64 {
	f := max(1, int(math.Round(float64(min(a.Rect.Dx(), a.Rect.Dy(), b.Rect.Dx(), b.Rect.Dy()))/256)))
	return ssim(downsample(a, f), downsample(b, f))
}

// downsample averages f×f blocks.
func downsample(src *image.Gray, f int) *image.Gray {
	if f <= 1 {
		return src
	}
	w, h := src.Rect.Dx()/f, src.Rect.Dy()/f
	dst := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sum := 0
			for dy := 0; dy < f; dy++ {
				row := src.Pix[(y*f+dy)*src.Stride+x*f:]
				for dx := 0; dx < f; dx++ {
					sum += int(row[dx])
				}
			}
			dst.Pix[y*dst.Stride+x] = uint8(sum / (f * f))
		}
	}
	return dst
}

func ssim(a, b *image.Gray) float64 {
	w := min(a.Rect.Dx(), b.Rect.Dx())
	h := min(a.Rect.Dy(), b.Rect.Dy())
	const win, stride = 8, 4
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	sum, n := 0.0, 0
	for y := 0; y+win <= h; y += stride {
		for x := 0; x+win <= w; x += stride {
			var sa, sb, saa, sbb, sab float64
			for dy := 0; dy < win; dy++ {
				ra := a.Pix[(y+dy)*a.Stride+x:]
				rb := b.Pix[(y+dy)*b.Stride+x:]
				for dx := 0; dx < win; dx++ {
					va, vb := float64(ra[dx]), float64(rb[dx])
					sa += va
					sb += vb
					saa += va * va
					sbb += vb * vb
					sab += va * vb
				}
			}
			const np = win * win
			ma, mb := sa/np, sb/np
			va := saa/np - ma*ma
			vb := sbb/np - mb*mb
			cov := sab/np - ma*mb
			sum += ((2*ma*mb + c1) * (2*cov + c2)) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			n++
		}
	}
	if n == 0 {
		return 0
	}
	common := float64(w * h)
	all := math.Max(float64(a.Rect.Dx()*a.Rect.Dy()), float64(b.Rect.Dx()*b.Rect.Dy()))
	return sum / float64(n) * common / all
}
