package webhooks

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Attempt is one entry of an endpoint's delivery log.
type Attempt struct {
	DeliveryID string    `json:"delivery_id"`
	Event      string    `json:"event"`
	Attempt    int       `json:"attempt"`
	StatusCode *int      `json:"status_code"` // null when no response came back
	LatencyMS  int64     `json:"latency_ms"`
	Error      *string   `json:"error"` // null on success
	Succeeded  bool      `json:"succeeded"`
	CreatedAt  wire.Time `json:"created_at"`
}

// Delivery is the public view of a delivery, as answered by Redeliver.
type Delivery struct {
	ID         string    `json:"id"`
	EndpointID string    `json:"webhook_id"`
	EventID    string    `json:"event_id"`
	Event      string    `json:"event"`
	Status     string    `json:"status"`
	CreatedAt  wire.Time `json:"created_at"`
}

// Attempts returns an endpoint's delivery log, newest first.
func (s *Service) Attempts(ctx context.Context, accountID, id string, limit int) ([]Attempt, error) {
	if _, err := s.endpoint(ctx, s.deps.Store, accountID, id); err != nil {
		return nil, err
	}
	rows, err := s.deps.Store.WebhookAttempts(ctx, accountID, id, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Attempt, 0, len(rows))
	for _, a := range rows {
		v := Attempt{DeliveryID: a.DeliveryID, Event: a.Event, Attempt: a.Attempt, LatencyMS: a.LatencyMS,
			Succeeded: a.Error == "", CreatedAt: wire.At(a.CreatedAt)}
		if a.StatusCode != 0 {
			code := a.StatusCode
			v.StatusCode = &code
		}
		if a.Error != "" {
			msg := a.Error
			v.Error = &msg
		}
		out = append(out, v)
	}
	return out, nil
}

// Redeliver sends a past delivery's event to its endpoint again, as a new
// delivery with the same payload and event id (receivers can deduplicate on
// webhook-id) and a fresh schedule. The endpoint must be active.
func (s *Service) Redeliver(ctx context.Context, accountID, id, deliveryID string) (*Delivery, error) {
	var out *Delivery
	err := s.deps.Store.InTx(ctx, func(tx store.Store) error {
		e, err := s.endpoint(ctx, tx, accountID, id)
		if err != nil {
			return err
		}
		old, err := tx.WebhookDelivery(ctx, accountID, deliveryID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && old.EndpointID != e.ID) {
			return errs.New(errs.NotFound, "delivery %s of webhook endpoint %s does not exist", quote(deliveryID), e.ID)
		}
		if err != nil {
			return err
		}
		if !e.Active {
			return errs.New(errs.InvalidInput, "webhook endpoint %s is disabled; re-enable it (PATCH active: true) before redelivering", e.ID)
		}
		if s.deps.Queue == nil {
			return errs.New(errs.Unavailable, "this server does not deliver webhooks")
		}
		d := &store.WebhookDelivery{AccountID: accountID, EndpointID: e.ID, EventID: old.EventID, Event: old.Event,
			Payload: old.Payload, Status: statusPending}
		if err := s.enqueueDelivery(ctx, tx, d); err != nil {
			return err
		}
		out = &Delivery{ID: d.ID, EndpointID: e.ID, EventID: d.EventID, Event: d.Event, Status: d.Status, CreatedAt: wire.At(d.CreatedAt)}
		return nil
	})
	return out, err
}
