package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// PageCount returns the number of pages of a PDF. PDFs written the plain
// way (a classic xref, no object streams, no incremental updates — as
// Chromium writes them) are read directly: trailer → /Root → /Pages →
// /Count, in microseconds. Anything else is parsed by pdfcpu, which was
// measured at ~12 ms for a one-page invoice.
func PageCount(pdf []byte) (int, error) {
	if n, ok := quickPageCount(pdf); ok {
		return n, nil
	}
	var n int
	err := WithPDFCPU(func(conf *model.Configuration) (err error) {
		n, err = api.PageCount(bytes.NewReader(pdf), conf)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("render: count pages: %w", err)
	}
	return n, nil
}

var (
	rootRef  = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	pagesRef = regexp.MustCompile(`/Pages\s+(\d+)\s+(\d+)\s+R`)
	countNum = regexp.MustCompile(`/Count\s+(\d+)`)
	pagesTyp = regexp.MustCompile(`/Type\s*/Pages\b`)
)

func quickPageCount(pdf []byte) (int, bool) {
	if bytes.Contains(pdf, []byte("/ObjStm")) || bytes.Count(pdf, []byte("startxref")) != 1 {
		return 0, false
	}
	t := bytes.LastIndex(pdf, []byte("trailer"))
	if t < 0 {
		return 0, false
	}
	return countFromTrailer(pdf[t:], func(num, gen []byte) ([]byte, bool) { return object(pdf, num, gen) })
}

// countFromTrailer follows the trailer's /Root to the root of the page
// tree and reads its /Count, with object giving an object's text.
func countFromTrailer(trailer []byte, object func(num, gen []byte) ([]byte, bool)) (int, bool) {
	m := rootRef.FindSubmatch(trailer)
	if m == nil {
		return 0, false
	}
	root, ok := object(m[1], m[2])
	if !ok {
		return 0, false
	}
	if m = pagesRef.FindSubmatch(root); m == nil {
		return 0, false
	}
	pages, ok := object(m[1], m[2])
	if !ok || !pagesTyp.Match(pages) {
		return 0, false
	}
	if m = countNum.FindSubmatch(pages); m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(m[1]))
	return n, err == nil && n > 0
}

// object returns the text of object "num gen obj" … "endobj" when it is
// defined exactly once, at the start of a line.
func object(pdf, num, gen []byte) ([]byte, bool) {
	head := []byte(string(num) + " " + string(gen) + " obj")
	var at = -1
	for from := 0; ; {
		i := bytes.Index(pdf[from:], head)
		if i < 0 {
			break
		}
		i += from
		if i == 0 || pdf[i-1] == '\n' || pdf[i-1] == '\r' {
			if at >= 0 {
				return nil, false // defined twice
			}
			at = i
		}
		from = i + len(head)
	}
	if at < 0 {
		return nil, false
	}
	end := bytes.Index(pdf[at:], []byte("endobj"))
	if end < 0 {
		return nil, false
	}
	return pdf[at : at+end], true
}
