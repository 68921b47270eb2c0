package app

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/handlebars"
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
	case errors.Is(err, chromium.ErrTimeout):
		return nil, errs.Wrap(err, errs.RenderTimeout, "%s", msg)
	case errors.Is(err, chromium.ErrUnavailable):
		return nil, errs.Wrap(err, errs.Unavailable, "%s", msg)
	default:
		return nil, errs.Wrap(err, errs.RenderFailed, "%s", msg)
	}
}
