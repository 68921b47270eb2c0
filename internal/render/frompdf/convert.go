package frompdf

import (
	"context"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Result is a converted PDF.
type Result struct {
	HTML     string
	Analysis Analysis
}

// Converter turns PDFs into templates.
type Converter struct {
	Runtime *Runtime
	// MaxPages bounds the pages converted (0 = no bound).
	MaxPages int
	// AI, when set, may improve names, type and summary; its failure
	// leaves the deterministic result.
	AI *AI
}

// Convert turns pdf into an HTML/Handlebars template titled title. The
// same PDF always gives the same template, byte for byte (without AI).
func (c *Converter) Convert(ctx context.Context, pdf []byte, title string) (*Result, error) {
	if !looksLikePDF(pdf) {
		// Refused before PDFium starts: its first start costs seconds and
		// a few hundred MiB that a junk upload should not make a server pay.
		return nil, ErrNotPDF
	}
	var doc *document
	var scan string
	err := c.Runtime.with(ctx, func(p pdfium.Pdfium) error {
		ref, err := openDocument(p, pdf)
		if err != nil {
			return err
		}
		defer p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: ref})
		flattenAnnotations(p, ref)
		doc, err = extract(p, ref, c.MaxPages)
		if err != nil {
			return err
		}
		if err := readForm(p, ref, doc); err != nil {
			return err
		}
		scan, err = markScans(p, ref, doc)
		return err
	})
	if err != nil {
		return nil, err
	}
	fitPictures(doc)
	chars := 0
	var text strings.Builder
	for _, pg := range doc.Pages {
		for _, r := range pg.Runs {
			chars += len(strings.TrimSpace(r.Text))
			text.WriteString(r.Text)
			text.WriteByte('\n')
		}
	}
	widgets := 0
	for _, pg := range doc.Pages {
		widgets += len(pg.Checkboxes) + len(pg.Inputs)
	}
	if chars == 0 && widgets == 0 && scan != ScanImage {
		return nil, ErrNoText
	}
	lang := language(text.String())
	d := newDetector()
	tables := 0
	for _, pg := range doc.Pages {
		d.checkboxes(pg)
		d.detectTables(pg)
		d.detectFields(pg)
		tables += len(pg.tables)
	}
	res := &Result{Analysis: Analysis{
		Language:   lang,
		PageCount:  len(doc.Pages),
		Fields:     d.fields,
		SampleData: d.sample,
	}}
	res.Analysis.DocumentType = classify(text.String(), len(doc.Pages), d.fields, tables)
	res.Analysis.StructureSummary = scanSummary(scan, len(doc.Pages), summarize(res.Analysis.DocumentType, doc.Pages, d.fields))
	res.Analysis.Scan = scan
	res.HTML = renderHTML(title, lang, doc.Pages, doc.Fonts)
	if c.AI != nil {
		c.AI.improve(ctx, text.String(), res)
	}
	if res.Analysis.Fields == nil {
		res.Analysis.Fields = []Field{}
	}
	return res, nil
}
