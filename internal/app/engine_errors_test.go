package app

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render/docx"
	"github.com/quirehq/quire/internal/render/office"
)

// TestEngineErrorsKeepTheirPublicCodes feeds each engine input it refuses
// and checks the code and message a user gets, as the engines' own
// sentinels are mapped in engine_errors.go.
func TestEngineErrorsKeepTheirPublicCodes(t *testing.T) {
	cfg := config.Defaults()
	html, word := newHTMLCompiler(cfg), newDOCXEngine(cfg)
	small := cfg
	small.MaxTemplateBytes = 10
	nested := strings.Repeat("{{#if a}}", cfg.MaxTemplateDepth+1) + "x" + strings.Repeat("{{/if}}", cfg.MaxTemplateDepth+1)
	_, notInstalled := office.NewConverter(office.Options{SofficePath: "/nonexistent/soffice"})

	for _, c := range []struct {
		name, code string
		want       []string // fragments of the message
		err        func() error
	}{
		{"handlebars syntax", errs.InvalidTemplate, []string{"line 1, column 1"}, func() error {
			_, err := html.analyze([]byte("{{#each items}}x"))
			return err
		}},
		{"handlebars limit", errs.TemplateTooLarge, []string{"QUIRE_MAX_TEMPLATE_BYTES"}, func() error {
			_, err := newHTMLCompiler(small).analyze([]byte("<p>{{a}} and more than ten bytes</p>"))
			return err
		}},
		{"pdf form damaged", errs.InvalidTemplate, []string{"the file is not a PDF or is damaged"}, func() error {
			_, err := analyzePDFForm([]byte("hello"))
			return err
		}},
		{"docx not a zip", errs.InvalidTemplate, []string{"the file is not a ZIP archive"}, func() error {
			_, err := word.analyze([]byte("hello"))
			return err
		}},
		{"docx unclosed block", errs.InvalidTemplate, []string{"{{#each items}} is never closed", "paragraph 1"}, func() error {
			_, err := word.analyze(docxWith(t, "{{#each items}}"))
			return err
		}},
		{"docx too deep", errs.TemplateTooComplex, nil, func() error {
			_, err := word.parse(docxWith(t, nested))
			return err
		}},
		{"docx to pdf, unreadable docx", errs.InvalidTemplate, []string{"the file is not a ZIP archive"}, func() error {
			// What office.Converter.ToPDF returns when its clean-up cannot read the file.
			_, err := docx.StripExternal([]byte("hello"), docx.Limits{})
			return officeError(err)
		}},
		{"libreoffice missing", errs.Unavailable, []string{"install the Debian package " + office.DebianPackage}, func() error {
			return officeError(notInstalled)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.err()
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v (%T), want an *errs.Error", err, err)
			}
			if e.Code != c.code {
				t.Errorf("code %s, want %s (%s)", e.Code, c.code, e.Message)
			}
			for _, w := range c.want {
				if !strings.Contains(e.Message, w) {
					t.Errorf("message %q lacks %q", e.Message, w)
				}
			}
		})
	}

	// Errors of no known kind pass through for the service to judge.
	other := errors.New("something else")
	if docxError(other) != other || officeError(other) != other || convertError(other) != other {
		t.Error("an error of no engine kind was changed")
	}
}

// docxWith is a minimal DOCX whose body is one paragraph of text.
func docxWith(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			`<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
