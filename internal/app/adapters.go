package app

import (
	"context"

	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/metrics"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/docx"
	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/render/pdfform"
)

// htmlCompiler compiles Handlebars under the configured limits and gives
// its errors public codes that name the limit and its setting.
type htmlCompiler struct{ limits handlebars.Limits }

func newHTMLCompiler(cfg config.Config) htmlCompiler {
	return htmlCompiler{handlebars.Limits{
		MaxBytes: cfg.MaxTemplateBytes, MaxDepth: cfg.MaxTemplateDepth, MaxPathSegments: cfg.MaxTemplatePath,
		MaxFields: cfg.MaxTemplateFields, MaxOutputBytes: cfg.MaxHTMLBytes,
	}}
}

// compile compiles Handlebars, turning syntax errors into a user error with
// the line and column.
func (c htmlCompiler) compile(src string) (*handlebars.Template, error) {
	t, err := handlebars.Compile(src, c.limits)
	if err != nil {
		return nil, templateError(err)
	}
	return t, nil
}

// forRawHTML is the compiler of a request's raw html: the same limits, but
// its size is bounded by the HTML limit (checked by documents before).
func (c htmlCompiler) forRawHTML(cfg config.Config) htmlCompiler {
	c.limits.MaxBytes = max(c.limits.MaxBytes, cfg.MaxHTMLBytes)
	return c
}

func (c htmlCompiler) forDocuments(src string) (documents.HTMLTemplate, error) {
	t, err := c.compile(src)
	if err != nil {
		return nil, err
	}
	return htmlTemplate{t}, nil
}

func (c htmlCompiler) analyze(content []byte) ([]render.Field, error) {
	t, err := c.compile(string(content))
	if err != nil {
		return nil, err
	}
	return t.Fields(), nil
}

// htmlTemplate gives a template's render errors public codes.
type htmlTemplate struct{ t *handlebars.Template }

func (h htmlTemplate) Render(ctx context.Context, data any) (string, error) {
	out, err := h.t.Render(ctx, data)
	if err == nil || ctx.Err() != nil {
		return out, err
	}
	return "", renderDataError(err)
}

// printer adapts the Chromium engine to documents.Printer and its errors to
// public codes.
type printer struct {
	engine  *chromium.Engine
	metrics *metrics.Metrics
}

func (p printer) Print(ctx context.Context, j documents.PrintJob) (pdf documents.PrintedPDF, err error) {
	done := p.metrics.Render("chromium")
	defer func() { done(err) }()
	return p.print(ctx, j)
}

func (p printer) print(ctx context.Context, j documents.PrintJob) (documents.PrintedPDF, error) {
	pdf, err := p.engine.RenderPDF(ctx, chromiumJob(j))
	if err != nil {
		return nil, printError(err)
	}
	return pdf, nil
}

func chromiumJob(j documents.PrintJob) chromium.Job {
	return chromium.Job{
		HTML: j.HTML, Format: j.Format, Landscape: j.Landscape,
		Margin:     chromium.Margin{Top: j.Margin.Top, Right: j.Margin.Right, Bottom: j.Margin.Bottom, Left: j.Margin.Left},
		HeaderHTML: j.Header, FooterHTML: j.Footer, Tagged: j.Tagged,
		PreferCSSPageSize: j.PreferCSSPageSize,
	}
}

// PrintMany prints a batch's documents, sharing Chromium prints where the
// engine finds it safe (chromium.Engine.PrintMany).
func (p printer) PrintMany(ctx context.Context, j documents.PrintJob, htmls []string) (out documents.PrintedMany, err error) {
	done := p.metrics.Render("chromium")
	defer func() { done(err) }()
	m, err := p.engine.PrintMany(ctx, chromiumJob(j), htmls)
	if err != nil {
		return documents.PrintedMany{}, printError(err)
	}
	// Combined unless documents fell back to prints of their own (a lone
	// document, with nothing to share a print with, is no fallback).
	out = documents.PrintedMany{Items: make([]documents.PrintedItem, len(m.Items)), Prints: m.Prints, Path: documents.PathMixed}
	switch {
	case m.Why == "":
		out.Path = documents.PathCombined
	case m.Combined == 0:
		out.Path = documents.PathSingle
	}
	for i, it := range m.Items {
		if it.Err != nil {
			out.Items[i].Err = printError(it.Err)
			continue
		}
		out.Items[i].PDF = it.PDF
	}
	return out, nil
}

func analyzePDFForm(content []byte) ([]render.Field, error) {
	fields, err := pdfform.Detect(content)
	if err != nil {
		return nil, formError(err)
	}
	return fields, nil
}

func fillPDFForm(pdf []byte, values map[string]any, flatten, ignoreUnknown bool) ([]byte, error) {
	out, err := pdfform.Fill(pdf, values, pdfform.FillOptions{Flatten: flatten, IgnoreUnknownFields: ignoreUnknown})
	if err != nil {
		return nil, formError(err)
	}
	return out, nil
}

// docxEngine parses DOCX templates within bounds: what one DOCX may unpack
// to (zip bombs) and how deep its blocks nest (the HTML templates' depth
// limit). DOCX tags get the same helpers as HTML templates, so users learn
// one language.
type docxEngine struct{ options docx.ParseOptions }

// docxPackageLimits bound what one DOCX template may unpack to.
var docxPackageLimits = docx.Limits{MaxUnpackedBytes: 100 << 20, MaxParts: 2000}

func newDOCXEngine(cfg config.Config) docxEngine {
	limits := docxPackageLimits
	limits.MaxDepth = cfg.MaxTemplateDepth
	return docxEngine{docx.ParseOptions{
		Limits:  limits,
		Helpers: docxHelpers(),
	}}
}

func docxHelpers() map[string]docx.HelperFunc {
	helpers := map[string]docx.HelperFunc{}
	for _, name := range handlebars.InlineHelperNames() {
		helpers[name] = func(args []any, hash map[string]any) (string, error) {
			return handlebars.Call(name, args, hash)
		}
	}
	return helpers
}

func (e docxEngine) parse(content []byte) (documents.DOCXTemplate, error) {
	t, err := docx.ParseWithOptions(content, e.options)
	if err != nil {
		return nil, docxError(err)
	}
	return docxTemplate{t}, nil
}

func (e docxEngine) analyze(content []byte) ([]render.Field, error) {
	t, err := docx.ParseWithOptions(content, e.options)
	if err != nil {
		return nil, docxError(err)
	}
	return t.Fields(), nil
}

// docxTemplate gives a DOCX template's fill errors public codes.
type docxTemplate struct{ t *docx.Template }

func (d docxTemplate) Fill(data map[string]any) ([]byte, error) {
	out, err := d.t.Fill(data)
	if err != nil {
		return nil, docxError(err)
	}
	return out, nil
}
