package chromium

import (
	"bytes"
	"context"
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

// limits are the bounds of one render's output.
type limits struct {
	maxPages int
	maxBytes int64
}

// readPDF reads the printed PDF's stream up to maxBytes, and closes it.
func (l limits) readPDF(ctx context.Context, t *chromedp.Target, h cdpio.StreamHandle) ([]byte, error) {
	defer func() {
		// The browser keeps the stream until it is closed, also when the
		// render's context has ended.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_, _ = cdp.Call(cctx, t, cdpio.Close, cdpio.CloseParams{Handle: h})
	}()
	var buf bytes.Buffer
	for {
		res, err := cdp.Call(ctx, t, cdpio.Read, cdpio.ReadParams{Handle: h, Size: pdfChunk})
		if err != nil {
			return nil, err
		}
		if int64(buf.Len()+len(res.Data)) > l.maxBytes {
			return nil, newError(ErrTooLarge, nil, "the PDF is larger than %d bytes", l.maxBytes)
		}
		buf.Write(res.Data)
		if res.EOF {
			return buf.Bytes(), nil
		}
	}
}

// checkPages fails a PDF that has more pages than allowed.
func (l limits) checkPages(pdf []byte) error {
	if l.maxPages <= 0 {
		return nil
	}
	n, err := pdfinfo.PageCount(pdf)
	if err != nil {
		return newError(ErrRender, err, "the printed PDF cannot be read")
	}
	if n > l.maxPages {
		return newError(ErrTooManyPages, nil, "the document has more than %d pages", l.maxPages)
	}
	return nil
}
