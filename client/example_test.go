package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/quirehq/quire/client"
)

// Render raw HTML with data to a PDF and download it.
func Example_generateFromHTML() {
	ctx := context.Background()
	c, err := client.New(os.Getenv("QUIRE_URL"), os.Getenv("QUIRE_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	html := "<h1>Invoice {{number}}</h1><p>Total: {{total}}</p>"
	doc, err := c.Generate(ctx, client.GenerateInputBody{
		Html: &html,
		Data: &map[string]any{"number": "2026-001", "total": "120.00 EUR"},
	})
	if err != nil {
		log.Fatal(err)
	}
	pdf, err := c.Fetch(ctx, doc.DownloadUrl)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Status, *doc.Pages, "page(s), a PDF:", strings.HasPrefix(string(pdf), "%PDF-"))
	// Output: completed 1 page(s), a PDF: true
}

// Upload a Handlebars template once, then make documents from it; API
// failures are *client.Error values carrying the error code.
func Example_uploadTemplateAndGenerate() {
	ctx := context.Background()
	c, err := client.New(os.Getenv("QUIRE_URL"), os.Getenv("QUIRE_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	tpl, err := c.UploadTemplate(ctx, "letter.html", strings.NewReader("<p>Dear {{name}},</p>"), "Letter")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("template:", tpl.Name, tpl.Type)

	doc, err := c.Generate(ctx, client.GenerateInputBody{TemplateId: &tpl.Id, Data: &map[string]any{"name": "Ada"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("document:", doc.Status)

	if err := c.DeleteTemplate(ctx, tpl.Id); err != nil {
		log.Fatal(err)
	}
	_, err = c.Template(ctx, tpl.Id)
	var apiErr *client.Error
	if errors.As(err, &apiErr) {
		fmt.Println("after delete:", apiErr.Status, apiErr.Code)
	}
	// Output:
	// template: Letter html
	// document: completed
	// after delete: 404 TEMPLATE_NOT_FOUND
}

// Queue a render and wait for it, for long documents.
func Example_async() {
	ctx := context.Background()
	c, err := client.New(os.Getenv("QUIRE_URL"), os.Getenv("QUIRE_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	html := "<p>Report</p>"
	task, err := c.GenerateAsync(ctx, client.GenerateInputBody{Html: &html})
	if err != nil {
		log.Fatal(err)
	}
	doc, err := c.Wait(ctx, task.TaskId)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(task.Status, "→", doc.Status)
	// Output: pending → completed
}

// Make one PDF per row of a CSV file in a single call, merged into one
// file with a bookmark per row, and wait for it.
func Example_batch() {
	ctx := context.Background()
	c, err := client.New(os.Getenv("QUIRE_URL"), os.Getenv("QUIRE_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	tpl, err := c.UploadTemplate(ctx, "certificate.html", strings.NewReader("<!DOCTYPE html><h1>Certificate</h1><p>{{name}}, {{course}}</p>"), "Certificate")
	if err != nil {
		log.Fatal(err)
	}
	rows := "name,course\nAda Lovelace,Analysis\nGrace Hopper,Compilers\nAlan Turing,Computability\n"
	merged := client.BatchRequestOutput("merged")
	b, err := c.CreateBatchFromFile(ctx, client.BatchRequest{TemplateId: tpl.Id, Output: &merged}, "people.csv", strings.NewReader(rows))
	if err != nil {
		log.Fatal(err)
	}
	done, err := c.WaitBatch(ctx, b.Id, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(done.Status, done.Completed, "of", done.Total, "items,", *done.Result.Pages, "pages in one PDF:", strings.HasSuffix(done.Result.Filename, ".pdf"))
	// Output: completed 3 of 3 items, 3 pages in one PDF: true
}
