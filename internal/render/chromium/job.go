package chromium

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/page"
)

// Job is one document to render.
type Job struct {
	HTML      string
	Format    string // "A4" (default), "A3", "Letter", "Legal"; case-insensitive
	Landscape bool
	Margin    Margin
	// HeaderHTML and FooterHTML are Chrome print templates: elements with
	// the classes pageNumber, totalPages, date, title and url get the value.
	// They are wrapped in a block with font-size 10px (Chrome's own default
	// is 0), which the template's own styles override. What they refer to
	// by URL is skipped (see inlineOnly): they load nothing.
	HeaderHTML string
	FooterHTML string
	// PreferCSSPageSize lets the document's @page size win over Format
	// (templates made from PDFs keep their pages' sizes this way).
	PreferCSSPageSize bool
	// Tagged asks for a PDF/UA-oriented file: Chrome's tagged structure
	// tree and the document outline. They cost size (a 1,000-row table is
	// many times larger), so the default is an untagged file with no outline.
	Tagged bool
}

// Margin holds CSS lengths: "20mm", "1in", "0.5cm", "10px", "12pt" or "0".
// An empty side gets DefaultMargin, or DefaultHeaderMargin when that side has
// a header or footer to make room for.
type Margin struct{ Top, Right, Bottom, Left string }

// Default margins.
const (
	DefaultMargin       = "10mm"
	DefaultHeaderMargin = "20mm"
)

// paperSizes are portrait sizes in inches.
var paperSizes = map[string][2]float64{
	"a4":     {210 / 25.4, 297 / 25.4},
	"a3":     {297 / 25.4, 420 / 25.4},
	"letter": {8.5, 11},
	"legal":  {8.5, 14},
}

// inchesPer converts one unit of each CSS length to inches.
var inchesPer = map[string]float64{
	"mm": 1 / 25.4,
	"cm": 1 / 2.54,
	"in": 1,
	"px": 1.0 / 96,
	"pt": 1.0 / 72,
}

// headerFooterWrap gives templates a readable default size and lines them up
// with the page margins (its two %g are the left and right margins in
// inches); the template's own elements and styles come later and win.
const headerFooterWrap = `<style>.quire-hf{font-size:10px;font-family:sans-serif;width:100%%;box-sizing:border-box;padding:0 %gin 0 %gin;-webkit-print-color-adjust:exact}</style><div class="quire-hf">`

// printParams checks the job and turns it into Chrome's print parameters.
func (j Job) printParams() (page.PrintToPDFParams, error) {
	var p page.PrintToPDFParams
	format := strings.ToLower(strings.TrimSpace(j.Format))
	if format == "" {
		format = "a4"
	}
	size, ok := paperSizes[format]
	if !ok {
		return p, newError(ErrInvalidOptions, nil, "unknown page format %q: use A4, A3, Letter or Legal", j.Format)
	}
	p.PaperWidth, p.PaperHeight = size[0], size[1]
	p.Landscape = ptr(j.Landscape)
	p.PrintBackground = ptr(true)
	p.PreferCSSPageSize = ptr(j.PreferCSSPageSize)
	p.GenerateTaggedPDF = ptr(j.Tagged)
	p.GenerateDocumentOutline = ptr(j.Tagged)

	hasHeader, hasFooter := j.HeaderHTML != "", j.FooterHTML != ""
	sides := []struct {
		name, value string
		dst         **float64
		roomFor     bool
	}{
		{"top", j.Margin.Top, &p.MarginTop, hasHeader},
		{"right", j.Margin.Right, &p.MarginRight, false},
		{"bottom", j.Margin.Bottom, &p.MarginBottom, hasFooter},
		{"left", j.Margin.Left, &p.MarginLeft, false},
	}
	for _, s := range sides {
		value := s.value
		if strings.TrimSpace(value) == "" {
			value = DefaultMargin
			if s.roomFor {
				value = DefaultHeaderMargin
			}
		}
		inches, err := parseLength(value)
		if err != nil {
			return p, newError(ErrInvalidOptions, nil, "margin %s %q: %s", s.name, s.value, err.Error())
		}
		*s.dst = ptr(inches)
	}

	if hasHeader || hasFooter {
		p.DisplayHeaderFooter = ptr(true)
		// An empty template makes Chrome print its own (date, title, URL).
		p.HeaderTemplate, p.FooterTemplate = "<span></span>", "<span></span>"
		wrap := fmt.Sprintf(headerFooterWrap, *p.MarginRight, *p.MarginLeft)
		if hasHeader {
			p.HeaderTemplate = wrap + inlineOnly(j.HeaderHTML) + "</div>"
		}
		if hasFooter {
			p.FooterTemplate = wrap + inlineOnly(j.FooterHTML) + "</div>"
		}
	}
	return p, nil
}

// lengthError explains what a margin may be.
type lengthError string

func (e lengthError) Error() string { return string(e) }

const allowedLengths = `use a non-negative number with one of the units mm, cm, in, px, pt (e.g. "20mm"), or "0"`

// parseLength converts a CSS length to inches.
func parseLength(s string) (float64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "0" {
		return 0, nil
	}
	if len(s) < 3 {
		return 0, lengthError(allowedLengths)
	}
	unit, num := s[len(s)-2:], strings.TrimSpace(s[:len(s)-2])
	per, ok := inchesPer[unit]
	if !ok {
		return 0, lengthError(allowedLengths)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || v != v || v > 1e4 || strings.ContainsAny(num, "eE+") {
		return 0, lengthError(allowedLengths)
	}
	return v * per, nil
}

func ptr[T any](v T) *T { return &v }
