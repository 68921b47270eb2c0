package documents

import (
	"context"
	"errors"
	"io"
)

// HTMLTemplate is a compiled Handlebars template. Render stops when ctx
// ends, returning ctx's error; its other errors are *errs.Error.
type HTMLTemplate interface {
	Render(ctx context.Context, data any) (string, error)
}

// Compiler compiles Handlebars source; its errors are *errs.Error.
type Compiler func(src string) (HTMLTemplate, error)

// Margin holds CSS lengths ("20mm", "1in"); "" keeps the printer's default.
type Margin struct {
	Top    string `json:"top,omitempty"`
	Right  string `json:"right,omitempty"`
	Bottom string `json:"bottom,omitempty"`
	Left   string `json:"left,omitempty"`
}

// PrintJob is one HTML page to print as PDF.
type PrintJob struct {
	HTML      string
	Format    string
	Landscape bool
	Margin    Margin
	Header    string
	Footer    string
	Tagged    bool // PDF/UA-oriented: structure tree and outline
	// PreferCSSPageSize lets the HTML's own @page size win over Format (a
	// template made from a Letter PDF prints on Letter); a page without an
	// @page size gets Format.
	PreferCSSPageSize bool
}

// Printer turns HTML into PDF; its errors are *errs.Error.
type Printer interface {
	Print(ctx context.Context, j PrintJob) (PrintedPDF, error)
}

// ManyPrinter is a Printer that also prints several HTML pages made with
// the same options (one template's batch items) as one PDF each. It picks
// the path itself: items share Chromium prints where that is safe (the PDF
// split back by the page ranges the layout reports, page numbers in
// headers and footers still counted per item) and get one print each where
// it is not. Batches use it when the Printer has it and print item by
// item otherwise.
type ManyPrinter interface {
	PrintMany(ctx context.Context, j PrintJob, htmls []string) (PrintedMany, error)
}

// ErrOneAtATime is what a ManyPrinter that wraps another printer answers
// when that one prints a document at a time: the caller prints item by
// item itself (one place does it, with a deadline per item).
var ErrOneAtATime = errors.New("the printer prints one document at a time")

// PrintedMany is what PrintMany made: one entry per HTML, in order.
type PrintedMany struct {
	Items []PrintedItem
	// Path says how they were printed: PathCombined (items shared prints),
	// PathSingle (one print each) or PathMixed (some of each).
	Path string
	// Prints is how many Chromium prints it took.
	Prints int
}

// PrintedItem is one item of a PrintMany: its PDF (the caller closes it),
// or why it failed (*errs.Error), the other items going on regardless.
type PrintedItem struct {
	PDF PrintedPDF
	Err error
}

// Print paths of a ManyPrinter.
const (
	PathCombined = "combined"
	PathSingle   = "single"
	PathMixed    = "mixed"
)

// PrintedPDF is a printed document held outside memory (a spool file), so
// that a render never holds a large PDF whole: its size and pages are known,
// its bytes are read as they are stored. Close frees it.
type PrintedPDF interface {
	Size() int64
	Pages() int
	Reader() io.Reader      // from the start; a new reader each call
	Bytes() ([]byte, error) // the whole file, for the steps that need it in memory
	Close() error
}

// PageCounter counts the pages of a PDF.
type PageCounter func(pdf []byte) (int, error)

// FormFiller fills an AcroForm PDF; errors are *errs.Error.
type FormFiller func(pdf []byte, values map[string]any, flatten, ignoreUnknown bool) ([]byte, error)

// DOCXTemplate is a parsed DOCX template.
type DOCXTemplate interface {
	Fill(data map[string]any) ([]byte, error)
}

// DOCXParser parses a DOCX template; errors are *errs.Error.
type DOCXParser func(docx []byte) (DOCXTemplate, error)

// DOCXConverter turns a DOCX into a PDF (LibreOffice); errors are *errs.Error.
type DOCXConverter func(ctx context.Context, docx []byte) ([]byte, error)
