package office

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/docx"
	"github.com/quirehq/quire/internal/testenv"
)

func needSoffice(t *testing.T) {
	t.Helper()
	if _, ok := Available(); !ok {
		testenv.Missing(t, "LibreOffice (soffice) is not installed (Debian package "+DebianPackage+"; "+testenv.SetupHint+")")
	}
}

// invoiceDOCX is a minimal Word document with tags in a paragraph and a table row.
func invoiceDOCX(t *testing.T) []byte {
	t.Helper()
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	cell := func(s string) string {
		return `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>`
	}
	body := `<w:p><w:r><w:t xml:space="preserve">Invoice for {{customer}}</w:t></w:r></w:p>` +
		`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>` +
		`<w:tr>` + cell("{{#each items}}{{name}}") + cell("{{price}}{{/each}}") + `</w:tr></w:tbl>` +
		`<w:p><w:r><w:t xml:space="preserve">Total {{total}}</w:t></w:r></w:p>`
	files := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + w + `><w:body>` + body +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(f[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFilledDOCXToPDF(t *testing.T) {
	needSoffice(t)
	testenv.Command(t, "pdftotext", "poppler-utils")
	tpl, err := docx.Parse(invoiceDOCX(t), docx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	filled, err := tpl.Fill(map[string]any{
		"customer": "Zephyr Widgets GmbH", "total": 1234.5,
		"items": []any{map[string]any{"name": "Sprocket", "price": 9.99}, map[string]any{"name": "Flange", "price": 0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewConverter(Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pdf, err := c.ToPDF(context.Background(), filled)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.ToPDF(context.Background(), filled); err != nil {
		t.Fatal(err)
	}
	t.Logf("second conversion (warm profile) took %s", time.Since(start))
	text := pdfText(t, pdf)
	for _, want := range []string{"Invoice for Zephyr Widgets GmbH", "Sprocket", "9.99", "Flange", "0.5", "Total 1234.5"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "{{") {
		t.Errorf("PDF still has tags:\n%s", text)
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdfTool(t, pdf, "pdftotext", "-layout", pdfArg, "-")
}

// pdfArg stands for the PDF's path in pdfTool's arguments.
const pdfArg = "{pdf}"

// pdfTool runs a poppler tool on a PDF and returns its output.
func pdfTool(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == pdfArg {
			args[i] = path
		}
	}
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return string(out)
}

func TestTimeoutKillsTheProcessGroup(t *testing.T) {
	needSoffice(t)
	tmp := t.TempDir()
	c, err := NewConverter(Options{Timeout: 200 * time.Millisecond, TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ToPDF(context.Background(), invoiceDOCX(t))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("want ErrTimeout, got %v", err)
	}
	assertNoProcessUses(t, tmp)
	assertEmptyDir(t, tmp)
}

func TestCancelKillsTheProcessGroup(t *testing.T) {
	needSoffice(t)
	tmp := t.TempDir()
	c, err := NewConverter(Options{TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = c.ToPDF(ctx, invoiceDOCX(t))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want context.DeadlineExceeded, got %v", err)
	}
	assertNoProcessUses(t, tmp)
	assertEmptyDir(t, tmp)
}

// assertNoProcessUses fails if a process still has dir in its command line.
func assertNoProcessUses(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmdline, []byte(dir)) {
			t.Errorf("process %s survived: %s", e.Name(), bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
		}
	}
}

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("temp files left in %s: %v", dir, entries)
	}
}

func TestNotInstalled(t *testing.T) {
	_, err := NewConverter(Options{SofficePath: "/nonexistent/soffice"})
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "libreoffice-writer-nogui") {
		t.Fatalf("want ErrNotInstalled naming the package, got %v", err)
	}
}

func TestClosed(t *testing.T) {
	needSoffice(t)
	c, err := NewConverter(Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := c.ToPDF(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("want ErrClosed, got %v", err)
	}
}

func TestConversionsWaitTheirTurn(t *testing.T) {
	needSoffice(t)
	c, err := NewConverter(Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	<-c.slot // a conversion is running
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.ToPDF(ctx, invoiceDOCX(t)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a queued conversion must give up with its context, got %v", err)
	}
	c.slot <- struct{}{}
}
