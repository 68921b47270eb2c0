package chromium

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpio "github.com/chromedp/cdproto/io"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	pdfinfo "github.com/quirehq/quire/internal/render"
)

// The print itself is bounded, not checked after the fact: a template that
// makes 100,000 pages must not hold a tab for minutes and hand megabytes
// over the protocol in one message.
//   - With MaxPages set, Chromium is asked for pages 1 to MaxPages+1 only,
//     so it never paints or writes more; a PDF with MaxPages+1 pages means
//     the document is too long, and the render fails with ErrTooManyPages.
//   - The PDF comes as a stream, read in chunks under the render's deadline;
//     past MaxPDFBytes the read stops and the render fails with ErrTooLarge.
//   - The render's context ends a print that does not return; the tab is
//     then closed and replaced (replaceTab).

// pdfChunk is the most one IO.read asks for.
const pdfChunk = 1 << 20

// bound sets the page range and the stream transfer of the print.
func (l limits) bound(p page.PrintToPDFParams) page.PrintToPDFParams {
	if l.maxPages > 0 {
		p.PageRanges = "1-" + strconv.Itoa(l.maxPages+1)
	}
	p.TransferMode = page.PrintToPDFTransferModeReturnAsStream
	return p
}

// limits are the bounds of one render's output, and where it is spooled.
type limits struct {
	maxPages int
	maxBytes int64
	spoolDir string
}

// receive takes the printed PDF from its stream into a spool file, chunk by
// chunk as Chromium hands it over (never whole in memory), and checks its
// pages by reading its page tree from the file.
func (l limits) receive(ctx context.Context, t *chromedp.Target, h cdpio.StreamHandle) (*PDF, error) {
	f, err := spoolFile(l.spoolDir)
	if err != nil {
		return nil, newError(ErrRender, err, "no room to receive the PDF")
	}
	pdf := &PDF{f: f}
	if pdf.size, err = l.readPDF(ctx, t, h, f); err != nil {
		pdf.Close()
		return nil, err
	}
	if pdf.pages, err = l.checkPages(pdf); err != nil {
		pdf.Close()
		return nil, err
	}
	return pdf, nil
}

// readPDF copies the printed PDF's stream to w up to maxBytes, and closes
// the stream. Past maxBytes it stops reading: the browser drops the rest.
func (l limits) readPDF(ctx context.Context, t *chromedp.Target, h cdpio.StreamHandle, w io.Writer) (int64, error) {
	defer func() {
		// The browser keeps the stream until it is closed, also when the
		// render's context has ended.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_, _ = cdp.Call(cctx, t, cdpio.Close, cdpio.CloseParams{Handle: h})
	}()
	var size int64
	for {
		res, err := cdp.Call(ctx, t, cdpio.Read, cdpio.ReadParams{Handle: h, Size: pdfChunk})
		if err != nil {
			return 0, err
		}
		if size+int64(len(res.Data)) > l.maxBytes {
			return 0, newError(ErrTooLarge, nil, "the PDF is larger than %d bytes", l.maxBytes)
		}
		if _, err := w.Write(res.Data); err != nil {
			return 0, newError(ErrRender, err, "no room to receive the PDF")
		}
		size += int64(len(res.Data))
		if res.EOF {
			return size, nil
		}
	}
}

// checkPages counts the pages of a PDF, and fails one with more than allowed.
func (l limits) checkPages(pdf *PDF) (int, error) {
	n, err := pdfinfo.PageCountAt(pdf.f, pdf.size)
	if err != nil {
		return 0, newError(ErrRender, err, "the printed PDF cannot be read")
	}
	if l.maxPages > 0 && n > l.maxPages {
		return 0, newError(ErrTooManyPages, nil, "the document has more than %d pages", l.maxPages)
	}
	return n, nil
}
