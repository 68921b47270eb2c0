package app

import (
	"context"
	"path/filepath"
	"time"

	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/render/frompdf"
	"github.com/quirehq/quire/internal/templates"
)

// openFromPDF sets up the PDF → template converter. PDFium starts on first
// use only and closes after QUIRE_FROMPDF_IDLE unused (a server that never
// converts pays nothing); the compiled module is cached in the data dir, so
// later starts take well under a second.
func (a *App) openFromPDF() templates.PDFConverter {
	a.pdfium = frompdf.NewRuntime(filepath.Join(a.Config.DataDir, "cache", "pdfium"), a.Config.FromPDFIdle)
	var ai *frompdf.AI
	if a.Config.AIURL != "" {
		ai = &frompdf.AI{URL: a.Config.AIURL, Model: a.Config.AIModel, Key: a.Config.AIKey, Timeout: 60 * time.Second}
	}
	conv := &frompdf.Converter{Runtime: a.pdfium, MaxPages: a.Config.MaxPages, AI: ai}
	return func(ctx context.Context, pdf []byte, title string) (*templates.Conversion, error) {
		res, err := conv.Convert(ctx, pdf, title)
		if err != nil {
			return nil, convertError(err)
		}
		fields := make([]render.Field, len(res.Analysis.Fields))
		for i, f := range res.Analysis.Fields {
			fields[i] = render.Field{Name: f.Name, Type: f.Type}
		}
		return &templates.Conversion{HTML: res.HTML, Fields: fields, SampleData: res.Analysis.SampleData, Analysis: res.Analysis}, nil
	}
}
