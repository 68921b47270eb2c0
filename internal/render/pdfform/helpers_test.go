package pdfform

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func needTool(t testing.TB, name string) {
	t.Helper()
	debianPackage := map[string]string{"pdftotext": "poppler-utils", "pdftoppm": "poppler-utils", "qpdf": "qpdf"}[name]
	testenv.Command(t, name, debianPackage)
}

// qpdfField is one entry of `qpdf --json-key=acroform`: our oracle for
// names and types.
type qpdfField struct {
	FullName   string   `json:"fullname"`
	FieldType  string   `json:"fieldtype"`
	FieldFlags int      `json:"fieldflags"`
	Choices    []string `json:"choices"`
	Value      any      `json:"value"` // "u:text" for a string, "/Name" for a name
}

func qpdfFields(t testing.TB, pdf []byte) []qpdfField {
	t.Helper()
	needTool(t, "qpdf")
	fn := writeTemp(t, "in.pdf", pdf)
	out, err := exec.Command("qpdf", "--warning-exit-0", "--json=2", "--json-key=acroform", fn).Output()
	if err != nil {
		t.Fatalf("qpdf: %v", err)
	}
	var doc struct {
		AcroForm struct {
			Fields []qpdfField `json:"fields"`
		} `json:"acroform"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.AcroForm.Fields
}

func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	fn := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(fn, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return fn
}

// pdfText returns the text poppler extracts from pdf.
func pdfText(t testing.TB, pdf []byte) string { return testenv.PDFText(t, pdf) }
