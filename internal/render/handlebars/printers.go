package handlebars

import (
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// maxCachedPrinters bounds the printer cache: locales come from templates
// and data, so their number is not ours to choose.
const maxCachedPrinters = 256

var printers struct {
	sync.RWMutex
	byTag map[language.Tag]*message.Printer
}

// printerFor returns a message.Printer for tag. Building one looks up the
// locale's number data, which dominates a formatNumber call, so printers are
// cached; a Printer is safe for concurrent use (each Sprint takes its own
// state from a pool).
func printerFor(tag language.Tag) *message.Printer {
	printers.RLock()
	p := printers.byTag[tag]
	printers.RUnlock()
	if p != nil {
		return p
	}
	p = message.NewPrinter(tag)
	printers.Lock()
	if printers.byTag == nil {
		printers.byTag = map[language.Tag]*message.Printer{}
	}
	if len(printers.byTag) < maxCachedPrinters {
		printers.byTag[tag] = p
	}
	printers.Unlock()
	return p
}
