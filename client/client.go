package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client is a Quire API client holding a server address and an API key.
// Its methods cover the common routes with plain Go values and *Error
// failures; the embedded ClientWithResponses has every operation of the
// API, generated from its OpenAPI document.
type Client struct {
	*ClientWithResponses
	base *url.URL
	doer HttpRequestDoer
	// PollInterval is how often Wait asks a task's status (default 250ms).
	PollInterval time.Duration
}

// New returns a client of the Quire server at baseURL (e.g.
// "http://127.0.0.1:8080") sending apiKey as its bearer token; options such
// as WithHTTPClient apply to the generated client underneath.
func New(baseURL, apiKey string, opts ...ClientOption) (*Client, error) {
	base, err := url.Parse(strings.TrimSuffix(baseURL, "/") + "/")
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("quire client: base URL %q is not an absolute http(s) URL", baseURL)
	}
	auth := WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		if apiKey != "" && r.URL.Host == base.Host {
			r.Header.Set("Authorization", "Bearer "+apiKey)
		}
		return nil
	})
	raw, err := NewClient(base.String(), append([]ClientOption{auth}, opts...)...)
	if err != nil {
		return nil, err
	}
	return &Client{ClientWithResponses: &ClientWithResponses{raw}, base: base, doer: raw.Client, PollInterval: 250 * time.Millisecond}, nil
}

// Templates lists the templates the key can see.
func (c *Client) Templates(ctx context.Context) ([]Summary, error) {
	r, err := c.ListTemplatesWithResponse(ctx, nil)
	list, err := want(r, err, http.StatusOK, func() *TemplateList { return r.JSON200 })
	if err != nil || list.Data == nil {
		return nil, err
	}
	return *list.Data, nil
}

// Template gets one template with its fields.
func (c *Client) Template(ctx context.Context, id string) (*Template, error) {
	r, err := c.GetTemplateWithResponse(ctx, id)
	return want(r, err, http.StatusOK, func() *Template { return r.JSON200 })
}

// TemplateContent gets an HTML template's source.
func (c *Client) TemplateContent(ctx context.Context, id string) (string, error) {
	r, err := c.GetTemplateContentWithResponse(ctx, id)
	body, err := want(r, err, http.StatusOK, func() *ContentBody { return r.JSON200 })
	if err != nil {
		return "", err
	}
	return body.Content, nil
}

// UploadTemplate uploads a template file; its kind (HTML, PDF form, DOCX)
// follows from filename's extension and content. name "" names it after
// the file.
func (c *Client) UploadTemplate(ctx context.Context, filename string, content io.Reader, name string) (*Template, error) {
	contentType, body, err := fileForm([][2]string{{"name", name}}, filename, content)
	if err != nil {
		return nil, err
	}
	r, err := c.CreateTemplateWithBodyWithResponse(ctx, contentType, body)
	return want(r, err, http.StatusCreated, func() *Template { return r.JSON201 })
}

