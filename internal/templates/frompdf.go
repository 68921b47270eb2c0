package templates

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render"
)

// Conversion is a PDF turned into an HTML template by a converter.
type Conversion struct {
	HTML string
	// Fields are the detected fields with their types ("items[].qty").
	Fields []render.Field
	// SampleData are the values found in the PDF, kept with the template.
	SampleData map[string]any
	// Analysis is returned to the client as it is.
	Analysis any
}

// PDFConverter turns a PDF into an HTML template; it reports unusable PDFs
// as *errs.Error.
type PDFConverter func(ctx context.Context, pdf []byte, title string) (*Conversion, error)

// FromPDF is a template made from a PDF, with the converter's analysis.
type FromPDF struct {
	*Template
	Analysis any `json:"analysis"`
}

// CreateFromPDF converts a static PDF into an HTML template and stores it
// like an uploaded one (same limits, projects and field extraction), with
// the detected field types.
func (s *Service) CreateFromPDF(ctx context.Context, p auth.Principal, projectID, name, filename string, pdf []byte) (*FromPDF, error) {
	if s.deps.ConvertPDF == nil {
		return nil, errs.New(errs.Unavailable, "converting PDFs is not available on this server")
	}
	if int64(len(pdf)) > MaxPDFBytes {
		return nil, errs.New(errs.PDFTooLarge, "the PDF is %d bytes; at most %d bytes (32 MB) are accepted", len(pdf), MaxPDFBytes)
	}
	if len(pdf) == 0 {
		return nil, errs.New(errs.InvalidInput, "the uploaded file is empty")
	}
	base := strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	if strings.TrimSpace(name) == "" {
		name = base
	}
	conv, err := s.deps.ConvertPDF(ctx, pdf, name)
	if err != nil {
		return nil, err
	}
	// Values past MaxSampleBytes are not kept (the analysis still has
	// them): checked before the template is stored, so a conversion never
	// answers an error for a template it made.
	if _, err := encodeSample(conv.SampleData); err != nil {
		conv.SampleData = nil
	}
	t, err := s.Create(ctx, p, projectID, name, "template.html", []byte(conv.HTML))
	if err != nil {
		return nil, err
	}
	// The HTML analyzer names the fields; the converter knows their types.
	known := map[string]bool{}
	for _, f := range t.Fields {
		known[f.Name] = true
	}
	var typed []render.Field
	for _, f := range conv.Fields {
		if known[f.Name] {
			typed = append(typed, f)
		}
	}
	if len(typed) > 0 {
		if t.Fields, err = s.SetFieldTypes(ctx, p, t.ID, typed); err != nil {
			return nil, err
		}
	}
	// The PDF's own values are kept as the template's sample data, so the
	// editor's preview starts as the original looked.
	if len(conv.SampleData) > 0 {
		if t, err = s.Update(ctx, p, t.ID, Patch{SampleData: conv.SampleData}); err != nil {
			return nil, err
		}
	}
	return &FromPDF{Template: t, Analysis: conv.Analysis}, nil
}

// MaxPDFBytes is the reference's limit for uploaded PDFs (32 MB).
const MaxPDFBytes = 32 << 20
