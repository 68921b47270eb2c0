package webhooks

import (
	"encoding/json"

	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Event is the body of a delivery, in the Standard Webhooks shape.
type Event struct {
	ID        string       `json:"id"` // evt_…, also the webhook-id header
	Type      string       `json:"type"`
	CreatedAt wire.Time    `json:"created_at"`
	Data      DocumentData `json:"data"`
}

// DocumentData describes the document an event is about. It is also the
// body of a per-request webhook: the document response (id, status,
// download_url, expires_at, filename, pages, size_bytes) plus its metadata.
type DocumentData struct {
	ID           string     `json:"id"`
	Status       string     `json:"status"`
	DownloadURL  string     `json:"download_url,omitempty"`
	ExpiresAt    *wire.Time `json:"expires_at"`
	Filename     string     `json:"filename"`
	Pages        *int       `json:"pages"`
	SizeBytes    int64      `json:"size_bytes"`
	TemplateID   *string    `json:"template_id"`
	TemplateName *string    `json:"template_name"`
	Mode         string     `json:"mode"`
	CreatedAt    wire.Time  `json:"created_at"`
	Error        *ErrorData `json:"error,omitempty"`
}

// ErrorData tells why a document failed.
type ErrorData struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// documentData describes d; link, when set, gives completed documents a
// download URL.
func documentData(d *store.Document, link func(*store.Document) string) DocumentData {
	v := DocumentData{
		ID: d.ID, Status: d.Status, ExpiresAt: wire.AtPtr(d.ExpiresAt), Filename: d.Filename, Pages: d.Pages,
		SizeBytes: d.SizeBytes, Mode: d.Mode, CreatedAt: wire.At(d.CreatedAt),
	}
	if d.TemplateID != "" {
		id, name := d.TemplateID, d.TemplateName
		v.TemplateID, v.TemplateName = &id, &name
	}
	if d.ErrorCode != "" {
		v.Error = &ErrorData{Code: d.ErrorCode, Message: d.ErrorMessage}
	}
	if link != nil && d.Status == "completed" && d.BlobKey != "" {
		v.DownloadURL = link(d)
	}
	return v
}

func marshalJSON(v any) ([]byte, error) { return json.Marshal(v) }
