package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/quirehq/quire/internal/store"
)

const webhookEndpointColumns = `id, account_id, url, events, secret, active, disabled_reason,
	failing_since, created_at, updated_at`

// CreateWebhookEndpoint inserts e unless the account already has limit
// endpoints. It locks the account row first (a no-op UPDATE), so that
// concurrent creations for one account are serialised on PostgreSQL as on
// SQLite and the count stays true until the insert.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e *store.WebhookEndpoint, limit int) error {
	stamp(&e.ID, "wh", &e.CreatedAt, &e.UpdatedAt)
	if limit <= 0 {
		limit = int(^uint32(0) >> 1)
	}
	events, err := encodeEvents(e.Events)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(txs store.Store) error {
		tx := txs.(*Store)
		if err := tx.execOne(ctx, `UPDATE accounts SET plan = plan WHERE id = $1`, e.AccountID); err != nil {
			return err
		}
		n, err := tx.q.Exec(ctx,
			`INSERT INTO webhook_endpoints (`+webhookEndpointColumns+`)
			 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
			 WHERE (SELECT count(*) FROM webhook_endpoints WHERE account_id = $2) < $11`,
			e.ID, e.AccountID, e.URL, events, e.Secret, e.Active, e.DisabledReason,
			tx.optTimeArg(e.FailingSince), tx.timeArg(e.CreatedAt), tx.timeArg(e.UpdatedAt), int64(limit))
		if err != nil {
			return tx.mapErr(err)
		}
		if n == 0 {
			return store.ErrLimitReached
		}
		return nil
	})
}

