package webhooks

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/wire"
)

// batchEvent is the payload of a batch event: data is the batch object.
type batchEvent struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt wire.Time `json:"created_at"`
	Data      any       `json:"data"`
}

// EmitBatch records a batch event (batch.completed, batch.failed) of the
// account's batch batchID of mode, data being the batch object, in tx, the
// transaction that finishes the batch: a delivery per subscribed endpoint,
// and the one POST of the batch's webhook_url when ctx carries it
// (WithRequestURL). Sandbox batches trigger nothing.
func (s *Service) EmitBatch(ctx context.Context, tx store.Store, accountID, batchID, mode, event string, data any) error {
	if s.deps.Queue == nil || mode == modeTest {
		return nil
	}
	if !slices.Contains(batchEvents, event) {
		return fmt.Errorf("webhooks: unknown batch event %q", event)
	}
	if u := RequestURL(ctx); u != "" {
		body, err := marshalJSON(data)
		if err != nil {
			return err
		}
		if err := s.deps.Queue.InsertTx(ctx, tx, RequestHookArgs{AccountID: accountID, DocumentID: batchID, URL: u, Body: body}, nil); err != nil {
			return fmt.Errorf("webhooks: enqueue per-request webhook: %w", err)
		}
	}
	return s.fanOut(ctx, tx, accountID, event, func(eventID string) ([]byte, error) {
		return marshalJSON(batchEvent{ID: eventID, Type: event, CreatedAt: wire.At(time.Now().UTC()), Data: data})
	})
}
