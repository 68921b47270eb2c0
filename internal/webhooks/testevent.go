package webhooks

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// EventTest is the type of the sample event SendTest delivers; endpoints
// get it whatever they subscribe to, and only when asked.
const EventTest = "webhook.test"

// SendTest delivers a sample event (a made-up completed document) to one
// active endpoint through the usual queue, signature, retries and delivery
// log, so its owner can check their receiver.
func (s *Service) SendTest(ctx context.Context, accountID, id string) (*Delivery, error) {
	var out *Delivery
	err := s.deps.Store.InTx(ctx, func(tx store.Store) error {
		e, err := s.endpoint(ctx, tx, accountID, id)
		if err != nil {
			return err
		}
		if !e.Active {
			return errs.New(errs.InvalidInput, "webhook endpoint %s is disabled; enable it before sending a test event", e.ID)
		}
		if s.deps.Queue == nil {
			return errs.New(errs.Unavailable, "this server does not deliver webhooks")
		}
		now := wire.At(time.Now().UTC())
		pages := 1
		ev := Event{ID: ids.New("evt"), Type: EventTest, CreatedAt: now, Data: DocumentData{
			ID: "doc_test", Status: "completed", Filename: "test.pdf", Pages: &pages, SizeBytes: 1024, Mode: "live", CreatedAt: now,
		}}
		payload, err := marshalJSON(ev)
		if err != nil {
			return err
		}
		d := &store.WebhookDelivery{AccountID: accountID, EndpointID: e.ID, EventID: ev.ID, Event: EventTest, Payload: payload, Status: statusPending}
		if err := s.enqueueDelivery(ctx, tx, d); err != nil {
			return err
		}
		out = &Delivery{ID: d.ID, EndpointID: e.ID, EventID: d.EventID, Event: d.Event, Status: d.Status, CreatedAt: wire.At(d.CreatedAt)}
		return nil
	})
	return out, err
}
