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
	pages := strings.Split(string(pdftotext(tb, pdf, "-layout")), "\f")
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

// pdftotext runs poppler's pdftotext with opts on pdf and returns what
// it prints.
func pdftotext(tb testing.TB, pdf []byte, opts ...string) []byte {
	tb.Helper()
	Command(tb, "pdftotext", "poppler-utils")
	cmd := exec.Command("pdftotext", append(opts, "-", "-")...)
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext %s: %v", strings.Join(opts, " "), err)
	}
	return out
}
