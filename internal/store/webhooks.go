package store

import (
	"context"
	"errors"
	"time"
)

// ErrLimitReached is returned when creating a row would exceed a per-account limit.
var ErrLimitReached = errors.New("store: limit reached")

// WebhookEndpoint is a URL an account registered to receive signed events.
// Secret is kept in clear: every delivery is signed with it.
type WebhookEndpoint struct {
	ID             string
	AccountID      string
	URL            string
	Events         []string
	Secret         string
	Active         bool
	DisabledReason string     // why Quire disabled it ("gone", "failing"); "" otherwise
	FailingSince   *time.Time // first failed attempt since the last success; nil when healthy
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// WebhookDelivery is one event on its way to one endpoint. Payload is the
// exact body that is signed and sent, so every attempt (and a redelivery)
// sends the same bytes.
type WebhookDelivery struct {
	ID            string
	AccountID     string
	EndpointID    string
	EventID       string // shared by the deliveries of one event; the webhook-id header
	Event         string
	Payload       []byte
	Status        string // pending, succeeded, failed, cancelled
	Attempts      int
	NextAttemptAt *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// WebhookAttempt is one HTTP POST of a delivery. StatusCode is 0 when no
// response came back (Error says why).
type WebhookAttempt struct {
	ID         string
	AccountID  string
	EndpointID string
	DeliveryID string
	Event      string // copied from the delivery when read
	Attempt    int    // 1 for the first POST of a delivery
	StatusCode int
	LatencyMS  int64
	Error      string
	CreatedAt  time.Time
}

// WebhookStore persists webhook endpoints, their deliveries and the log of
// delivery attempts. Deleting an endpoint deletes its deliveries and log.
type WebhookStore interface {
	// CreateWebhookEndpoint inserts e unless the account already has limit
	// endpoints (ErrLimitReached); limit <= 0 means no limit.
	CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint, limit int) error
	WebhookEndpoint(ctx context.Context, accountID, id string) (*WebhookEndpoint, error)
	WebhookEndpoints(ctx context.Context, accountID string) ([]WebhookEndpoint, error) // oldest first
	// UpdateWebhookEndpoint rewrites URL, Events, Active, DisabledReason and
	// FailingSince of the endpoint identified by e.AccountID and e.ID.
	UpdateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	DeleteWebhookEndpoint(ctx context.Context, accountID, id string) error
	// MarkWebhookEndpointFailing sets FailingSince to at unless already set,
	// and returns the (possibly earlier) FailingSince now stored.
	MarkWebhookEndpointFailing(ctx context.Context, accountID, id string, at time.Time) (time.Time, error)
	// ClearWebhookEndpointFailing sets FailingSince back to nil.
	ClearWebhookEndpointFailing(ctx context.Context, accountID, id string) error
	// DisableWebhookEndpoint deactivates an endpoint, recording why.
	DisableWebhookEndpoint(ctx context.Context, accountID, id, reason string) error

	CreateWebhookDelivery(ctx context.Context, d *WebhookDelivery) error
	WebhookDelivery(ctx context.Context, accountID, id string) (*WebhookDelivery, error)
	// UpdateWebhookDelivery rewrites Status, Attempts and NextAttemptAt.
	UpdateWebhookDelivery(ctx context.Context, d *WebhookDelivery) error
	// CancelWebhookDeliveries marks the endpoint's pending deliveries
	// cancelled and reports how many there were.
	CancelWebhookDeliveries(ctx context.Context, accountID, endpointID string) (int, error)
	// PruneWebhookDeliveries deletes finished (not pending) deliveries last
	// changed before before, with their attempts, and reports how many.
	PruneWebhookDeliveries(ctx context.Context, before time.Time) (int, error)

	CreateWebhookAttempt(ctx context.Context, a *WebhookAttempt) error
	// WebhookAttempts lists an endpoint's attempts, newest first; limit <= 0
	// means no limit.
	WebhookAttempts(ctx context.Context, accountID, endpointID string, limit int) ([]WebhookAttempt, error)
}
