// Package pdfmerge joins PDFs into one, with one outline (bookmark) entry
// per part, in order: the merged output of a batch. It knows no database.
package pdfmerge

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/quirehq/quire/internal/render"
)

// Part is one PDF to merge, its page count and its outline title.
type Part struct {
	PDF   []byte
	Pages int
	Title string
}

// Merge joins n parts in order, part(i) giving the i-th, and writes the
// result to w with an outline of one entry per part (their own outlines
// are replaced), pointing at its first page. It returns the page count.
// Parts are read one at a time and each one's bytes are dropped once it
// is merged; the merged document is held once, parsed (pdfcpu's model:
// several times its size on disk), and written once, with no copy of it
// read back to add the outline.
//
// pdfcpu runs through render.WithPDFCPU: a part that makes it panic is an
// error of the merge, not a crash of the job.
func Merge(w io.Writer, n int, part func(i int) (Part, error)) (pages int, err error) {
	if n == 0 {
		return 0, fmt.Errorf("pdfmerge: nothing to merge")
	}
	err = render.WithPDFCPU(func(conf *model.Configuration) error {
		pages, err = merge(w, n, part, conf)
		return err
	})
	return pages, err
}

func merge(w io.Writer, n int, part func(i int) (Part, error), conf *model.Configuration) (int, error) {
	conf.Cmd = model.MERGECREATE
	conf.CreateBookmarks = false
	bookmarks := make([]pdfcpu.Bookmark, n)
	var dest *model.Context
	page := 1
	for i := range n {
		p, err := part(i)
		if err != nil {
			return 0, err
		}
		bookmarks[i] = pdfcpu.Bookmark{Title: p.Title, PageFrom: page}
		page += p.Pages
		src, err := api.ReadAndValidate(bytes.NewReader(p.PDF), conf)
		if err != nil {
			return 0, fmt.Errorf("pdfmerge: part %d: %w", i, err)
		}
		if dest == nil {
			dest = src
			dest.EnsureVersionForWriting()
			continue
		}
		if err := pdfcpu.MergeXRefTables(strconv.Itoa(i), src, dest, false, false); err != nil {
			return 0, fmt.Errorf("pdfmerge: merge part %d: %w", i, err)
		}
	}
	if err := api.OptimizeContext(dest); err != nil {
		return 0, fmt.Errorf("pdfmerge: optimize: %w", err)
	}
	if err := pdfcpu.AddBookmarks(dest, bookmarks, true); err != nil {
		return 0, fmt.Errorf("pdfmerge: outline: %w", err)
	}
	if err := api.WriteContext(dest, w); err != nil {
		return 0, fmt.Errorf("pdfmerge: write: %w", err)
	}
	return page - 1, nil
}
