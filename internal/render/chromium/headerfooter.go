package chromium

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Chromium renders header and footer templates in a page of its own, which
// loads nothing: a <link rel=stylesheet>, an @import or an @font-face with
// a URL there makes the whole print fail with "Printing failed", even with
// no lockdown at all. (Images and CSS backgrounds are just left out.) So,
// as in the body, what cannot load is skipped: links are dropped, @import
// rules removed, and every url() that is not a data: URI made empty, in
// <style> elements and style attributes. Everything else is kept byte for
// byte.

// inlineOnly returns header or footer HTML without references that the
// print would try to load.
func inlineOnly(src string) string {
	if !strings.ContainsAny(src, "<(") {
		return src
	}
	var out strings.Builder
	z := html.NewTokenizer(strings.NewReader(src))
	inStyle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "link" {
				continue
			}
			inStyle = tok.Data == "style" && tt == html.StartTagToken
			changed := false
			for i, a := range tok.Attr {
				if a.Key == "style" {
					if css := inlineCSS(a.Val); css != a.Val {
						tok.Attr[i].Val, changed = css, true
					}
				}
			}
			if changed {
				out.WriteString(tok.String())
				continue
			}
		case html.EndTagToken:
			inStyle = false
		case html.TextToken:
			if inStyle {
				out.WriteString(inlineCSS(string(z.Raw())))
				continue
			}
		}
		out.Write(z.Raw())
	}
}

// inlineCSS removes @import rules and empties url() references that are not
// data: URIs.
func inlineCSS(css string) string {
	lower := strings.ToLower(css)
	if !strings.Contains(lower, "@import") && !strings.Contains(lower, "url(") {
		return css
	}
	var out bytes.Buffer
	for i := 0; i < len(css); {
		rest := lower[i:]
		switch {
		case strings.HasPrefix(rest, "@import"):
			end := strings.IndexByte(rest, ';')
			if end < 0 {
				return out.String()
			}
			i += end + 1
		case strings.HasPrefix(rest, "url("):
			end := strings.IndexByte(rest, ')')
			if end < 0 {
				end = len(rest) - 1
			}
			arg := strings.Trim(strings.TrimSpace(rest[4:end]), `"'`)
			if strings.HasPrefix(strings.TrimSpace(arg), "data:") {
				out.WriteString(css[i : i+end+1])
			} else {
				out.WriteString(`url("data:,")`)
			}
			i += end + 1
		default:
			out.WriteByte(css[i])
			i++
		}
	}
	return out.String()
}
