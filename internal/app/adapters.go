package app

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/docx"
	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/render/pdfform"
)

// compileHTML compiles Handlebars, turning syntax errors into a user error
// with the line and column.
func compileHTML(src string) (*handlebars.Template, error) {
	t, err := handlebars.Compile(src)
	if err == nil {
		return t, nil
	}
	var se *handlebars.SyntaxError
	if errors.As(err, &se) {
		return nil, errs.Wrap(err, errs.InvalidTemplate, "%s", se.Error())
	}
	return nil, errs.Wrap(err, errs.InvalidTemplate, "invalid template: %v", err)
}

func compileForDocuments(src string) (documents.HTMLTemplate, error) {
	t, err := compileHTML(src)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func analyzeHTML(content []byte) ([]render.Field, error) {
	t, err := compileHTML(string(content))
	if err != nil {
		return nil, err
	}
	return t.Fields(), nil
}

// printer adapts the Chromium engine to documents.Printer and its errors to
// public codes.
type printer struct {
	engine *chromium.Engine
}

func (p printer) Print(ctx context.Context, j documents.PrintJob) ([]byte, error) {
	pdf, err := p.engine.Render(ctx, chromium.Job{
		HTML: j.HTML, Format: j.Format, Landscape: j.Landscape,
		Margin:     chromium.Margin{Top: j.Margin.Top, Right: j.Margin.Right, Bottom: j.Margin.Bottom, Left: j.Margin.Left},
		HeaderHTML: j.Header, FooterHTML: j.Footer,
	})
	if err == nil {
		return pdf, nil
	}
	var ce *chromium.Error
	msg := err.Error()
	if errors.As(err, &ce) {
		msg = ce.Msg
	}
	switch {
	case errors.Is(err, chromium.ErrInvalidOptions):
		return nil, errs.Wrap(err, errs.Validation, "%s", msg)
	case errors.Is(err, chromium.ErrTooManyPages):
		return nil, errs.Wrap(err, errs.TooManyPages, "%s; the limit is QUIRE_MAX_PAGES", msg)
	case errors.Is(err, chromium.ErrTooLarge):
		return nil, errs.Wrap(err, errs.OutputTooLarge, "%s; the limit is QUIRE_MAX_PDF_BYTES", msg)
	case errors.Is(err, chromium.ErrTimeout):
		return nil, errs.Wrap(err, errs.RenderTimeout, "%s", msg)
	case errors.Is(err, chromium.ErrUnavailable):
		return nil, errs.Wrap(err, errs.Unavailable, "%s", msg)
	default:
		// The browser's own words say what failed ("render failed" alone
		// does not).
		return nil, errs.Wrap(err, errs.RenderFailed, "%s", err.Error())
	}
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

// formError gives PDF form failures their public codes; the messages of
// pdfform are written for users already.
func formError(err error) error {
	switch {
	case errors.Is(err, pdfform.ErrValidation):
		return errs.Wrap(err, errs.Validation, "%s", err.Error())
	case errors.Is(err, pdfform.ErrNoFont):
		return errs.Wrap(err, errs.RenderFailed, "%s", err.Error())
	case errors.Is(err, pdfform.ErrNoFields), errors.Is(err, pdfform.ErrEncrypted),
		errors.Is(err, pdfform.ErrDamaged), errors.Is(err, pdfform.ErrSigned):
		return errs.Wrap(err, errs.InvalidTemplate, "%s", err.Error())
	}
	return errs.Wrap(err, errs.RenderFailed, "the PDF form could not be filled: %v", err)
}

// docxOptions bound what one DOCX may unpack to (zip bombs) and give DOCX
// tags the same helpers as HTML templates, so users learn one language.
var docxOptions = docx.ParseOptions{
	Limits:  docx.Limits{MaxUnpackedBytes: 100 << 20, MaxParts: 2000},
	Helpers: docxHelpers(),
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

func parseDOCX(content []byte) (documents.DOCXTemplate, error) {
	t, err := docx.ParseWithOptions(content, docxOptions)
	if err != nil {
		return nil, err // *docx.Error carries its public *errs.Error
	}
	return t, nil
}

func analyzeDOCX(content []byte) ([]render.Field, error) {
	t, err := docx.ParseWithOptions(content, docxOptions)
	if err != nil {
		return nil, err
	}
	return t.Fields(), nil
}
