package documents

import (
	"context"

	"github.com/quirehq/quire/internal/store"
)

// Events a document emits, named as the webhooks that carry them.
const (
	EventCompleted = "document.completed"
	EventFailed    = "document.failed"
	EventExpired   = "document.expired"
	EventDeleted   = "document.deleted"
)

// Events receives document events. Emit is called inside the transaction
// that changes the document (tx is that transaction), so that whatever it
// writes — webhook deliveries, as jobs — commits or rolls back with the
// change itself: no event for a change that did not happen, no change
// without its event. An error rolls the change back.
type Events interface {
	Emit(ctx context.Context, tx store.Store, event string, d *store.Document) error
}

func (s *Service) emit(ctx context.Context, tx store.Store, event string, d *store.Document) error {
	if s.deps.Events == nil {
		return nil
	}
	return s.deps.Events.Emit(ctx, tx, event, d)
}
