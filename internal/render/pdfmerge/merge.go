// Package pdfmerge joins PDFs into one, with one outline (bookmark) entry
// per part, in order: the merged output of a batch. It knows no database.
package pdfmerge

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Part is one PDF to merge, its page count and its outline title.
type Part struct {
	PDF   []byte
	Pages int
	Title string
}

// Merge joins parts in order and gives the result an outline of one entry
// per part (their own outlines are replaced), pointing at its first page.
// It returns the merged PDF and its page count.
func Merge(parts []Part) ([]byte, int, error) {
	if len(parts) == 0 {
		return nil, 0, fmt.Errorf("pdfmerge: nothing to merge")
	}
	readers := make([]io.ReadSeeker, len(parts))
	bookmarks := make([]pdfcpu.Bookmark, len(parts))
	page := 1
	for i, p := range parts {
		readers[i] = bytes.NewReader(p.PDF)
		bookmarks[i] = pdfcpu.Bookmark{Title: p.Title, PageFrom: page}
		page += p.Pages
	}
	var merged bytes.Buffer
	if err := api.MergeRaw(readers, &merged, false, model.NewDefaultConfiguration()); err != nil {
		return nil, 0, fmt.Errorf("pdfmerge: merge: %w", err)
	}
	var out bytes.Buffer
	if err := api.AddBookmarks(bytes.NewReader(merged.Bytes()), &out, bookmarks, true, model.NewDefaultConfiguration()); err != nil {
		return nil, 0, fmt.Errorf("pdfmerge: outline: %w", err)
	}
	return out.Bytes(), page - 1, nil
}
