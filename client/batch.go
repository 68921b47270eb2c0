package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// BatchSpec is what a batch is made of: a template, the output, the
// filename pattern and the generate options. Items is the JSON way; with
// CreateBatchFromFile the items come from a JSON, JSONL or CSV file.
type BatchSpec struct {
	TemplateID    string           `json:"template_id"`
	Items         []map[string]any `json:"items,omitempty"`
	Output        string           `json:"output,omitempty"`         // documents (default), merged or zip
	Filename      string           `json:"filename,omitempty"`       // e.g. "invoice-{{number}}.pdf"
	FilenameField string           `json:"filename_field,omitempty"` // an item field holding the filename
	Options       map[string]any   `json:"options,omitempty"`        // the generate options, and skip_invalid
	WebhookURL    string           `json:"webhook_url,omitempty"`
	ProjectID     string           `json:"project_id,omitempty"`
}

// BatchInfo is a batch: its status and counts, the first errors of its
// items and, for merged and zip output, the one file made.
type BatchInfo struct {
	ID          string         `json:"id"`
	Status      string         `json:"status"` // pending, processing, completed, failed or canceled
	TemplateID  string         `json:"template_id"`
	Output      string         `json:"output"`
	Total       int            `json:"total"`
	Completed   int            `json:"completed"`
	Failed      int            `json:"failed"`
	Canceled    int            `json:"canceled"`
	Progress    float64        `json:"progress"`
	RenderPath  *string        `json:"render_path"`
	Prints      int            `json:"prints"`
	Errors      []BatchFailure `json:"errors"`
	Result      *Result        `json:"result"`
	ItemsURL    string         `json:"items_url"`
	CreatedAt   *time.Time     `json:"created_at"`
	CompletedAt *time.Time     `json:"completed_at"`
}

// Finished tells whether the batch has come to an end.
func (b *BatchInfo) Finished() bool {
	switch b.Status {
	case "completed", "failed", "canceled":
		return true
	}
	return false
}

// Done is how many items have come to an end, made or not.
func (b *BatchInfo) Done() int { return b.Completed + b.Failed + b.Canceled }

// BatchFailure is the error of one item of a batch.
type BatchFailure struct {
	Index int       `json:"index"`
	Error ErrorBody `json:"error"`
}

// BatchEntry is one item of a batch and its document.
type BatchEntry struct {
	Index       int        `json:"index"`
	Status      string     `json:"status"` // pending, completed, failed or canceled
	DocumentID  string     `json:"document_id"`
	Filename    string     `json:"filename"`
	DownloadURL string     `json:"download_url"`
	Pages       *int64     `json:"pages"`
	Error       *ErrorBody `json:"error"`
}

// BatchItemsPage is a page of a batch's items.
type BatchItemsPage struct {
	Data  []BatchEntry `json:"data"`
	Total int          `json:"total"`
}

// BatchesPage is a page of batches, newest first.
type BatchesPage struct {
	Data  []BatchInfo `json:"data"`
	Total int         `json:"total"`
}

// CreateBatch starts a batch of in.Items; it answers at once (202) with
// the batch, which WaitBatch follows.
func (c *Client) CreateBatch(ctx context.Context, in BatchSpec) (*BatchInfo, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	return call[BatchInfo](ctx, c, http.MethodPost, "v1/batches", "application/json", bytes.NewReader(body), http.StatusAccepted)
}

// CreateBatchFromFile starts a batch whose items are the file's: a JSON
// array (.json), one object a line (.jsonl, .ndjson) or a CSV table with a
// header row (.csv), as the server reads them by filename's extension.
// in.Items is ignored.
func (c *Client) CreateBatchFromFile(ctx context.Context, in BatchSpec, filename string, items io.Reader) (*BatchInfo, error) {
	fields := [][2]string{{"template_id", in.TemplateID}, {"output", in.Output}, {"filename", in.Filename},
		{"filename_field", in.FilenameField}, {"webhook_url", in.WebhookURL}, {"project_id", in.ProjectID}}
	if in.Options != nil {
		opts, err := json.Marshal(in.Options)
		if err != nil {
			return nil, err
		}
		fields = append(fields, [2]string{"options", string(opts)})
	}
	contentType, body, err := fileForm(fields, filename, items)
	if err != nil {
		return nil, err
	}
	return call[BatchInfo](ctx, c, http.MethodPost, "v1/batches", contentType, body, http.StatusAccepted)
}

