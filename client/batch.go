package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Finished tells whether the batch has come to an end.
func (b *Batch) Finished() bool {
	switch b.Status {
	case BatchStatusCompleted, BatchStatusFailed, BatchStatusCanceled:
		return true
	}
	return false
}

// Done is how many items have come to an end, made or not.
func (b *Batch) Done() int { return int(b.Completed + b.Failed + b.Canceled) }

// BatchItems is a batch's items as the request's Items: one object each.
func BatchItems(items []map[string]any) *[]interface{} {
	out := make([]interface{}, len(items))
	for i, it := range items {
		out[i] = it
	}
	return &out
}

// CreateBatch starts a batch of in.Items (see BatchItems) made from
// in.TemplateId; it answers at once (202) with the batch, which WaitBatch
// follows.
func (c *Client) CreateBatch(ctx context.Context, in BatchRequest) (*Batch, error) {
	r, err := c.CreateBatchWithResponse(ctx, in)
	return want(r, err, http.StatusAccepted, func() *Batch { return r.JSON202 })
}

// CreateBatchFromFile starts a batch whose items are the file's: a JSON
// array (.json), one object a line (.jsonl, .ndjson) or a CSV table with a
// header row (.csv), as the server reads them by filename's extension.
// in.Items is ignored.
func (c *Client) CreateBatchFromFile(ctx context.Context, in BatchRequest, filename string, items io.Reader) (*Batch, error) {
	fields := [][2]string{{"template_id", in.TemplateId}, {"output", str(in.Output)}, {"filename", str(in.Filename)},
		{"filename_field", str(in.FilenameField)}, {"project_id", str(in.ProjectId)}}
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
	r, err := c.CreateBatchWithBodyWithResponse(ctx, contentType, body)
	return want(r, err, http.StatusAccepted, func() *Batch { return r.JSON202 })
}

// str is *s, "" for nil.
func str[S ~string](s *S) string {
	if s == nil {
		return ""
	}
	return string(*s)
}

// Batch gets a batch.
func (c *Client) Batch(ctx context.Context, id string) (*Batch, error) {
	r, err := c.GetBatchWithResponse(ctx, id)
	return want(r, err, http.StatusOK, func() *Batch { return r.JSON200 })
}

// Batches lists the batches, newest first; params may be nil.
func (c *Client) Batches(ctx context.Context, params *ListBatchesParams) (*BatchPage, error) {
	r, err := c.ListBatchesWithResponse(ctx, params)
	return want(r, err, http.StatusOK, func() *BatchPage { return r.JSON200 })
}

// BatchItems lists a page of a batch's items, in index order; params may
// be nil.
func (c *Client) BatchItems(ctx context.Context, id string, params *ListBatchItemsParams) (*BatchItemsPage, error) {
	r, err := c.ListBatchItemsWithResponse(ctx, id, params)
	return want(r, err, http.StatusOK, func() *BatchItemsPage { return r.JSON200 })
}

// AllBatchItems lists every item of a batch of the status ("" = all),
// page by page.
func (c *Client) AllBatchItems(ctx context.Context, id string, status BatchItemViewStatus) ([]BatchItemView, error) {
	limit := int64(100)
	params := &ListBatchItemsParams{Limit: &limit}
	if status != "" {
		s := ListBatchItemsParamsStatus(status)
		params.Status = &s
	}
	var all []BatchItemView
	for {
		offset := int64(len(all))
		params.Offset = &offset
		page, err := c.BatchItems(ctx, id, params)
		if err != nil {
			return nil, err
		}
		if page.Data == nil || len(*page.Data) == 0 {
			return all, nil
		}
		all = append(all, *page.Data...)
		if int64(len(all)) >= page.Total {
			return all, nil
		}
	}
}

// CancelBatch cancels a batch's pending items (the made ones stay); a
// finished batch is a 409 error.
func (c *Client) CancelBatch(ctx context.Context, id string) (*Batch, error) {
	r, err := c.CancelBatchWithResponse(ctx, id)
	return want(r, err, http.StatusOK, func() *Batch { return r.JSON200 })
}

// WaitBatch polls a batch until it finishes, calling progress (if not nil)
// with each state seen. A completed batch is returned as it is (some items
// may have failed: see Failed and Errors); a failed or canceled one is
// returned with an *Error (the first item's error for a failed batch, code
// FAILED without one; code CANCELED), and so is ctx's end, with the last
// state seen.
func (c *Client) WaitBatch(ctx context.Context, id string, progress func(*Batch)) (*Batch, error) {
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
func batchError(b *Batch) error {
	switch b.Status {
	case BatchStatusFailed:
		if b.Errors != nil && len(*b.Errors) > 0 {
			first := (*b.Errors)[0]
			return &Error{Status: http.StatusOK, Code: first.Error.Code, Message: fmt.Sprintf("batch %s failed: items[%d]: %s", b.Id, first.Index, first.Error.Message)}
		}
		return &Error{Status: http.StatusOK, Code: "FAILED", Message: "batch " + b.Id + " failed"}
	case BatchStatusCanceled:
		return &Error{Status: http.StatusOK, Code: "CANCELED", Message: fmt.Sprintf("batch %s was canceled after %d of %d documents", b.Id, b.Completed, b.Total)}
	}
	return nil
}
