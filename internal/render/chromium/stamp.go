package chromium

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/page"
)

// Chromium fills the pageNumber and totalPages elements of headers and
// footers from the whole print, so a combined print cannot have them. It
// prints the documents' bodies together without header and footer (the
// margins stay those of the job, header and footer room included), and
// the header and footer apart: a print of N blank pages with the job's
// header and footer (a stamp) is made once for each page count N among the
// documents, and its page k is laid over page k of each N-page document.
// The blank pages keep the template's @page rules (size, margins), so the
// stamp's pages are those of the documents'.

// stampCSS lays out the blank pages of a stamp.
const stampCSS = `<style id="quire-stamp">body{display:contents!important}
quire-blank{display:block!important;height:1px!important;margin:0!important;break-before:page!important}
quire-blank:first-of-type{break-before:auto!important}</style>`

// stampJS leaves of the template's styles only its @page rules, with the
// @media, @supports and @layer blocks and the imports around them.
const stampJS = `(() => {
  const strip = (rules, del) => {
    for (let i = rules.length - 1; i >= 0; i--) {
      const r = rules[i];
      if (r instanceof CSSPageRule) continue;
      if (r instanceof CSSImportRule) {
        if (r.styleSheet) strip(r.styleSheet.cssRules, (k) => r.styleSheet.deleteRule(k));
        continue;
      }
      if (r instanceof CSSGroupingRule && !(r instanceof CSSStyleRule)) {
        strip(r.cssRules, (k) => r.deleteRule(k));
        continue;
      }
      del(i);
    }
  };
  for (const s of document.styleSheets) {
    if (s.ownerNode && s.ownerNode.id === 'quire-stamp') continue;
    strip(s.cssRules, (k) => s.deleteRule(k));
  }
  return true;
})()`

// bodyOnly is a job's print without its header and footer, on the same
// page area.
func bodyOnly(params page.PrintToPDFParams) page.PrintToPDFParams {
	params.DisplayHeaderFooter = ptr(false)
	params.HeaderTemplate, params.FooterTemplate = "", ""
	return params
}

// stamps makes each stamp of a PrintMany once.
type stamps struct {
	e      *Engine
	params page.PrintToPDFParams // with the header and footer
	prints func()                // counts a print
	mu     sync.Mutex
	made   map[string]*stamp
}

type stamp struct {
	once sync.Once
	pdf  []byte
	err  error
}

// get returns the stamp of n pages for documents of part p's template.
func (s *stamps) get(ctx context.Context, p part, n int) ([]byte, error) {
	key := strconv.Itoa(n) + "\x00" + p.key
	s.mu.Lock()
	st := s.made[key]
	if st == nil {
		st = &stamp{}
		s.made[key] = st
	}
	s.mu.Unlock()
	st.once.Do(func() {
		s.prints()
		html := p.opening + p.head + stampCSS + "</head><body>" + strings.Repeat("<quire-blank></quire-blank>", n) + "</body></html>"
		pdf, err := s.e.renderPDF(ctx, printing{html: html, params: s.params, lim: s.e.o.limits(), prepare: stampJS})
		if err != nil {
			st.err = err
			return
		}
		defer pdf.Close()
		if pdf.Pages() != n {
			st.err = newError(ErrRender, nil, "the header and footer of %d pages came out on %d", n, pdf.Pages())
			return
		}
		st.pdf, st.err = pdf.Bytes()
	})
	return st.pdf, st.err
}
