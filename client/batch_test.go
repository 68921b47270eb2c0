package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/quirehq/quire/client"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/testenv"
)

// batchTemplate uploads the certificate template batches are made of.
func batchTemplate(t *testing.T, c *client.Client) string {
	t.Helper()
	tpl, err := c.UploadTemplate(t.Context(), "award.html", strings.NewReader("<h1>Award {{number}}</h1><p>for {{student}}</p>"), "Award")
	if err != nil {
		t.Fatal(err)
	}
	return tpl.Id
}

// A batch of JSON items followed to its end: progress seen, the items paged,
// each document downloaded with its own data; the batch listed; a finished
// batch cannot be canceled.
func TestBatchFromItems(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	tplID := batchTemplate(t, c)
	var items []map[string]any
	for i := range 5 {
		items = append(items, map[string]any{"number": fmt.Sprintf("A-%d", i), "student": fmt.Sprintf("Student %d", i)})
	}
	pattern := "award-{{number}}.pdf"
	b, err := c.CreateBatch(ctx, client.BatchRequest{TemplateId: tplID, Items: client.BatchItems(items), Filename: &pattern})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.Id, "bat_") || b.Total != 5 || b.Output != "documents" {
		t.Errorf("created batch %+v, want bat_… of 5 documents", b)
	}
	var seen []int
	done, err := c.WaitBatch(ctx, b.Id, func(b *client.Batch) { seen = append(seen, b.Done()) })
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != "completed" || done.Completed != 5 || done.Failed != 0 || done.Progress != 1 || done.CompletedAt.IsZero() {
		t.Errorf("finished batch %+v, want 5 completed", done)
	}
	if len(seen) == 0 || seen[len(seen)-1] != 5 || !slices.IsSorted(seen) {
		t.Errorf("progress saw %v, want rising to 5", seen)
	}

	two := int64(2)
	page, err := c.BatchItems(ctx, b.Id, &client.ListBatchItemsParams{Limit: &two, Offset: &two})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 5 || page.Data == nil || len(*page.Data) != 2 || (*page.Data)[0].Index != 2 || (*page.Data)[1].Index != 3 {
		t.Errorf("items page (2 after 2) = %+v, want items 2 and 3 of 5", page)
	}
	all, err := c.AllBatchItems(ctx, b.Id, client.BatchItemViewStatusCompleted)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("all items: %+v, want 5", all)
	}
	for i, it := range all {
		if it.Index != int64(i) || it.Status != "completed" || it.Filename == nil || *it.Filename != fmt.Sprintf("award-A-%d.pdf", i) || it.DocumentId == nil {
			t.Fatalf("item %d = %+v", i, it)
		}
		pdf, err := c.Download(ctx, *it.DocumentId)
		if err != nil {
			t.Fatal(err)
		}
		if text := testenv.PDFText(t, pdf); !strings.Contains(text, fmt.Sprintf("Award A-%d", i)) || !strings.Contains(text, fmt.Sprintf("for Student %d", i)) {
			t.Errorf("item %d PDF text %q", i, text)
		}
	}

	list, err := c.Batches(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if list.Data == nil || !slices.ContainsFunc(*list.Data, func(x client.Batch) bool { return x.Id == b.Id }) {
		t.Errorf("batches %+v do not list %s", list, b.Id)
	}
	_, err = c.CancelBatch(ctx, b.Id)
	if e := (*client.Error)(nil); !errors.As(err, &e) || e.Status != http.StatusConflict || e.Code == "" {
		t.Errorf("canceling a finished batch: %v, want a 409 API error", err)
	}
}

// Items from a CSV file (multipart), merged into one PDF of one page per item.
func TestBatchFromCSVFileMerged(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	tplID := batchTemplate(t, c)
	csv := "number,student\nC-1,Ada\nC-2,Grace\nC-3,Edsger\n"
	merged := client.BatchRequestOutputMerged
	b, err := c.CreateBatchFromFile(ctx, client.BatchRequest{TemplateId: tplID, Output: &merged}, "awards.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.WaitBatch(ctx, b.Id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if done.Result == nil || done.Result.DocumentId == "" || done.Result.Pages == nil || *done.Result.Pages != 3 {
		t.Fatalf("merged batch result %+v, want one PDF of 3 pages", done.Result)
	}
	pdf, err := c.Download(ctx, done.Result.DocumentId)
	if err != nil {
		t.Fatal(err)
	}
	pages := testenv.PDFPages(t, pdf)
	for i, who := range []string{"Ada", "Grace", "Edsger"} {
		if len(pages) != 3 || !strings.Contains(pages[i], fmt.Sprintf("Award C-%d", i+1)) || !strings.Contains(pages[i], "for "+who) {
			t.Errorf("merged pages %q: want page %d for %s", pages, i+1, who)
		}
	}
}

// An invalid item refuses the batch with the item named; a running batch
// is canceled, and WaitBatch says so.
func TestBatchInvalidAndCanceled(t *testing.T) {
	c := newClient(t)
	ctx := t.Context()
	tplID := batchTemplate(t, c)
	_, err := c.CreateBatchFromFile(ctx, client.BatchRequest{TemplateId: tplID}, "bad.jsonl", strings.NewReader("{\"number\":\"1\",\"student\":\"A\"}\nnot json\n"))
	if e := wantAPIError(t, err, http.StatusBadRequest, errs.Validation); !strings.Contains(e.Message, "line 2") {
		t.Errorf("message %q does not name the bad line", e.Message)
	}

	var items []map[string]any
	for i := range 300 {
		items = append(items, map[string]any{"number": fmt.Sprint(i), "student": "S"})
	}
	b, err := c.CreateBatch(ctx, client.BatchRequest{TemplateId: tplID, Items: client.BatchItems(items)})
	if err != nil {
		t.Fatal(err)
	}
	canceled, err := c.CancelBatch(ctx, b.Id)
	if err != nil {
		t.Fatal(err)
	}
	if canceled.Status != "canceled" || canceled.Canceled == 0 {
		t.Errorf("canceled batch %+v, want status canceled with canceled items", canceled)
	}
	after, err := c.WaitBatch(ctx, b.Id, nil)
	wantAPIError(t, err, http.StatusOK, "CANCELED")
	if after == nil || after.Status != "canceled" || after.Completed+after.Canceled+after.Failed != 300 {
		t.Errorf("batch after cancel %+v, want every item accounted for", after)
	}
}
