package app

import (
	"context"
	"sync/atomic"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
)

// switchPrinter is the documents' Printer. The documents service is built
// by Open, before any browser runs (commands that never render start none),
// so the Chromium printer is bound here once StartRenderer has started it:
// the one late binding of the wiring, kept out of the services.
type switchPrinter struct {
	p atomic.Pointer[documents.Printer]
}

func (s *switchPrinter) Print(ctx context.Context, j documents.PrintJob) (documents.PrintedPDF, error) {
	p := s.p.Load()
	if p == nil {
		return nil, errs.New(errs.Unavailable, "the renderer is not started")
	}
	return (*p).Print(ctx, j)
}

// PrintMany prints a batch's documents through the printer's own
// PrintMany; a printer without one makes it ErrOneAtATime, and the
// documents service prints item by item.
func (s *switchPrinter) PrintMany(ctx context.Context, j documents.PrintJob, htmls []string) (documents.PrintedMany, error) {
	p := s.p.Load()
	if p == nil {
		return documents.PrintedMany{}, errs.New(errs.Unavailable, "the renderer is not started")
	}
	if many, ok := (*p).(documents.ManyPrinter); ok {
		return many.PrintMany(ctx, j, htmls)
	}
	return documents.PrintedMany{}, documents.ErrOneAtATime
}

// UsePrinter makes p print the documents' HTML. StartRenderer calls it
// with Chromium; tests where rendering is not the point give a fake.
func (a *App) UsePrinter(p documents.Printer) { a.printer.p.Store(&p) }
