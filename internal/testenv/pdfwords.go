package testenv

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// PDFWord is a word of a PDF page and its box in points, as poppler's
// `pdftotext -bbox` sees it (y grows downwards from the page's top).
type PDFWord struct {
	Page                   int // from 1
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// PDFWords returns every word of pdf with its page and box.
func PDFWords(tb testing.TB, pdf []byte) []PDFWord {
	tb.Helper()
	out := pdftotext(tb, pdf, "-bbox")
	var doc struct {
		Pages []struct {
			Words []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		tb.Fatalf("pdftotext -bbox output: %v", err)
	}
	var words []PDFWord
	for i, p := range doc.Pages {
		for _, w := range p.Words {
			words = append(words, PDFWord{Page: i + 1, Text: w.Text, XMin: w.XMin, YMin: w.YMin, XMax: w.XMax, YMax: w.YMax})
		}
	}
	return words
}
