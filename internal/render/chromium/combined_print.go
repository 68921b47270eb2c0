package chromium

import (
	"context"
	"fmt"
	"io"

	pdfinfo "github.com/quirehq/quire/internal/render"
)

// printCombined prints parts (of one key) in one print and splits its PDF
// into one per part. Any failure fails them all; the caller then prints
// them one by one.
func (e *Engine) printCombined(ctx context.Context, parts []part, p printing, st *stamps) ([]*PDF, error) {
	p.html = combinedHTML(parts)
	p.prepare = fmt.Sprintf(prepareJS, len(parts))
	if p.lim.maxPages > 0 {
		p.lim.maxPages *= len(parts)
	}
	p.lim.maxBytes *= int64(len(parts))
	pdf, err := e.renderPDF(ctx, p)
	if err != nil {
		return nil, err
	}
	defer pdf.Close()
	return e.split(ctx, pdf, parts, st)
}

// split cuts a combined print into one PDF per part, at the pages where
// the layout put each part's named destination, with its header and footer
// stamped when there are stamps.
func (e *Engine) split(ctx context.Context, pdf *PDF, parts []part, st *stamps) ([]*PDF, error) {
	s, err := pdfinfo.NewSplitter(io.NewSectionReader(pdf.f, 0, pdf.size))
	if err != nil {
		return nil, newError(ErrRender, err, "the combined print cannot be read")
	}
	starts := make([]int, len(parts)+1)
	for i := range parts {
		if starts[i], err = s.DestinationPage(destName(i)); err != nil {
			return nil, newError(ErrRender, err, "document %d of the combined print has no first page", i)
		}
		if (i == 0 && starts[i] != 1) || (i > 0 && starts[i] <= starts[i-1]) {
			return nil, newError(ErrRender, nil, "document %d of the combined print starts on page %d", i, starts[i])
		}
	}
	starts[len(parts)] = s.Pages() + 1
	out := make([]*PDF, 0, len(parts))
	fail := func(err error) ([]*PDF, error) {
		for _, p := range out {
			p.Close()
		}
		return nil, err
	}
	for i, p := range parts {
		var stamp []byte
		if st != nil {
			if stamp, err = st.get(ctx, p, starts[i+1]-starts[i]); err != nil {
				return fail(err)
			}
		}
		one, err := e.writePart(s, starts[i], starts[i+1]-1, p.title, stamp)
		if err != nil {
			return fail(err)
		}
		out = append(out, one)
	}
	return out, nil
}

// writePart spools pages first to last as a PDF of their own, within the
// limits of a print of its own.
func (e *Engine) writePart(s *pdfinfo.Splitter, first, last int, title string, stamp []byte) (*PDF, error) {
	lim := e.o.limits()
	f, err := spoolFile(lim.spoolDir)
	if err != nil {
		return nil, newError(ErrRender, err, "no room to split the PDF")
	}
	pdf := &PDF{f: f}
	if err := s.WritePages(f, first, last, title, stamp); err != nil {
		pdf.Close()
		return nil, newError(ErrRender, err, "the combined print cannot be split")
	}
	if pdf.size, err = f.Seek(0, io.SeekEnd); err != nil {
		pdf.Close()
		return nil, newError(ErrRender, err, "the split PDF cannot be read")
	}
	if pdf.size > lim.maxBytes {
		pdf.Close()
		return nil, newError(ErrTooLarge, nil, "the PDF is larger than %d bytes", lim.maxBytes)
	}
	// The part holds exactly the pages of its range (the splitter takes
	// those): counted, not parsed again.
	pdf.pages = last - first + 1
	if lim.maxPages > 0 && pdf.pages > lim.maxPages {
		pdf.Close()
		return nil, newError(ErrTooManyPages, nil, "the document has more than %d pages", lim.maxPages)
	}
	return pdf, nil
}
