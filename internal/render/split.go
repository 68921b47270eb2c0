package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Splitter cuts one PDF into several by page ranges: a print of several
// documents at once, split back into one PDF per document. The PDF is read
// once; each part is written on its own.
type Splitter struct {
	ctx   *model.Context
	dests types.Dict
	info  types.Dict // the source's document information, nil if none
}

// NewSplitter reads a PDF.
func NewSplitter(r io.ReadSeeker) (*Splitter, error) {
	s := &Splitter{}
	err := WithPDFCPU(func(conf *model.Configuration) error {
		ctx, err := api.ReadContext(r, conf)
		if err != nil {
			return err
		}
		if err := ctx.EnsurePageCount(); err != nil {
			return err
		}
		s.ctx = ctx
		root, err := ctx.Catalog()
		if err != nil {
			return err
		}
		if o, ok := root.Find("Dests"); ok {
			if s.dests, err = ctx.DereferenceDict(o); err != nil {
				return err
			}
		}
		if ctx.Info != nil {
			s.info, _ = ctx.DereferenceDict(*ctx.Info)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("render: read the PDF to split: %w", err)
	}
	return s, nil
}

// Pages is the PDF's page count.
func (s *Splitter) Pages() int { return s.ctx.PageCount }

// ErrNoDestination: the PDF has no named destination of that name.
var ErrNoDestination = errors.New("render: no such named destination")

// DestinationPage is the page (from 1) of a named destination of the
// catalog's /Dests dictionary, as Chromium writes them for link targets.
func (s *Splitter) DestinationPage(name string) (int, error) {
	var page int
	err := WithPDFCPU(func(*model.Configuration) error {
		o, ok := s.dests.Find(name)
		if !ok {
			return fmt.Errorf("%w: %q", ErrNoDestination, name)
		}
		o, err := s.ctx.Dereference(o)
		if err != nil {
			return err
		}
		if d, ok := o.(types.Dict); ok { // << /D [page …] >>
			if o, err = s.ctx.Dereference(d["D"]); err != nil {
				return err
			}
		}
		arr, ok := o.(types.Array)
		if !ok || len(arr) == 0 {
			return fmt.Errorf("named destination %q is not an array", name)
		}
		ref, ok := arr[0].(types.IndirectRef)
		if !ok {
			return fmt.Errorf("named destination %q does not name a page", name)
		}
		page, err = s.ctx.PageNumber(ref.ObjectNumber.Value())
		return err
	})
	return page, err
}

// WritePages writes pages first to last (from 1) as a PDF of their own,
// whose document title is title and whose other information is the
// source's. With a stamp, the stamp's page k is laid over page k, at the
// same place and scale (the header and footer of a print, made apart).
// The part is stamped before it is written: it is written once.
func (s *Splitter) WritePages(w io.Writer, first, last int, title string, stamp []byte) error {
	if first < 1 || last < first || last > s.ctx.PageCount {
		return fmt.Errorf("render: pages %d-%d of a %d-page PDF", first, last, s.ctx.PageCount)
	}
	return WithPDFCPU(func(*model.Configuration) error {
		nrs := make([]int, 0, last-first+1)
		for p := first; p <= last; p++ {
			nrs = append(nrs, p)
		}
		out, err := pdfcpu.ExtractPages(s.ctx, nrs, false)
		if err != nil {
			return err
		}
		info := types.NewDict()
		for _, k := range []string{"Creator", "Author", "Subject", "Keywords"} {
			if v, ok := s.info[k]; ok {
				info.Insert(k, v)
			}
		}
		if title != "" {
			info.Insert("Title", types.NewHexLiteral([]byte(types.EncodeUTF16String(title))))
		}
		ref, err := out.IndRefForNewObject(info)
		if err != nil {
			return err
		}
		out.Info = ref
		if stamp != nil {
			if err := out.EnsurePageCount(); err != nil { // the extract leaves it unset
				return err
			}
			wm, err := api.PDFMultiWatermarkForReadSeeker(bytes.NewReader(stamp), 1, 1, "scale:1 abs, rot:0, pos:bl, off:0 0, op:1", true, false, types.POINTS)
			if err != nil {
				return err
			}
			if err := pdfcpu.AddWatermarks(out, nil, wm); err != nil {
				return err
			}
		}
		return api.WriteContext(out, w)
	})
}
