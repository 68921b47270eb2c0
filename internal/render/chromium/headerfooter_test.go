package chromium

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestInlineOnly(t *testing.T) {
	cases := map[string]string{
		`<span class="pageNumber"></span>`:                             `<span class="pageNumber"></span>`,
		`<link rel="stylesheet" href="http://x/a.css">H`:               `H`,
		`<LINK REL=stylesheet HREF=//x/a.css />H`:                      `H`,
		`<style>@import url(http://x/a.css); p{color:red}</style>`:     `<style> p{color:red}</style>`,
		`<style>@IMPORT "http://x/a.css";</style>`:                     `<style></style>`,
		`<style>@font-face{src:url('http://x/f.woff')}</style>`:        `<style>@font-face{src:url("data:,")}</style>`,
		`<style>i{background:url(data:image/png;base64,AA==)}</style>`: `<style>i{background:url(data:image/png;base64,AA==)}</style>`,
		`<b style="background:URL(http://x/i.png);color:red">B</b>`:    `<b style="background:url(&#34;data:,&#34;);color:red">B</b>`,
		`text with url(http://x) stays`:                                `text with url(http://x) stays`,
		`<img src="data:image/png;base64,AA=="> & more`:                `<img src="data:image/png;base64,AA=="> & more`,
	}
	for in, want := range cases {
		if got := inlineOnly(in); got != want {
			t.Errorf("inlineOnly(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

// A header or footer that refers to stylesheets, fonts or images by URL
// prints, with its own text, and reaches nothing: what cannot load is
// skipped, as in the body.
func TestHeaderFooterWithExternalResourcesPrint(t *testing.T) {
	e := shared(t)
	srv := newHitCounter(t)
	b := srv.URL
	cases := map[string]string{
		"stylesheet": `<link rel="stylesheet" href="` + b + `/hf.css">`,
		"import":     `<style>@import url(` + b + `/import.css); .x{color:red}</style>`,
		"font-face":  `<style>@font-face{font-family:F;src:url(` + b + `/f.woff) format("woff")}</style><span style="font-family:F">F</span>`,
		"img":        `<img src="` + b + `/i.png">`,
		"background": `<span style="background:url(` + b + `/bg.png)">bg</span>`,
		"print":      `<script>print()</script>`,
		"file":       `<link rel="stylesheet" href="file:///etc/passwd">`,
	}
	for name, hf := range cases {
		t.Run(name, func(t *testing.T) {
			pdf, err := e.Render(context.Background(), Job{
				HTML:       "<p>BODY-TEXT</p>",
				HeaderHTML: hf + `<span>HEADER-TEXT</span>`,
				FooterHTML: hf + `<span>FOOTER-TEXT</span>`,
			})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			text := pdfText(t, pdf)[0]
			for _, want := range []string{"BODY-TEXT", "HEADER-TEXT", "FOOTER-TEXT"} {
				if !strings.Contains(text, want) {
					t.Errorf("no %s in %q", want, text)
				}
			}
		})
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("server got %d requests: %v", n, srv.seen())
	}
}

// A print failure that remains names its likely cause.
func TestPrintFailureNamesItsCause(t *testing.T) {
	e := shared(t)
	// An escaped url( is a url() to Chromium, not to inlineOnly.
	_, err := e.Render(context.Background(), Job{
		HTML:       "<p>body</p>",
		HeaderHTML: `<style>@font-face{font-family:F;src:u\72l(http://127.0.0.1:9/f.woff)}</style><span style="font-family:F">H</span>`,
	})
	if err == nil {
		t.Skip("this Chromium prints the escaped url() too: nothing left to name")
	}
	if !errors.Is(err, ErrRender) || !strings.Contains(err.Error(), "header or footer") {
		t.Fatalf("err = %v, want ErrRender naming headers and footers", err)
	}
}
