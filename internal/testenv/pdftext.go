package testenv

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// PDFPages returns the text of each page of pdf as poppler's
// `pdftotext -layout` sees it: the one PDF-text helper of the tests.
func PDFPages(tb testing.TB, pdf []byte) []string {
	tb.Helper()
	Command(tb, "pdftotext", "poppler-utils")
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// PDFText returns the text of all pages of pdf, one after the other.
func PDFText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return strings.Join(PDFPages(tb, pdf), "\n")
}
