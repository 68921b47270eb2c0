package frompdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/testenv"
)

// testPDF writes a one-page A4 PDF whose content stream is content; its
// resources are a 2×2 grey image XObject /Im1 and the font /F1
// (Helvetica).
func testPDF(content string) []byte { return testPDFPage("/MediaBox [0 0 595 842]", content) }

// testPDFPage is testPDF with the page's boxes and rotation in box.
func testPDFPage(box, content string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R " + box + " /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 5 0 R >> >> /Contents 6 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\xf0\xe0\xe0\xf0\nendstream",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content),
	}
	return pdfFile(objs)
}

// pdfFile writes objs as objects 1, 2, … of a PDF whose catalog is object 1.
func pdfFile(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// ocrScanPDF is a "scanned" invoice: a page-covering image under an
// invisible (render mode 3) OCR text layer.
func ocrScanPDF() []byte {
	return testPDF("q 595 0 0 842 0 0 cm /Im1 Do Q\nBT 3 Tr /F1 12 Tf 72 770 Td (Invoice number: INV-2041) Tj 0 -20 Td (Date: 12/03/2026) Tj 0 -20 Td (Total: EUR 1,250.00) Tj ET")
}

// TestOCRScan checks a scan with an invisible OCR layer keeps its page
// image as the background, its text invisible but present (the PDF
// printed from the template has it) and its fields detected.
func TestOCRScan(t *testing.T) {
	res, err := converter().Convert(context.Background(), ocrScanPDF(), "Scanned invoice")
	if err != nil {
		t.Fatal(err)
	}
	if res.Analysis.Scan != ScanOCR || !strings.Contains(res.Analysis.StructureSummary, "OCR text") {
		t.Errorf("analysis: scan %q, summary %q", res.Analysis.Scan, res.Analysis.StructureSummary)
	}
	types := fieldTypes(res.Analysis.Fields)
	if types["invoice_number"] != TypeText || types["date"] != TypeDate || types["total"] != TypeCurrency {
		t.Errorf("fields %v", res.Analysis.Fields)
	}
	if !strings.Contains(res.HTML, `style="left: 0; top: 0; width: 595pt; height: 842pt;" src="data:image/`) || !strings.Contains(res.HTML, "color: transparent;") {
		t.Errorf("no background image or transparent text:\n%.2000s", res.HTML)
	}
	out := renderResult(t, res, ocrScanPDF())
	text := testenv.PDFText(t, out)
	for _, want := range []string{"INV-2041", "12/03/2026", "1,250.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed template lacks %q:\n%s", want, text)
		}
	}
}

// TestImageScan checks a PDF without text but with a page image (rotated
// by /Rotate) becomes a template of its rasterized page, without fields.
func TestImageScan(t *testing.T) {
	pdf, err := os.ReadFile("testdata/scan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	res, err := converter().Convert(context.Background(), pdf, "Scan")
	if err != nil {
		t.Fatal(err)
	}
	if res.Analysis.Scan != ScanImage || len(res.Analysis.Fields) != 0 || !strings.Contains(res.Analysis.StructureSummary, "without a text layer") {
		t.Errorf("analysis %+v", res.Analysis)
	}
	if !strings.Contains(res.HTML, "@page { size: 596pt 842pt;") || strings.Count(res.HTML, "data:image/") != 1 {
		t.Errorf("template:\n%.1500s", res.HTML)
	}
	if len(res.HTML) > maxBackgroundBytes*4/3+4096 {
		t.Errorf("template is %d bytes", len(res.HTML))
	}
}

// TestBlankRefused checks a PDF with neither text nor anything drawn is
// refused as having no text.
func TestBlankRefused(t *testing.T) {
	_, err := converter().Convert(context.Background(), testPDF(""), "Blank")
	if !errors.Is(err, ErrNoText) {
		t.Fatalf("error %v, want ErrNoText", err)
	}
}

// TestAnnotationText checks words drawn as FreeText annotations (all the
// text quartz-text.pdf has) become template text.
func TestAnnotationText(t *testing.T) {
	res, _, out, _ := convertFile(t, "testdata/corpus/quartz-text.pdf")
	if res.Analysis.Scan != "" || !strings.Contains(res.HTML, "very important text!") {
		t.Errorf("scan %q, template:\n%.3000s", res.Analysis.Scan, res.HTML)
	}
	if text := testenv.PDFText(t, out); !strings.Contains(text, "This is some very important text!") {
		t.Errorf("printed template:\n%s", text)
	}
}

// renderResult renders a converted template with its sample data.
// original gives the page size to print at.
func renderResult(t *testing.T, res *Result, original []byte) []byte {
	t.Helper()
	ctx := context.Background()
	tpl, err := handlebars.Compile(res.HTML, handlebars.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	html, err := tpl.Render(ctx, res.Analysis.SampleData)
	if err != nil {
		t.Fatal(err)
	}
	j := printJob(t, original, html)
	out, err := engine(t).Render(ctx, j)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPosterScan checks a page too large for the background's pixel
// bound is rasterized at fewer dots per inch.
func TestPosterScan(t *testing.T) {
	pdf := testPDFPage("/MediaBox [0 0 6000 4000]", "q 6000 0 0 4000 0 0 cm /Im1 Do Q")
	res, err := converter().Convert(context.Background(), pdf, "Poster")
	if err != nil {
		t.Fatal(err)
	}
	if res.Analysis.Scan != ScanImage || !strings.Contains(res.HTML, "@page { size: 6000pt 4000pt;") {
		t.Errorf("analysis %+v", res.Analysis)
	}
}
