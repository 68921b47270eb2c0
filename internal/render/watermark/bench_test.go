package watermark

import (
	"os"
	"testing"
)

func BenchmarkPDF(b *testing.B) {
	in, err := os.ReadFile("../../../e2e/testdata/form_two_pages.pdf")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := PDF(in, Sandbox); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDOCX(b *testing.B) {
	in, err := os.ReadFile("../docx/testdata/libreoffice-invoice.docx")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := DOCX(in, Sandbox); err != nil {
			b.Fatal(err)
		}
	}
}
