package watermark

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/quirehq/quire/internal/render"
)

// Two stamps go on every page, over the content (HTML pages often paint an
// opaque background that would hide an underlay):
//   - a large, faint diagonal one across the middle, the classic watermark;
//   - a small horizontal banner in the top margin, which text extraction
//     (copy and paste, pdftotext, search) reads as one line: rotated text
//     comes out of extractors letter by letter.
//
// pdfcpu wants one opacity for all the stamps of a page.
const (
	diagonalStyle = "font:Helvetica, points:48, scale:0.85 rel, rotation:45, fillcolor:#C00000, opacity:0.35"
	bannerStyle   = "font:Helvetica, points:9, scale:1 abs, rotation:0, pos:tc, offset:0 -12, fillcolor:#C00000, opacity:0.35"
)

// PDF returns pdf with text stamped on every page. Forms keep their fields
// (filled or not); the stamps are page content, so they show whatever a
// viewer does with the form.
func PDF(pdf []byte, text string) (stamped []byte, err error) {
	err = render.WithPDFCPU(func(conf *model.Configuration) error {
		stamped, err = stamp(pdf, text, conf)
		return err
	})
	return stamped, err
}

func stamp(pdf []byte, text string, conf *model.Configuration) ([]byte, error) {
	diagonal, err := api.TextWatermark(text, diagonalStyle, true, false, types.POINTS)
	if err != nil {
		return nil, fmt.Errorf("watermark: %w", err)
	}
	banner, err := api.TextWatermark(text, bannerStyle, true, false, types.POINTS)
	if err != nil {
		return nil, fmt.Errorf("watermark: %w", err)
	}
	conf.Cmd = model.ADDWATERMARKS
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("watermark: read PDF: %w", err)
	}
	stamps := make(map[int][]*model.Watermark, ctx.PageCount)
	for page := 1; page <= ctx.PageCount; page++ {
		stamps[page] = []*model.Watermark{diagonal, banner}
	}
	if err := pdfcpu.AddWatermarksSliceMap(ctx, stamps); err != nil {
		return nil, fmt.Errorf("watermark: stamp PDF: %w", err)
	}
	var out bytes.Buffer
	if err := api.Write(ctx, &out, conf); err != nil {
		return nil, fmt.Errorf("watermark: write PDF: %w", err)
	}
	return out.Bytes(), nil
}
