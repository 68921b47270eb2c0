package webhooks

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// modeTest is the mode of documents made with sandbox keys, which trigger
// no webhooks (as in the reference API).
const modeTest = "test"

type requestURLKey struct{}

// WithRequestURL records the per-request webhook URL (options.webhook_url,
// already checked with CheckURL) of the request whose document ctx carries
// to completion. Emit fires it once when that document completes or fails.
// Work that finishes a document later (async jobs) must carry the URL along
// and put it back into its context.
func WithRequestURL(ctx context.Context, url string) context.Context {
	if url == "" {
		return ctx
	}
	return context.WithValue(ctx, requestURLKey{}, url)
}

// RequestURL returns the URL recorded by WithRequestURL, or "".
func RequestURL(ctx context.Context) string {
	u, _ := ctx.Value(requestURLKey{}).(string)
	return u
}

// Emit records event about d: one delivery (row and River job) per active
// endpoint of d's account subscribed to event, and the per-request webhook
// of ctx for a completed or failed document. Call it with the transaction
// that changes d, so the deliveries exist exactly when the change commits.
// Documents made with sandbox keys (mode "test") trigger nothing.
func (s *Service) Emit(ctx context.Context, tx store.Store, event string, d *store.Document) error {
	if s.deps.Queue == nil || d.Mode == modeTest {
		return nil
	}
	if !slices.Contains(Events, event) {
		return fmt.Errorf("webhooks: unknown event %q", event)
	}
	// Only a completed document has a file to link to; a deleted or expired
	// one no longer does.
	link := s.deps.Link
	if event != EventDocumentCompleted {
		link = nil
	}
	data := documentData(d, link)
	if u := RequestURL(ctx); u != "" && (event == EventDocumentCompleted || event == EventDocumentFailed) {
		body, err := marshalJSON(data)
		if err != nil {
			return err
		}
		args := RequestHookArgs{AccountID: d.AccountID, DocumentID: d.ID, URL: u, Body: body}
		if err := s.deps.Queue.InsertTx(ctx, tx, args, nil); err != nil {
			return fmt.Errorf("webhooks: enqueue per-request webhook: %w", err)
		}
	}
	return s.fanOut(ctx, tx, d.AccountID, event, func(eventID string) ([]byte, error) {
		return marshalJSON(Event{ID: eventID, Type: event, CreatedAt: wire.At(time.Now().UTC()), Data: data})
	})
}

// fanOut writes one delivery of event (payload made once, on the first
// endpoint that wants it) per active endpoint of the account subscribed to it.
func (s *Service) fanOut(ctx context.Context, tx store.Store, accountID, event string, payloadOf func(eventID string) ([]byte, error)) error {
	endpoints, err := tx.WebhookEndpoints(ctx, accountID)
	if err != nil {
		return err
	}
	var payload []byte
	eventID := ids.New("evt")
	for _, e := range endpoints {
		if !e.Active || !slices.Contains(e.Events, event) {
			continue
		}
		if payload == nil {
			if payload, err = payloadOf(eventID); err != nil {
				return err
			}
		}
		if err := s.enqueueDelivery(ctx, tx, &store.WebhookDelivery{
			AccountID: accountID, EndpointID: e.ID, EventID: eventID, Event: event, Payload: payload, Status: statusPending,
		}); err != nil {
			return err
		}
	}
	return nil
}

// enqueueDelivery writes a pending delivery and its job in tx.
func (s *Service) enqueueDelivery(ctx context.Context, tx store.Store, d *store.WebhookDelivery) error {
	if err := tx.CreateWebhookDelivery(ctx, d); err != nil {
		return err
	}
	if err := s.deps.Queue.InsertTx(ctx, tx, DeliveryArgs{AccountID: d.AccountID, DeliveryID: d.ID}, nil); err != nil {
		return fmt.Errorf("webhooks: enqueue delivery: %w", err)
	}
	return nil
}
