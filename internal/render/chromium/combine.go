package chromium

import (
	"context"
	"fmt"
	"html"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	nethtml "golang.org/x/net/html"
)

// A combined print lays several documents made from one template out as
// one: each document's body becomes a <quire-doc> block that starts a new
// page, under the <head> they share (the template's styles). The real
// <body> generates no box (display: contents) and each block takes the
// body's box instead (margin, padding, border, sizes, background: inherit;
// a body background that goes to the page goes there through the root), so a
// block's content sits on its pages as the body's does in a print of its
// own, while what the body gives by inheritance (fonts, colours) still
// reaches it. Style containment keeps CSS counters and quotes to each
// document. The layout is then checked in the page for what the combined
// document cannot reproduce (prepareJS), and each block's first page comes
// from the PDF itself: every block is the target of a link, which makes
// Chromium write a named destination on the page where the block starts.

// part is one HTML document cut into what a combined print shares with
// the other documents (key) and what is its own.
type part struct {
	key   string // doctype, <html> and <body> attributes, <head> but its <title>
	head  string // the head's elements but <title>
	title string
	body  string // the body's content
	// opening is the start of the document up to and including <head>,
	// bodyTag its <body> start tag.
	opening, bodyTag string
}

// cutDocument parses a document into a part; false when it cannot be
// combined (a frameset, or a <base> that would move the links the
// combined print relies on).
func cutDocument(src string) (part, bool) {
	doc, err := nethtml.Parse(strings.NewReader(src))
	if err != nil {
		return part{}, false
	}
	var p part
	var root, head, body *nethtml.Node
	var opening strings.Builder
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == nethtml.DoctypeNode:
			if err := nethtml.Render(&opening, n); err != nil {
				return part{}, false
			}
		case n.Type == nethtml.ElementNode && n.Data == "html":
			root = n
		}
	}
	if root == nil {
		return part{}, false
	}
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == nethtml.ElementNode && n.Data == "head" {
			head = n
		}
		if n.Type == nethtml.ElementNode && n.Data == "body" {
			body = n
		}
	}
	if head == nil || body == nil {
		return part{}, false
	}
	opening.WriteString("<html" + attrs(root) + "><head>")
	var hb strings.Builder
	for n := head.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == nethtml.ElementNode && n.Data == "base" {
			return part{}, false
		}
		if n.Type == nethtml.ElementNode && n.Data == "title" {
			p.title = textOf(n)
			continue
		}
		if err := nethtml.Render(&hb, n); err != nil {
			return part{}, false
		}
	}
	var bb strings.Builder
	for n := body.FirstChild; n != nil; n = n.NextSibling {
		if err := nethtml.Render(&bb, n); err != nil {
			return part{}, false
		}
	}
	p.opening, p.head, p.body = opening.String(), hb.String(), bb.String()
	p.bodyTag = "<body" + attrs(body) + ">"
	// Style sheets in the body apply to the whole combined print: only
	// documents with the same ones share a print.
	sheets, ok := bodySheets(body)
	if !ok {
		return part{}, false
	}
	p.key = p.opening + p.head + "\x00" + p.bodyTag + "\x00" + sheets
	return p, true
}

// bodySheets renders the <style> and <link> elements inside the body (SVG's
// included), in order.
func bodySheets(body *nethtml.Node) (string, bool) {
	var b strings.Builder
	ok := true
	var walk func(n *nethtml.Node)
	walk = func(n *nethtml.Node) {
		for c := n.FirstChild; c != nil && ok; c = c.NextSibling {
			if c.Type == nethtml.ElementNode && (c.Data == "style" || c.Data == "link") {
				ok = nethtml.Render(&b, c) == nil
				continue
			}
			walk(c)
		}
	}
	walk(body)
	return b.String(), ok
}