func (s *Store) WebhookEndpoint(ctx context.Context, accountID, id string) (*store.WebhookEndpoint, error) {
	e, err := scanWebhookEndpoint(s.q.QueryRow(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE account_id = $1 AND id = $2`, accountID, id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &e, nil
}

func (s *Store) WebhookEndpoints(ctx context.Context, accountID string) ([]store.WebhookEndpoint, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE account_id = $1
		 ORDER BY created_at, id`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	es, err := collect(rows, scanWebhookEndpoint)
	return es, s.mapErr(err)
}

// UpdateWebhookEndpoint rewrites the mutable columns and sets e.UpdatedAt to now.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, e *store.WebhookEndpoint) error {
	events, err := encodeEvents(e.Events)
	if err != nil {
		return err
	}
	updated := nowUTC()
	err = s.execOne(ctx,
		`UPDATE webhook_endpoints SET url = $3, events = $4, active = $5, disabled_reason = $6,
		 failing_since = $7, updated_at = $8 WHERE account_id = $1 AND id = $2`,
		e.AccountID, e.ID, e.URL, events, e.Active, e.DisabledReason,
		s.optTimeArg(e.FailingSince), s.timeArg(updated))
	if err == nil {
		e.UpdatedAt = updated
	}
	return err
}

func (s *Store) DeleteWebhookEndpoint(ctx context.Context, accountID, id string) error {
	return s.execOne(ctx, `DELETE FROM webhook_endpoints WHERE account_id = $1 AND id = $2`, accountID, id)
}

func (s *Store) MarkWebhookEndpointFailing(ctx context.Context, accountID, id string, at time.Time) (time.Time, error) {
	if err := s.execOne(ctx,
		`UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $3)
		 WHERE account_id = $1 AND id = $2`, accountID, id, s.timeArg(at)); err != nil {
		return time.Time{}, err
	}
	var since optTime
	err := s.q.QueryRow(ctx,
		`SELECT failing_since FROM webhook_endpoints WHERE account_id = $1 AND id = $2`,
		accountID, id).Scan(since.dest())
	if err != nil {
		return time.Time{}, s.mapErr(err)
	}
	if p := since.ptr(); p != nil {
		return *p, nil
	}
	return normTime(at), nil
}

func (s *Store) ClearWebhookEndpointFailing(ctx context.Context, accountID, id string) error {
	return s.execOne(ctx,
		`UPDATE webhook_endpoints SET failing_since = NULL WHERE account_id = $1 AND id = $2`, accountID, id)
}

func (s *Store) DisableWebhookEndpoint(ctx context.Context, accountID, id, reason string) error {
	return s.execOne(ctx,
		`UPDATE webhook_endpoints SET active = $3, disabled_reason = $4, updated_at = $5
		 WHERE account_id = $1 AND id = $2`, accountID, id, false, reason, s.timeArg(nowUTC()))
}

func encodeEvents(events []string) (string, error) {
	if events == nil {
		events = []string{}
	}
	b, err := json.Marshal(events)
	return string(b), err
}

func scanWebhookEndpoint(r scanner) (store.WebhookEndpoint, error) {
	var e store.WebhookEndpoint
	var events string
	var failing optTime
	err := r.Scan(&e.ID, &e.AccountID, &e.URL, &events, &e.Secret, &e.Active, &e.DisabledReason,
		failing.dest(), scanTime(&e.CreatedAt), scanTime(&e.UpdatedAt))
	if err != nil {
		return e, err
	}
	e.FailingSince = failing.ptr()
	err = json.Unmarshal([]byte(events), &e.Events)
	return e, err
}

const webhookDeliveryColumns = `id, account_id, endpoint_id, event_id, event, payload, status,
	attempts, next_attempt_at, created_at, updated_at`

// CreateWebhookDelivery inserts d; an empty ID, CreatedAt or UpdatedAt is filled in.
func (s *Store) CreateWebhookDelivery(ctx context.Context, d *store.WebhookDelivery) error {
	stamp(&d.ID, "whd", &d.CreatedAt, &d.UpdatedAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO webhook_deliveries (`+webhookDeliveryColumns+`)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		d.ID, d.AccountID, d.EndpointID, d.EventID, d.Event, string(d.Payload), d.Status,
		int64(d.Attempts), s.optTimeArg(d.NextAttemptAt), s.timeArg(d.CreatedAt), s.timeArg(d.UpdatedAt))
	return s.mapErr(err)
}

func (s *Store) WebhookDelivery(ctx context.Context, accountID, id string) (*store.WebhookDelivery, error) {
	d, err := scanWebhookDelivery(s.q.QueryRow(ctx,
		`SELECT `+webhookDeliveryColumns+` FROM webhook_deliveries WHERE account_id = $1 AND id = $2`, accountID, id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &d, nil
}

// UpdateWebhookDelivery rewrites Status, Attempts and NextAttemptAt, and sets d.UpdatedAt to now.
func (s *Store) UpdateWebhookDelivery(ctx context.Context, d *store.WebhookDelivery) error {
	updated := nowUTC()
	err := s.execOne(ctx,
		`UPDATE webhook_deliveries SET status = $3, attempts = $4, next_attempt_at = $5, updated_at = $6
		 WHERE account_id = $1 AND id = $2`,
		d.AccountID, d.ID, d.Status, int64(d.Attempts), s.optTimeArg(d.NextAttemptAt), s.timeArg(updated))
	if err == nil {
		d.UpdatedAt = updated
	}
	return err
}

func (s *Store) CancelWebhookDeliveries(ctx context.Context, accountID, endpointID string) (int, error) {
	n, err := s.q.Exec(ctx,
		`UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = $3
		 WHERE account_id = $1 AND endpoint_id = $2 AND status = 'pending'`,
		accountID, endpointID, s.timeArg(nowUTC()))
	return int(n), s.mapErr(err)
}

func (s *Store) PruneWebhookDeliveries(ctx context.Context, before time.Time) (int, error) {
	n, err := s.q.Exec(ctx,
		`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1`, s.timeArg(before))
	return int(n), s.mapErr(err)
}

func scanWebhookDelivery(r scanner) (store.WebhookDelivery, error) {
	var d store.WebhookDelivery
	var payload string
	var attempts int64
	var next optTime
	err := r.Scan(&d.ID, &d.AccountID, &d.EndpointID, &d.EventID, &d.Event, &payload, &d.Status,
		&attempts, next.dest(), scanTime(&d.CreatedAt), scanTime(&d.UpdatedAt))
	d.Payload, d.Attempts, d.NextAttemptAt = []byte(payload), int(attempts), next.ptr()
	return d, err
}

// CreateWebhookAttempt inserts a; an empty ID or CreatedAt is filled in.
func (s *Store) CreateWebhookAttempt(ctx context.Context, a *store.WebhookAttempt) error {
	stamp(&a.ID, "wha", &a.CreatedAt, nil)
	_, err := s.q.Exec(ctx,
		`INSERT INTO webhook_attempts (id, account_id, endpoint_id, delivery_id, attempt, status_code,
		 latency_ms, error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.ID, a.AccountID, a.EndpointID, a.DeliveryID, int64(a.Attempt), int64(a.StatusCode),
		a.LatencyMS, a.Error, s.timeArg(a.CreatedAt))
	return s.mapErr(err)
}

func (s *Store) WebhookAttempts(ctx context.Context, accountID, endpointID string, limit int) ([]store.WebhookAttempt, error) {
	l := int64(limit)
	if l <= 0 {
		l = 1 << 62
	}
	rows, err := s.q.Query(ctx,
		`SELECT a.id, a.account_id, a.endpoint_id, a.delivery_id, d.event, a.attempt, a.status_code,
		 a.latency_ms, a.error, a.created_at
		 FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
		 WHERE a.account_id = $1 AND a.endpoint_id = $2
		 ORDER BY a.created_at DESC, a.attempt DESC, a.id DESC LIMIT $3`, accountID, endpointID, l)
	if err != nil {
		return nil, s.mapErr(err)
	}
	as, err := collect(rows, scanWebhookAttempt)
	return as, s.mapErr(err)
}

func scanWebhookAttempt(r scanner) (store.WebhookAttempt, error) {
	var a store.WebhookAttempt
	var attempt, status int64
	err := r.Scan(&a.ID, &a.AccountID, &a.EndpointID, &a.DeliveryID, &a.Event, &attempt, &status,
		&a.LatencyMS, &a.Error, scanTime(&a.CreatedAt))
	a.Attempt, a.StatusCode = int(attempt), int(status)
	return a, err
}