// Batch gets a batch.
func (c *Client) Batch(ctx context.Context, id string) (*BatchInfo, error) {
	return call[BatchInfo](ctx, c, http.MethodGet, "v1/batches/"+url.PathEscape(id), "", nil, http.StatusOK)
}

// Batches lists the batches, newest first: limit of them after offset
// (0, 0: the server's default page).
func (c *Client) Batches(ctx context.Context, limit, offset int) (*BatchesPage, error) {
	return call[BatchesPage](ctx, c, http.MethodGet, "v1/batches"+pageQuery(limit, offset, ""), "", nil, http.StatusOK)
}

// BatchItems lists limit items of a batch after offset, in index order;
// status "" is every status, else only the items of that status.
func (c *Client) BatchItems(ctx context.Context, id string, limit, offset int, status string) (*BatchItemsPage, error) {
	return call[BatchItemsPage](ctx, c, http.MethodGet, "v1/batches/"+url.PathEscape(id)+"/items"+pageQuery(limit, offset, status), "", nil, http.StatusOK)
}

// AllBatchItems lists every item of a batch of the status ("" = all),
// page by page.
func (c *Client) AllBatchItems(ctx context.Context, id, status string) ([]BatchEntry, error) {
	const perPage = 100
	var all []BatchEntry
	for {
		page, err := c.BatchItems(ctx, id, perPage, len(all), status)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Data...)
		if len(page.Data) == 0 || len(all) >= page.Total {
			return all, nil
		}
	}
}

// CancelBatch cancels a batch's pending items (the made ones stay); a
// finished batch is a CONFLICT error.
func (c *Client) CancelBatch(ctx context.Context, id string) (*BatchInfo, error) {
	return call[BatchInfo](ctx, c, http.MethodDelete, "v1/batches/"+url.PathEscape(id), "", nil, http.StatusOK)
}

// WaitBatch polls a batch until it finishes, calling progress (if not nil)
// with each state seen. A completed batch is returned as it is (some items
// may have failed: see Failed and Errors); a failed or canceled one is
// returned with an *Error (code FAILED or CANCELED, or the first item's
// error when nothing was made), so is ctx's end.
func (c *Client) WaitBatch(ctx context.Context, id string, progress func(*BatchInfo)) (*BatchInfo, error) {
	for {
		b, err := c.Batch(ctx, id)
		if err != nil {
			return nil, err
		}
		if progress != nil {
			progress(b)
		}
		if b.Finished() {
			return b, batchError(b)
		}
		select {
		case <-ctx.Done():
			return b, ctx.Err()
		case <-time.After(c.PollInterval):
		}
	}
}

// batchError is the error of a batch that failed or was canceled.
func batchError(b *BatchInfo) error {
	switch b.Status {
	case "failed":
		if len(b.Errors) > 0 {
			e := b.Errors[0].Error
			return &Error{Status: http.StatusOK, Code: e.Code, Message: fmt.Sprintf("batch %s failed: items[%d]: %s", b.ID, b.Errors[0].Index, e.Message)}
		}
		return &Error{Status: http.StatusOK, Code: "FAILED", Message: "batch " + b.ID + " failed"}
	case "canceled":
		return &Error{Status: http.StatusOK, Code: "CANCELED", Message: fmt.Sprintf("batch %s was canceled after %d of %d documents", b.ID, b.Completed, b.Total)}
	}
	return nil
}

// pageQuery is the query of a page: limit and offset as GET /v1/documents
// takes them (page and per_page too, for a server that counts pages).
func pageQuery(limit, offset int, status string) string {
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(offset))
		q.Set("per_page", strconv.Itoa(limit))
		q.Set("page", strconv.Itoa(offset/limit+1))
	}
	if status != "" {
		q.Set("status", status)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// call sends a request of an operation the generated client does not
// have, with the client's credentials, and decodes the answer of status ok
// into T; other statuses are the API's *Error.
func call[T any](ctx context.Context, c *Client, method, path, contentType string, body io.Reader, ok int) (*T, error) {
	u, err := c.base.Parse(path)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, edit := range c.raw.RequestEditors {
		if err := edit(ctx, req); err != nil {
			return nil, err
		}
	}
	resp, err := c.doer.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != ok {
		return nil, apiError(resp.StatusCode, b)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("quire client: decode %s %s answer: %w", method, path, err)
	}
	return &v, nil
}