// fileForm is a multipart form of the fields (those with a value) and
// content as its "file", named filename.
func fileForm(fields [][2]string, filename string, content io.Reader) (contentType string, body *bytes.Buffer, err error) {
	body = new(bytes.Buffer)
	mw := multipart.NewWriter(body)
	for _, f := range fields {
		if f[1] == "" {
			continue
		}
		if err := mw.WriteField(f[0], f[1]); err != nil {
			return "", nil, err
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		return "", nil, err
	}
	if _, err := io.Copy(fw, content); err != nil {
		return "", nil, err
	}
	if err := mw.Close(); err != nil {
		return "", nil, err
	}
	return mw.FormDataContentType(), body, nil
}

// ReplaceTemplateContent replaces an HTML template's source; its fields are
// extracted again.
func (c *Client) ReplaceTemplateContent(ctx context.Context, id, content string) (*Template, error) {
	r, err := c.UpdateTemplateWithResponse(ctx, id, UpdateTemplateInputBody{Content: &content})
	return want(r, err, http.StatusOK, func() *Template { return r.JSON200 })
}

// DeleteTemplate deletes a template.
func (c *Client) DeleteTemplate(ctx context.Context, id string) error {
	r, err := c.DeleteTemplateWithResponse(ctx, id)
	_, err = want(r, err, http.StatusOK, func() *struct{} { return &struct{}{} })
	return err
}

// Generate renders an HTML template (in.TemplateId) or raw HTML (in.Html)
// with in.Data and waits for the PDF: the answer has its id and a signed
// download URL. With in.Options.Async set, use GenerateAsync instead.
func (c *Client) Generate(ctx context.Context, in GenerateInputBody) (*Result, error) {
	r, err := c.GenerateDocumentWithResponse(ctx, in)
	return decoded[Result](r, err, http.StatusCreated)
}

// Fill fills a PDF form or DOCX template (in.TemplateId) with in.Data and
// waits for the file.
func (c *Client) Fill(ctx context.Context, in FillInputBody) (*Result, error) {
	r, err := c.FillDocumentWithResponse(ctx, in)
	return decoded[Result](r, err, http.StatusCreated)
}

// GenerateAsync queues the rendering and answers at once with its task;
// Wait follows it to the document.
func (c *Client) GenerateAsync(ctx context.Context, in GenerateInputBody) (*TaskBody, error) {
	opts := GenerateOptions{}
	if in.Options != nil {
		opts = *in.Options
	}
	async := true
	opts.Async = &async
	in.Options = &opts
	r, err := c.GenerateDocumentWithResponse(ctx, in)
	return decoded[TaskBody](r, err, http.StatusAccepted)
}

// Wait polls a task until it completes (its document) or fails (the
// task's error as *Error), or ctx ends.
func (c *Client) Wait(ctx context.Context, taskID string) (*Result, error) {
	for {
		r, err := c.GetTaskWithResponse(ctx, taskID)
		task, err := want(r, err, http.StatusOK, func() *TaskBody { return r.JSON200 })
		if err != nil {
			return nil, err
		}
		switch task.Status {
		case TaskBodyStatusCompleted:
			if task.Document == nil {
				return nil, fmt.Errorf("quire client: task %s completed without a document", taskID)
			}
			return task.Document, nil
		case TaskBodyStatusFailed, TaskBodyStatusExpired:
			e := &Error{Status: http.StatusOK, Code: strings.ToUpper(string(task.Status)), Message: "task " + taskID + " " + string(task.Status)}
			if task.Error != nil {
				e.Code, e.Message = task.Error.Code, task.Error.Message
			}
			return nil, e
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(c.PollInterval):
		}
	}
}

// Document gets a document's details.
func (c *Client) Document(ctx context.Context, id string) (*Document, error) {
	r, err := c.GetDocumentWithResponse(ctx, id)
	return want(r, err, http.StatusOK, func() *Document { return r.JSON200 })
}

// Documents lists documents, newest first; params may be nil.
func (c *Client) Documents(ctx context.Context, params *ListDocumentsParams) (*Page, error) {
	r, err := c.ListDocumentsWithResponse(ctx, params)
	return want(r, err, http.StatusOK, func() *Page { return r.JSON200 })
}

// DeleteDocument deletes a document and its file.
func (c *Client) DeleteDocument(ctx context.Context, id string) error {
	r, err := c.DeleteDocumentWithResponse(ctx, id)
	_, err = want(r, err, http.StatusOK, func() *struct{} { return &struct{}{} })
	return err
}

// Download fetches a document's file through a fresh signed link.
func (c *Client) Download(ctx context.Context, id string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := c.DownloadTo(ctx, id, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DownloadTo is Download writing the file to w as it arrives; it returns
// the bytes written.
func (c *Client) DownloadTo(ctx context.Context, id string, w io.Writer) (int64, error) {
	r, err := c.DownloadDocumentWithResponse(ctx, id)
	link, err := want(r, err, http.StatusOK, func() *Link { return r.JSON200 })
	if err != nil {
		return 0, err
	}
	return c.FetchTo(ctx, link.DownloadUrl, w)
}

// Fetch gets a signed download URL (absolute, or relative to the server)
// such as a Result's DownloadUrl.
func (c *Client) Fetch(ctx context.Context, downloadURL string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := c.FetchTo(ctx, downloadURL, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// FetchTo is Fetch writing the file to w as it arrives (a large merged
// PDF or ZIP need not be held in memory); it returns the bytes written.
func (c *Client) FetchTo(ctx context.Context, downloadURL string, w io.Writer) (int64, error) {
	u, err := c.base.Parse(downloadURL)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.doer.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		return 0, apiError(resp.StatusCode, b)
	}
	return io.Copy(w, resp.Body)
}

// response is what every generated ...Response has.
type response interface {
	StatusCode() int
	GetBody() []byte
}

// want returns the value parsed from r when it has status ok, else the
// transport error or the API's error envelope as *Error.
func want[T any](r response, err error, ok int, value func() *T) (*T, error) {
	if err != nil {
		return nil, err
	}
	if r.StatusCode() != ok {
		return nil, apiError(r.StatusCode(), r.GetBody())
	}
	v := value()
	if v == nil {
		return nil, fmt.Errorf("quire client: status %d without the expected body", ok)
	}
	return v, nil
}

// decoded is want for operations whose answer the document leaves untyped
// (generate answers a document or, async, a task).
func decoded[T any](r response, err error, ok int) (*T, error) {
	if err != nil {
		return nil, err
	}
	if r.StatusCode() != ok {
		return nil, apiError(r.StatusCode(), r.GetBody())
	}
	var v T
	if err := json.Unmarshal(r.GetBody(), &v); err != nil {
		return nil, fmt.Errorf("quire client: decode status %d answer: %w", ok, err)
	}
	return &v, nil
}
