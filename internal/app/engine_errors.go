package app

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/docx"
	"github.com/quirehq/quire/internal/render/frompdf"
	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/render/office"
	"github.com/quirehq/quire/internal/render/pdfform"
)

// The one place where engine errors become public ones. Every engine
// reports its kinds of failure as sentinel errors of its package (ErrX),
// matched here with errors.Is; an engine's error type carries the details
// (line, part, message) and is read with errors.As. Engines know nothing
// of internal/errs (see docs/architecture.md). Errors of no known kind pass
// through unchanged: the documents service decides what they become.

// limitSettings name the setting of each template limit.
var limitSettings = map[handlebars.Limit]string{
	handlebars.LimitBytes:        "max-template-bytes",
	handlebars.LimitDepth:        "max-template-depth",
	handlebars.LimitPathSegments: "max-template-path",
	handlebars.LimitFields:       "max-template-fields",
	handlebars.LimitOutputBytes:  "max-html-bytes",
}

// templateError gives Handlebars compile errors their codes: a limit names
// its setting, a syntax error its line and column.
func templateError(err error) error {
	var le *handlebars.LimitError
	if errors.Is(err, handlebars.ErrLimit) && errors.As(err, &le) {
		code := errs.TemplateTooComplex
		switch le.Limit {
		case handlebars.LimitBytes:
			code = errs.TemplateTooLarge
		case handlebars.LimitOutputBytes:
			code = errs.HTMLTooLarge
		}
		return errs.Wrap(err, code, "%s: %s (%s)", le.Limit, le.Error(), config.EnvName(limitSettings[le.Limit]))
	}
	var se *handlebars.SyntaxError
	if errors.Is(err, handlebars.ErrSyntax) && errors.As(err, &se) {
		return errs.Wrap(err, errs.InvalidTemplate, "%s", se.Error())
	}
	return errs.Wrap(err, errs.InvalidTemplate, "invalid template: %v", err)
}

// renderDataError gives a Handlebars render error its code: the data does
// not suit the template.
func renderDataError(err error) error {
	var re *handlebars.RenderError
	if errors.Is(err, handlebars.ErrRender) && errors.As(err, &re) {
		return errs.Wrap(err, errs.InvalidInput, "the template could not be rendered with this data: %s", re.Message)
	}
	return templateError(err)
}

// printError gives Chromium's failures their codes.
func printError(err error) error {
	var ce *chromium.Error
	msg := err.Error()
	if errors.As(err, &ce) {
		msg = ce.Msg
	}
	switch {
	case errors.Is(err, chromium.ErrInvalidOptions):
		return errs.Wrap(err, errs.Validation, "%s", msg)
	case errors.Is(err, chromium.ErrTooManyPages):
		return errs.Wrap(err, errs.TooManyPages, "%s; the limit is QUIRE_MAX_PAGES", msg)
	case errors.Is(err, chromium.ErrTooLarge):
		return errs.Wrap(err, errs.OutputTooLarge, "%s; the limit is QUIRE_MAX_PDF_BYTES", msg)
	case errors.Is(err, chromium.ErrTimeout):
		return errs.Wrap(err, errs.RenderTimeout, "%s (QUIRE_RENDER_TIMEOUT)", msg)
	case errors.Is(err, chromium.ErrUnavailable):
		return errs.Wrap(err, errs.Unavailable, "%s", msg)
	}
	// The browser's own words say what failed ("render failed" alone does
	// not).
	return errs.Wrap(err, errs.RenderFailed, "%s", err.Error())
}

// formError gives PDF form failures their codes; the messages of pdfform
// are written for users already.
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

// docxError gives DOCX template failures their codes; *docx.Error says
// where the problem is in words a Word user can act on.
func docxError(err error) error {
	var de *docx.Error
	if !errors.As(err, &de) {
		return err
	}
	code := errs.InvalidTemplate
	switch {
	case errors.Is(err, docx.ErrTooLarge):
		code = errs.PayloadTooLarge
	case errors.Is(err, docx.ErrTooComplex):
		code = errs.TemplateTooComplex
	case errors.Is(err, docx.ErrHelper):
		// A helper fails on the data it is given (a text where a number is
		// needed, a missing value): the request's fault, as in HTML templates.
		code = errs.InvalidInput
	}
	return errs.Wrap(err, code, "%s", de.Error())
}

// officeError gives DOCX → PDF failures their codes, with the kind's own
// message; a DOCX the converter could not clean up (a *docx.Error from
// docx.StripExternal) is the template's fault, as in DOCX fills.
func officeError(err error) error {
	var de *docx.Error
	if errors.As(err, &de) {
		return docxError(err)
	}
	for _, k := range []struct {
		kind error
		code string
	}{
		{office.ErrNotInstalled, errs.Unavailable},
		{office.ErrClosed, errs.Unavailable},
		{office.ErrTimeout, errs.RenderTimeout},
		{office.ErrFailed, errs.RenderFailed},
	} {
		if errors.Is(err, k.kind) {
			return errs.Wrap(err, k.code, "%s", k.kind.Error())
		}
	}
	return err
}

// convertError gives PDF → template (from-pdf) failures their codes.
func convertError(err error) error {
	switch {
	case errors.Is(err, frompdf.ErrNotPDF), errors.Is(err, frompdf.ErrDamaged), errors.Is(err, frompdf.ErrNoPages):
		return errs.Wrap(err, errs.InvalidPDF, "%s", err.Error())
	case errors.Is(err, frompdf.ErrEncrypted):
		return errs.Wrap(err, errs.PDFEncrypted, "%s", err.Error())
	case errors.Is(err, frompdf.ErrNoText):
		return errs.Wrap(err, errs.PDFNoText, "%s", err.Error())
	case errors.Is(err, frompdf.ErrTooManyPages):
		return errs.Wrap(err, errs.TooManyPages, "%s", err.Error())
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return errs.Wrap(err, errs.Unavailable, "the PDF converter is still starting; try again in a minute")
	}
	return err
}
