package batches_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/testenv"
)

// letterDOCX is a Word letter with two fields, the second split across
// runs as Word writes them: "Letter {{number}}", "Dear {{customer.name}}".
func letterDOCX(t *testing.T) []byte {
	t.Helper()
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + ns + `><w:body>` +
			`<w:p><w:r><w:t xml:space="preserve">Letter {{number}}</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t xml:space="preserve">Dear {{cust</w:t></w:r><w:r><w:t>omer.name}}</w:t></w:r></w:p>` +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipFiles reads every file of a zip.
func zipFiles(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// wordText is the text of a DOCX's body: its w:t elements, joined,
// entities decoded.
func wordText(t *testing.T, docx []byte) string {
	t.Helper()
	body, ok := zipFiles(t, docx)["word/document.xml"]
	if !ok {
		t.Fatalf("a DOCX without word/document.xml")
	}
	var b strings.Builder
	for _, m := range regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`).FindAllStringSubmatch(string(body), -1) {
		b.WriteString(html.UnescapeString(m[1]))
	}
	return b.String()
}

// TestDOCXBatch: a batch on a DOCX template makes one Word file per item,
// zipped, each carrying its item's data in its body (SQLite); with
// options.output "pdf" LibreOffice converts each item and the merged PDF
// has the item's data on its page (PostgreSQL).
func TestDOCXBatch(t *testing.T) {
	people := []any{
		map[string]any{"number": "L-1", "customer": map[string]any{"name": "Zoë Müller"}},
		map[string]any{"number": "L-2", "customer": map[string]any{"name": "Ada Lovelace"}},
		map[string]any{"number": "L-3", "customer": map[string]any{"name": "Grace & Co"}},
	}
	upload := func(t *testing.T, s *apptest.Server, key string) string {
		return s.Upload(t, "/v1/templates", key, "letter.docx", letterDOCX(t), map[string]string{"name": "letter"}).WantStatus(t, 201).JSON(t)["id"].(string)
	}
	t.Run("zip of docx, sqlite", func(t *testing.T) {
		s := server(t, false, nil)
		acc := s.NewAccount(t, "docx-zip@example.com")
		tpl := upload(t, s, acc.Key)
		b := s.Call(t, "POST", "/v1/batches", acc.Key, map[string]any{
			"template_id": tpl, "items": people, "output": "zip", "filename": "letter-{{number}}",
		}).WantStatus(t, 202).JSON(t)
		done := await(t, s, acc.Key, b["id"].(string))
		res, _ := done["result"].(map[string]any)
		if done["status"] != "completed" || done["completed"] != 3.0 || res == nil {
			t.Fatalf("finished %v", done)
		}
		files := zipFiles(t, download(t, res["download_url"].(string)))
		if len(files) != 3 {
			t.Fatalf("zip holds %d files", len(files))
		}
		for _, p := range people {
			item := p.(map[string]any)
			name := fmt.Sprintf("letter-%s.docx", item["number"])
			docx, ok := files[name]
			if !ok {
				t.Fatalf("no %s in the zip", name)
			}
			want := fmt.Sprintf("Letter %sDear %s", item["number"], item["customer"].(map[string]any)["name"])
			if text := wordText(t, docx); text != want {
				t.Errorf("%s says %q, want %q", name, text, want)
			}
		}
	})
	t.Run("merged pdf through LibreOffice, postgres", func(t *testing.T) {
		testenv.Command(t, "soffice", "libreoffice-writer")
		s := server(t, true, nil)
		acc := s.NewAccount(t, "docx-merged@example.com")
		tpl := upload(t, s, acc.Key)
		b := s.Call(t, "POST", "/v1/batches", acc.Key, map[string]any{
			"template_id": tpl, "items": people, "output": "merged", "options": map[string]any{"output": "pdf"},
		}).WantStatus(t, 202).JSON(t)
		done := await(t, s, acc.Key, b["id"].(string))
		res, _ := done["result"].(map[string]any)
		if done["status"] != "completed" || done["completed"] != 3.0 || res == nil || res["pages"] != 3.0 {
			t.Fatalf("finished %v", done)
		}
		pages := testenv.PDFPages(t, download(t, res["download_url"].(string)))
		if len(pages) != 3 {
			t.Fatalf("%d pages", len(pages))
		}
		for i, p := range people {
			item := p.(map[string]any)
			text := strings.Join(strings.Fields(pages[i]), " ")
			for _, want := range []string{"Letter " + item["number"].(string), "Dear " + item["customer"].(map[string]any)["name"].(string)} {
				if !strings.Contains(text, want) {
					t.Errorf("page %d %q lacks %q", i+1, text, want)
				}
			}
		}
	})
}
