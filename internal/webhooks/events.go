package webhooks

import (
	"slices"
	"strings"
)

// Event types an endpoint can subscribe to. They are the names the documents
// service emits (internal/documents/events.go).
const (
	EventDocumentCompleted = "document.completed"
	EventDocumentFailed    = "document.failed"
	EventDocumentExpired   = "document.expired"
	EventDocumentDeleted   = "document.deleted"
	EventBatchCompleted    = "batch.completed"
	EventBatchFailed       = "batch.failed"
)

// batchEvents are the events of batches (internal/batches), not of documents.
var batchEvents = []string{EventBatchCompleted, EventBatchFailed}

// Events lists every event type, in the order the reference documents them.
var Events = []string{EventDocumentCompleted, EventDocumentFailed, EventDocumentExpired, EventDocumentDeleted, EventBatchCompleted, EventBatchFailed}

// checkEvents refuses an empty list, unknown names and duplicates, and
// returns the list with duplicates removed, in the given order.
func checkEvents(events []string) ([]string, string) {
	if len(events) == 0 {
		return nil, "events must name at least one of " + strings.Join(Events, ", ")
	}
	out := make([]string, 0, len(events))
	for _, e := range events {
		if !slices.Contains(Events, e) {
			return nil, "unknown event " + quote(e) + "; allowed events are " + strings.Join(Events, ", ")
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, ""
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + s + `"`
}
