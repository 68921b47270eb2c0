package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/testenv"
)

// quire runs the CLI in-process with args; it returns stdout and the error
// main would print.
func quire(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := rootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetContext(t.Context())
	err := cmd.Execute()
	return out.String(), err
}

// The remote commands against a real server with Chromium: push a
// template, list it, pull it back, generate a PDF from it by name, and an
// unknown template's API error with its code.
func TestRemoteTemplatesAndGenerate(t *testing.T) {
	testenv.Command(t, "chromium", "chromium")
	s := apptest.New(t, nil)
	if err := s.App.StartRenderer(t.Context()); err != nil {
		testenv.Missing(t, err.Error())
	}
	acc := s.NewAccount(t, "cli@example.com")
	t.Setenv("QUIRE_URL", s.URL)
	t.Setenv("QUIRE_API_KEY", acc.Key)
	dir := t.TempDir()
	src := "<h1>Receipt {{number}}</h1><p>Paid by {{customer}}</p>"
	tplFile := filepath.Join(dir, "receipt.html")
	if err := os.WriteFile(tplFile, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}

	out, err := quire(t, "templates", "push", tplFile, "--name", "Receipt", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var pushed struct{ Id, Name, Type string }
	if err := json.Unmarshal([]byte(out), &pushed); err != nil || pushed.Name != "Receipt" || pushed.Type != "html" {
		t.Fatalf("push --json = %q (%v), want the new html template Receipt", out, err)
	}

	out, err = quire(t, "templates", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "NAME") || !strings.Contains(out, pushed.Id) || !strings.Contains(out, "Receipt") {
		t.Errorf("templates list = %q, want a table with %s Receipt", out, pushed.Id)
	}

	pulled := filepath.Join(dir, "pulled.html")
	if _, err := quire(t, "templates", "pull", "Receipt", "-o", pulled); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(pulled); string(b) != src {
		t.Errorf("pulled source = %q, want %q", b, src)
	}

	// push --id replaces the source; the fields follow it.
	src = "<h1>Receipt {{number}}</h1><p>Paid by {{customer}} on {{date}}</p>"
	if err := os.WriteFile(tplFile, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = quire(t, "templates", "push", tplFile, "--id", pushed.Id)
	if err != nil {
		t.Fatal(err)
	}
	if want := pushed.Id + "  html template \"Receipt\", 3 fields\n"; out != want {
		t.Errorf("push --id said %q, want %q", out, want)
	}
	if out, err := quire(t, "templates", "pull", pushed.Id); err != nil || out != src {
		t.Errorf("pull to stdout = %q, %v; want the replaced source", out, err)
	}

	data := filepath.Join(dir, "data.json")
	if err := os.WriteFile(data, []byte(`{"number":"R-77","customer":"Ada Lovelace","date":"2026-12-03"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	pdfFile := filepath.Join(dir, "out.pdf")
	out, err = quire(t, "generate", "Receipt", "-d", data, "-o", pdfFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "wrote "+pdfFile+" (1 page,") {
		t.Errorf("generate said %q, want where it wrote the 1-page PDF", out)
	}
	pdf, err := os.ReadFile(pdfFile)
	if err != nil {
		t.Fatal(err)
	}
	if text := testenv.PDFText(t, pdf); !strings.Contains(text, "Receipt R-77") || !strings.Contains(text, "Paid by Ada Lovelace on 2026-12-03") {
		t.Errorf("PDF text = %q, want the receipt", text)
	}

	out, err = quire(t, "generate", "tpl_missing", "-d", data, "-o", pdfFile, "--json", "--url", s.URL, "--api-key", acc.Key)
	if err == nil || !strings.HasPrefix(err.Error(), "TEMPLATE_NOT_FOUND: ") || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("unknown template: err = %v, want TEMPLATE_NOT_FOUND with its message", err)
	}
	var env struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal([]byte(out), &env) != nil || env.Error.Code != "TEMPLATE_NOT_FOUND" || env.Error.Message == "" {
		t.Errorf("--json error output = %q, want the error envelope", out)
	}

	t.Setenv("QUIRE_API_KEY", "")
	if _, err := quire(t, "templates", "list"); err == nil || !strings.Contains(err.Error(), "QUIRE_API_KEY") {
		t.Errorf("no key: err = %v, want one naming QUIRE_API_KEY", err)
	}
}