// attrs renders an element's attributes, each with a leading space.
func attrs(n *nethtml.Node) string {
	var b strings.Builder
	for _, a := range n.Attr {
		b.WriteByte(' ')
		if a.Namespace != "" {
			b.WriteString(a.Namespace + ":")
		}
		b.WriteString(a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	return b.String()
}

// textOf is the text inside n.
func textOf(n *nethtml.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == nethtml.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// combineCSS comes after the template's own styles.
const combineCSS = `<style id="quire-combine">
body{display:contents!important}
quire-doc{display:block!important;margin:inherit!important;padding:inherit!important;border:inherit!important;
width:inherit!important;min-width:inherit!important;max-width:inherit!important;height:inherit!important;
min-height:inherit!important;max-height:inherit!important;box-sizing:inherit!important;background:inherit!important;clear:both!important;
contain:style!important;break-before:auto!important}
quire-doc+quire-doc{break-before:page!important}
</style>`

// destName is the named destination of the i-th document of a combined print.
func destName(i int) string { return fmt.Sprintf("quire-doc-%d", i) }

// combinedHTML lays the parts (of one key) out as one document.
func combinedHTML(parts []part) string {
	var b strings.Builder
	first := parts[0]
	b.WriteString(first.opening)
	b.WriteString(first.head)
	if first.title != "" {
		b.WriteString("<title>" + html.EscapeString(first.title) + "</title>")
	}
	b.WriteString(combineCSS + "</head>" + first.bodyTag)
	for i, p := range parts {
		fmt.Fprintf(&b, `<quire-doc id="%s">`, destName(i))
		b.WriteString(p.body)
		b.WriteString("</quire-doc>")
	}
	b.WriteString(`<quire-links style="display:none!important">`)
	for i := range parts {
		fmt.Fprintf(&b, `<a href="#%s"></a>`, destName(i))
	}
	b.WriteString("</quire-links></body></html>")
	return b.String()
}

// prepareJS checks, on the combined document's layout, what a combined
// print cannot reproduce; it is true, or says why not. %d is the number of
// documents.
const prepareJS = `(() => {
  const body = document.body;
  if (!body || document.querySelectorAll('body > quire-doc').length !== %d) return 'the documents do not stay separate blocks';
  if (document.compatMode !== 'CSS1Compat') return 'documents in quirks mode (no <!doctype html>)';
  const own = document.getElementById('quire-combine');
  own.disabled = true;
  const bs = getComputedStyle(body);
  const plain = bs.display === 'block' && bs.position === 'static' && bs.float === 'none' &&
    bs.columnCount === 'auto' && bs.writingMode === 'horizontal-tb' && bs.transform === 'none';
  own.disabled = false;
  if (!plain) return 'the body is laid out as more than a block';
  // The body's background goes to the page when the root has none: then
  // the root takes it, and the blocks none.
  const root = document.documentElement, rs = getComputedStyle(root);
  const painted = (s) => s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.backgroundImage !== 'none';
  if (painted(bs) && !painted(rs)) {
    for (const p of ['color', 'image', 'repeat', 'position', 'size', 'attachment', 'origin', 'clip']) {
      root.style.setProperty('background-' + p, bs.getPropertyValue('background-' + p), 'important');
    }
    for (const d of document.querySelectorAll('body > quire-doc')) d.style.setProperty('background', 'none', 'important');
  }
  const bodyChild = /(^|[\s>+~(,])body([.#:\[][^\s>+~,]*)?\s*[>+~]/i;
  const check = (rules) => {
    for (const r of rules) {
      if (r instanceof CSSPageRule) {
        if (r.selectorText.includes(':')) return '@page rules for :first, :left, :right or :blank pages';
        if (r.cssText.includes('counter(')) return 'page counters in @page margin boxes';
      }
      if (r instanceof CSSStyleRule && bodyChild.test(r.selectorText)) return 'selectors on the children of <body>';
      if (r.cssRules) { const why = check(r.cssRules); if (why) return why; }
    }
    return '';
  };
  try {
    for (const s of document.styleSheets) { const why = check(s.cssRules); if (why) return why; }
  } catch (e) { return 'a style sheet cannot be read'; }
  if (document.querySelector('quire-doc a[href^="#"]')) return 'links to places in the document';
  for (const el of document.querySelectorAll('quire-doc *')) {
    const p = getComputedStyle(el).position;
    if (p !== 'absolute' && p !== 'fixed') continue;
    const o = el.offsetParent;
    if (!o || o === body || o === document.documentElement || o.localName === 'quire-doc') return 'elements positioned on the page';
  }
  return true;
})()`

// notCombinable is a combined print that its check refused: the documents
// are printed one by one instead.
type notCombinable struct{ why string }

func (e *notCombinable) Error() string { return "cannot print these documents together: " + e.why }

// prepareCombined runs the check of a combined print.
func prepareCombined(ctx context.Context, t *chromedp.Target, js string) error {
	res, err := cdp.Call(ctx, t, runtime.Evaluate, runtime.EvaluateParams{
		Expression: js, ReturnByValue: ptr(true), Silent: ptr(true),
	})
	if err != nil {
		return err
	}
	if res.ExceptionDetails != nil {
		return &notCombinable{why: "the layout check failed: " + res.ExceptionDetails.Text}
	}
	if res.Result == nil || string(res.Result.Value) != "true" {
		why := "the layout check answered nothing"
		if res.Result != nil {
			why = strings.Trim(string(res.Result.Value), `"`)
		}
		return &notCombinable{why: why}
	}
	return nil
}
