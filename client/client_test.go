package client_test

import (
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/quirehq/quire/client"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/testenv"
)

// newClient is a client of the test server with its API key.
func newClient(t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(os.Getenv("QUIRE_URL"), os.Getenv("QUIRE_API_KEY"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantAPIError checks err is the API's *client.Error with status and code.
func wantAPIError(t *testing.T, err error, status int, code string) *client.Error {
	t.Helper()
	var apiErr *client.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v (%T), want *client.Error %s", err, err, code)
	}
	if apiErr.Status != status || apiErr.Code != code || apiErr.Message == "" {
		t.Fatalf("error = %+v, want status %d, code %s and a message", apiErr, status, code)
	}
	return apiErr
}

func TestGenerateFromHTMLPrintsWithChromium(t *testing.T) {
	c := newClient(t)
	html, name := "<h1>Hello {{name}}</h1><p>Order {{order}}</p>", "client-hello.pdf"
	doc, err := c.Generate(t.Context(), client.GenerateInputBody{
		Html: &html, Data: &map[string]any{"name": "Ada Lovelace", "order": 1842},
		Options: &client.GenerateOptions{Filename: &name},
	})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Filename != name || doc.Pages == nil || *doc.Pages != 1 {
		t.Errorf("document = %+v, want %s with 1 page", doc, name)
	}
	pdf, err := c.Fetch(t.Context(), doc.DownloadUrl)
	if err != nil {
		t.Fatal(err)
	}
	if text := testenv.PDFText(t, pdf); !strings.Contains(text, "Hello Ada Lovelace") || !strings.Contains(text, "Order 1842") {
		t.Errorf("PDF text = %q, want the rendered greeting and order", text)
	}
}

func TestTemplateLifecycleAndAsyncDocument(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	src := "<p>Certificate for {{student}}, course {{course}}</p>"
	tpl, err := c.UploadTemplate(ctx, "certificate.html", strings.NewReader(src), "Certificate")
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Name != "Certificate" || tpl.Type != "html" {
		t.Errorf("uploaded template = %+v, want an html template named Certificate", tpl)
	}
	list, err := c.Templates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(list, func(s client.Summary) bool { return s.Id == tpl.Id }) {
		t.Errorf("templates %+v do not list %s", list, tpl.Id)
	}
	got, err := c.Template(ctx, tpl.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fields == nil || len(*got.Fields) != 2 {
		t.Errorf("template fields = %+v, want student and course", got.Fields)
	}
	content, err := c.TemplateContent(ctx, tpl.Id)
	if err != nil || content != src {
		t.Errorf("template content = %q, %v; want the uploaded source", content, err)
	}

	task, err := c.GenerateAsync(ctx, client.GenerateInputBody{TemplateId: &tpl.Id, Data: &map[string]any{"student": "Grace Hopper", "course": "COBOL"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Wait(ctx, task.TaskId)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := c.Document(ctx, res.Id)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Status != "completed" || doc.TemplateId == nil || *doc.TemplateId != tpl.Id {
		t.Errorf("document = %+v, want completed from %s", doc, tpl.Id)
	}
	tplID := tpl.Id
	page, err := c.Documents(ctx, &client.ListDocumentsParams{TemplateId: &tplID})
	if err != nil {
		t.Fatal(err)
	}
	if page.Data == nil || len(*page.Data) != 1 || (*page.Data)[0].Id != res.Id {
		t.Errorf("documents of the template = %+v, want just %s", page.Data, res.Id)
	}
	pdf, err := c.Download(ctx, res.Id)
	if err != nil {
		t.Fatal(err)
	}
	if text := testenv.PDFText(t, pdf); !strings.Contains(text, "Certificate for Grace Hopper, course COBOL") {
		t.Errorf("PDF text = %q, want the certificate", text)
	}

	if err := c.DeleteDocument(ctx, res.Id); err != nil {
		t.Fatal(err)
	}
	_, err = c.Document(ctx, res.Id)
	wantAPIError(t, err, http.StatusNotFound, errs.DocumentNotFound)
	if err := c.DeleteTemplate(ctx, tpl.Id); err != nil {
		t.Fatal(err)
	}
	_, err = c.Template(ctx, tpl.Id)
	wantAPIError(t, err, http.StatusNotFound, errs.TemplateNotFound)
}

func TestAPIErrorsAreTyped(t *testing.T) {
	c := newClient(t)
	missing := "tpl_doesnotexist"
	_, err := c.Generate(t.Context(), client.GenerateInputBody{TemplateId: &missing, Data: &map[string]any{}})
	e := wantAPIError(t, err, http.StatusNotFound, errs.TemplateNotFound)
	if !strings.Contains(e.Error(), errs.TemplateNotFound) {
		t.Errorf("Error() = %q, want the code in it", e.Error())
	}

	anonymous, err := client.New(os.Getenv("QUIRE_URL"), "qk_live_wrong")
	if err != nil {
		t.Fatal(err)
	}
	_, err = anonymous.Templates(t.Context())
	wantAPIError(t, err, http.StatusUnauthorized, errs.Unauthorized)
}

func TestFillPDFForm(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	form, err := os.Open("../e2e/testdata/form_two_pages.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer form.Close()
	tpl, err := c.UploadTemplate(ctx, "form_two_pages.pdf", form, "")
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Type != "pdf_form" {
		t.Fatalf("template type = %s, want pdf_form", tpl.Type)
	}
	flatten := true
	doc, err := c.Fill(ctx, client.FillInputBody{TemplateId: tpl.Id, Data: &map[string]any{"Text1": "Filled by the Go client"},
		Options: &client.FillOptions{Flatten: &flatten}})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := c.Fetch(ctx, doc.DownloadUrl)
	if err != nil {
		t.Fatal(err)
	}
	if text := testenv.PDFText(t, pdf); !strings.Contains(text, "Filled by the Go client") {
		t.Errorf("PDF text = %q, want the filled value", text)
	}
	_, err = c.Fill(ctx, client.FillInputBody{TemplateId: tpl.Id, Data: &map[string]any{"NoSuchField": "x"}})
	if e := wantAPIError(t, err, http.StatusBadRequest, errs.Validation); !strings.Contains(e.Message, "NoSuchField") {
		t.Errorf("unknown field: message %q does not name NoSuchField", e.Message)
	}
}

// An async render that fails on the server (more pages than the server's
// limit) ends Wait with the task's error: the API's code and message.
func TestWaitReturnsTheFailedTasksError(t *testing.T) {
	c := newClient(t)
	html := strings.Repeat(`<p style="break-after: page">page</p>`, maxPages+1)
	task, err := c.GenerateAsync(t.Context(), client.GenerateInputBody{Html: &html})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Wait(t.Context(), task.TaskId)
	if res != nil {
		t.Errorf("Wait = %+v, want no document", res)
	}
	e := wantAPIError(t, err, http.StatusOK, errs.TooManyPages)
	if !strings.Contains(e.Message, "3") {
		t.Errorf("message %q does not name the limit of %d pages", e.Message, maxPages)
	}
	doc, err := c.Document(t.Context(), task.TaskId)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Status != "failed" {
		t.Errorf("document status = %s, want failed", doc.Status)
	}
}
