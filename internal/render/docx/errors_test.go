package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

func isKind(err, kind error) bool { return err != nil && errors.Is(err, kind) }

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		body string
		kind error
		want []string // fragments of the message
	}{
		{"unclosed each", p("a") + p("{{#each items}}") + p("{{name}}"), ErrSyntax,
			[]string{"{{#each items}} is never closed", "paragraph 2", "the document body"}},
		{"stray close", p("x {{/each}}"), ErrSyntax, []string{"{{/each}} closes a block that was never opened", "paragraph 1"}},
		{"mismatched close", p("{{#if a}}") + p("{{/each}}"), ErrSyntax, []string{"{{/each}} does not match {{#if a}}"}},
		{"unterminated", p("Dear {{name, welcome"), ErrSyntax, []string{`"{{" is opened but never closed`, "Dear {{name"}},
		{"unknown helper", p("{{formatDate due 'x'}}"), ErrSyntax, []string{`unknown helper "formatDate"`}},
		{"unknown block", p("{{#foreach x}}{{/foreach}}"), ErrSyntax, []string{"unknown block {{#foreach}}"}},
		{"else outside", p("{{else}}"), ErrSyntax, []string{"{{else}} outside of any block"}},
		{"levels differ", table(row(p("{{#each a}}"))) + p("{{/each}}"), ErrSyntax, []string{"different levels"}},
		{"bad path", p("{{a..b}}"), ErrSyntax, []string{"not a valid path"}},
		{"malformed xml", `<w:p><w:r><w:t>x</w:r></w:p>`, ErrMalformedXML, []string{"malformed XML", "line"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(buildDOCX(t, c.body, "", ""), Limits{})
			if !isKind(err, c.kind) {
				t.Fatalf("want %v, got %v", c.kind, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestHeaderErrorNamesThePart(t *testing.T) {
	_, err := Parse(buildDOCX(t, p("ok"), p("{{#if x}}"), ""), Limits{})
	if !isKind(err, ErrSyntax) || !strings.Contains(err.Error(), "header 1 (word/header1.xml)") {
		t.Fatalf("got %v", err)
	}
}

func TestNotZipNotDocx(t *testing.T) {
	if _, err := Parse([]byte("hello"), Limits{}); !isKind(err, ErrNotZip) {
		t.Errorf("want ErrNotZip, got %v", err)
	}
	if _, err := Parse(nil, Limits{}); !isKind(err, ErrNotZip) {
		t.Errorf("want ErrNotZip, got %v", err)
	}
	if _, err := Parse(zipFiles(t, map[string]string{"a.txt": "x"}), Limits{}); !isKind(err, ErrNotDOCX) {
		t.Errorf("want ErrNotDOCX, got %v", err)
	}
}

func TestZipBomb(t *testing.T) {
	docx := buildDOCX(t, p("x"), "", "", "word/media/big.bin", strings.Repeat("0", 200000))
	if _, err := Parse(docx, Limits{MaxUnpackedBytes: 100000}); !isKind(err, ErrTooLarge) {
		t.Errorf("declared size: want ErrTooLarge, got %v", err)
	}
	if _, err := Parse(docx, Limits{MaxParts: 3}); !isKind(err, ErrTooLarge) {
		t.Errorf("part count: want ErrTooLarge, got %v", err)
	}
	// A part that lies about its size: declared 10 bytes, inflates to 1 MB.
	lying := lyingZip(t, buildDOCX(t, p("x"), "", ""), bytes.Repeat([]byte{0}, 1<<20), 10)
	if _, err := Parse(lying, Limits{MaxUnpackedBytes: 64 << 10}); !isKind(err, ErrTooLarge) {
		t.Errorf("actual size: want ErrTooLarge, got %v", err)
	}
}

// lyingZip copies docx and adds a part whose header understates its size.
func lyingZip(t *testing.T, docx, content []byte, declared uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	var deflated bytes.Buffer
	w := newFlate(t, &deflated)
	w.Write(content)
	w.Close()
	h := &zip.FileHeader{Name: "word/media/bomb.bin", Method: zip.Deflate,
		CompressedSize64: uint64(deflated.Len()), UncompressedSize64: declared, CRC32: 0}
	raw, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(deflated.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOutputLimit(t *testing.T) {
	tpl, err := Parse(buildDOCX(t, p("{{#each items}}")+p("{{this}} padding padding padding")+p("{{/each}}"), "", ""),
		Limits{MaxOutputBytes: 50000})
	if err != nil {
		t.Fatal(err)
	}
	items := make([]any, 1000)
	for i := range items {
		items[i] = "x"
	}
	_, err = tpl.Fill(map[string]any{"items": items})
	if !isKind(err, ErrTooLarge) || !strings.Contains(err.Error(), "{{#each items}}") {
		t.Fatalf("want ErrTooLarge located at the loop, got %v", err)
	}
	if _, err := tpl.Fill(map[string]any{"items": items[:10]}); err != nil {
		t.Fatal(err)
	}
}

// Blocks nest at most Limits.MaxDepth deep: at the limit accepted, one
// more refused as TEMPLATE_TOO_COMPLEX before anything recursive runs.
func TestNestingDepthLimit(t *testing.T) {
	nested := func(n int) []byte {
		return buildDOCX(t, p(strings.Repeat("{{#if a}}", n)+"x"+strings.Repeat("{{/if}}", n)), "", "")
	}
	if _, err := Parse(nested(5), Limits{MaxDepth: 5}); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	_, err := Parse(nested(6), Limits{MaxDepth: 5})
	if !isKind(err, ErrTooComplex) {
		t.Fatalf("one past the limit: %v", err)
	}
	if _, err := Parse(nested(20000), Limits{}); !isKind(err, ErrTooComplex) {
		t.Fatalf("20,000 levels: %v", err)
	}
}
