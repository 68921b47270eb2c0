package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/quirehq/quire/internal/egress"
	"github.com/quirehq/quire/internal/reqid"
	"github.com/quirehq/quire/internal/store"
)

// Delivery statuses.
const (
	statusPending   = "pending"
	statusSucceeded = "succeeded"
	statusFailed    = "failed"
	statusCancelled = "cancelled"
)

// Why Quire disabled an endpoint.
const (
	reasonGone    = "gone"    // it answered 410 Gone
	reasonFailing = "failing" // every attempt failed for DisableAfter
)

const userAgent = "Quire-Webhooks/1"

// outcome is what one POST gave.
type outcome struct {
	status     int // 0 when no response came back
	latency    time.Duration
	err        string // "" on a 2xx
	retryAfter time.Duration
}

func (o outcome) ok() bool { return o.err == "" }

// attempt makes the next attempt of a delivery, logs it and decides what
// follows: retryIn > 0 asks for another attempt after that wait; 0 means the
// delivery is finished (succeeded, failed, cancelled or gone).
func (s *Service) attempt(ctx context.Context, accountID, deliveryID string) (retryIn time.Duration, err error) {
	d, err := s.deps.Store.WebhookDelivery(ctx, accountID, deliveryID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // its endpoint was deleted
	}
	if err != nil {
		return 0, err
	}
	if d.Status != statusPending {
		return 0, nil
	}
	e, err := s.deps.Store.WebhookEndpoint(ctx, accountID, d.EndpointID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if !e.Active {
		d.Status, d.NextAttemptAt = statusCancelled, nil
		return 0, s.deps.Store.UpdateWebhookDelivery(ctx, d)
	}

	started := time.Now()
	o := s.post(ctx, e, d, started)
	s.deps.Metrics.WebhookDelivery(o.ok())
	number := d.Attempts + 1
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		a := &store.WebhookAttempt{
			AccountID: accountID, EndpointID: e.ID, DeliveryID: d.ID, Attempt: number,
			StatusCode: o.status, LatencyMS: o.latency.Milliseconds(), Error: o.err, CreatedAt: started,
		}
		if err := tx.CreateWebhookAttempt(ctx, a); err != nil {
			return err
		}
		d.Attempts = number
		retryIn, err = s.settle(ctx, tx, e, d, o)
		if err != nil {
			return err
		}
		return tx.UpdateWebhookDelivery(ctx, d)
	})
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // the endpoint was deleted while we were sending
	}
	if err != nil {
		return 0, err
	}
	s.deps.Logger.InfoContext(ctx, "webhook attempt", "endpoint", e.ID, "delivery", d.ID, "event", d.Event,
		"attempt", number, "status", o.status, "latency_ms", o.latency.Milliseconds(), "error", o.err, "retry_in", retryIn)
	return retryIn, nil
}

// settle updates d (and e's health) after attempt d.Attempts gave o.
func (s *Service) settle(ctx context.Context, tx store.Store, e *store.WebhookEndpoint, d *store.WebhookDelivery, o outcome) (time.Duration, error) {
	d.NextAttemptAt = nil
	if o.ok() {
		d.Status = statusSucceeded
		if e.FailingSince != nil {
			return 0, tx.ClearWebhookEndpointFailing(ctx, e.AccountID, e.ID)
		}
		return 0, nil
	}
	if o.status == http.StatusGone {
		d.Status = statusFailed
		return 0, s.disable(ctx, tx, e, reasonGone)
	}
	now := time.Now()
	since, err := tx.MarkWebhookEndpointFailing(ctx, e.AccountID, e.ID, now)
	if err != nil {
		return 0, err
	}
	if now.Sub(since) >= s.deps.DisableAfter {
		d.Status = statusFailed
		return 0, s.disable(ctx, tx, e, reasonFailing)
	}
	wait, ok := s.nextWait(d.Attempts, o.retryAfter)
	if !ok {
		d.Status = statusFailed
		return 0, nil
	}
	next := now.Add(wait)
	d.NextAttemptAt = &next
	return wait, nil
}

// disable turns e off and cancels its other pending deliveries.
func (s *Service) disable(ctx context.Context, tx store.Store, e *store.WebhookEndpoint, reason string) error {
	if err := tx.DisableWebhookEndpoint(ctx, e.AccountID, e.ID, reason); err != nil {
		return err
	}
	_, err := tx.CancelWebhookDeliveries(ctx, e.AccountID, e.ID)
	s.deps.Logger.WarnContext(ctx, "webhook endpoint disabled", "endpoint", e.ID, "account", e.AccountID, "reason", reason)
	return err
}

// post sends d's payload to e, signed, and reports what came back. A
// redirect is a failure: the egress client never follows one.
func (s *Service) post(ctx context.Context, e *store.WebhookEndpoint, d *store.WebhookDelivery, at time.Time) outcome {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return outcome{err: "invalid endpoint URL: " + err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if id := reqid.From(ctx); id != "" {
		req.Header.Set(reqid.Header, id) // the request that caused the event
	}
	if err := sign(req.Header, s.deps.SignatureHeader, e.Secret, d.EventID, at, d.Payload); err != nil {
		return outcome{err: err.Error()}
	}
	return s.do(req, at)
}

// do sends req and sums up the response; at is when sending began.
func (s *Service) do(req *http.Request, at time.Time) outcome {
	resp, err := s.client.Do(req)
	o := outcome{latency: time.Since(at)}
	if err != nil {
		o.err = sendError(err)
		return o
	}
	// Read a little of the body so the connection can be reused, no more.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	o.latency = time.Since(at)
	o.status = resp.StatusCode
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		o.err = fmt.Sprintf("HTTP %d: redirects are not followed", resp.StatusCode)
	default:
		o.err = fmt.Sprintf("HTTP %d", resp.StatusCode)
		o.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return o
}

// sendError describes a failed request without the noise of url.Error.
func sendError(err error) string {
	var ee *egress.Error
	if errors.As(err, &ee) {
		return "refused destination: " + ee.Message
	}
	var te interface{ Timeout() bool }
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &te) && te.Timeout()) {
		return "timed out"
	}
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		return ue.Unwrap().Error()
	}
	return err.Error()
}
