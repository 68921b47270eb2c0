// Package webhooks notifies accounts of document events: endpoints are
// registered per account, and every event becomes one delivery per
// subscribed endpoint, inserted with its River job in the transaction that
// changed the document. Deliveries are signed (see signature.go), retried on
// a published schedule and logged attempt by attempt. It also sends the
// unsigned, one-shot per-request webhooks (options.webhook_url).
//
// The package knows no HTTP API: internal/httpapi exposes it.
package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/quirehq/quire/internal/egress"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/metrics"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Defaults of the Service's settings.
const (
	DefaultMaxEndpoints  = 5
	DefaultTimeout       = 10 * time.Second
	DefaultDisableAfter  = 5 * 24 * time.Hour
	DefaultMaxRetryAfter = 24 * time.Hour
)

// DefaultSchedule is the published retry schedule: the waits before the
// 2nd, 3rd, … attempt of a delivery. After the last one a delivery is failed.
var DefaultSchedule = []time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute,
	2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// Service manages endpoints and delivers events.
type Service struct {
	deps   Deps // with the defaults filled in
	client *http.Client
}

// Deps is what the service is built from; zero values take the defaults.
type Deps struct {
	Store  store.Store
	Egress *egress.Policy // which destinations may be registered and reached; nil = public https only
	Queue  Queue          // where delivery jobs go; nil sends nothing
	// Link returns a signed download URL for a completed document, put in
	// payloads; nil leaves download_url out.
	Link func(d *store.Document) string

	Metrics      *metrics.Metrics // nil records nothing
	MaxEndpoints int              // per account; 0 = DefaultMaxEndpoints
	Schedule     []time.Duration  // nil = DefaultSchedule
	// DisableAfter disables an endpoint whose attempts have all failed for
	// this long (a success resets the clock); 0 = DefaultDisableAfter.
	DisableAfter time.Duration
	// MaxRetryAfter caps how long a Retry-After header can delay the next
	// attempt; 0 = DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	Timeout       time.Duration // of one POST; 0 = DefaultTimeout
	KeepLog       time.Duration // age at which finished deliveries leave the log; 0 = DefaultKeepLog
	Logger        *slog.Logger  // nil logs nothing
	// SignatureHeader names the header of the sha256=<hex> signature;
	// "" = HeaderSignature. A receiver written for another service checks
	// its own name (e.g. X-PDFForge-Signature).
	SignatureHeader string
	// Allowed says whether an account's plan has webhooks (nil error) or
	// why not (a FORBIDDEN naming the plan); nil allows every account.
	Allowed func(ctx context.Context, accountID string) error
}

// New returns the service with the defaults filled in and its HTTP client
// built.
func New(d Deps) *Service {
	if d.MaxEndpoints == 0 {
		d.MaxEndpoints = DefaultMaxEndpoints
	}
	if d.Schedule == nil {
		d.Schedule = DefaultSchedule
	}
	if d.DisableAfter == 0 {
		d.DisableAfter = DefaultDisableAfter
	}
	if d.MaxRetryAfter == 0 {
		d.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if d.Timeout == 0 {
		d.Timeout = DefaultTimeout
	}
	if d.KeepLog == 0 {
		d.KeepLog = DefaultKeepLog
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.SignatureHeader == "" {
		d.SignatureHeader = HeaderSignature
	}
	if d.Egress == nil {
		d.Egress = &egress.Policy{}
	}
	return &Service{deps: d, client: d.Egress.Client(d.Timeout)}
}

// Endpoint is the public view of a webhook endpoint. Secret is set only in
// the answer to its creation.
type Endpoint struct {
	ID     string   `json:"id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret,omitempty"`
	Active bool     `json:"active"`
	// DisabledReason says why Quire turned the endpoint off: "gone" (it
	// answered 410) or "failing" (every attempt failed for DisableAfter).
	DisabledReason string    `json:"disabled_reason,omitempty"`
	CreatedAt      wire.Time `json:"created_at"`
}

// Patch changes an endpoint; nil fields stay as they are.
type Patch struct {
	URL    *string
	Events []string // nil = unchanged
	Active *bool
}

// Create registers an endpoint and returns it with its secret, the only
// time the secret is shown.
func (s *Service) Create(ctx context.Context, accountID, rawURL string, events []string) (*Endpoint, error) {
	if err := s.CheckPlan(ctx, accountID); err != nil {
		return nil, err
	}
	u, err := s.CheckURL(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	events, msg := checkEvents(events)
	if msg != "" {
		return nil, errs.New(errs.Validation, "%s", msg)
	}
	e := &store.WebhookEndpoint{AccountID: accountID, URL: u, Events: events, Secret: newSecret(), Active: true}
	if err := s.deps.Store.CreateWebhookEndpoint(ctx, e, s.deps.MaxEndpoints); err != nil {
		if errors.Is(err, store.ErrLimitReached) {
			return nil, errs.New(errs.InvalidInput, "an account can have at most %d webhook endpoints; delete one before adding another", s.deps.MaxEndpoints)
		}
		return nil, err
	}
	v := view(e)
	v.Secret = e.Secret
	return &v, nil
}

// CheckPlan refuses an account whose plan has no webhooks.
func (s *Service) CheckPlan(ctx context.Context, accountID string) error {
	if s.deps.Allowed == nil {
		return nil
	}
	return s.deps.Allowed(ctx, accountID)
}

// List returns the account's endpoints, oldest first, without secrets.
func (s *Service) List(ctx context.Context, accountID string) ([]Endpoint, error) {
	rows, err := s.deps.Store.WebhookEndpoints(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]Endpoint, 0, len(rows))
	for i := range rows {
		out = append(out, view(&rows[i]))
	}
	return out, nil
}

// Get returns one endpoint, without its secret.
func (s *Service) Get(ctx context.Context, accountID, id string) (*Endpoint, error) {
	e, err := s.endpoint(ctx, s.deps.Store, accountID, id)
	if err != nil {
		return nil, err
	}
	v := view(e)
	return &v, nil
}

// Update changes an endpoint's URL (checked again), events or active flag.
// Re-activating clears what disabled it; deactivating cancels its pending
// deliveries.
func (s *Service) Update(ctx context.Context, accountID, id string, p Patch) (*Endpoint, error) {
	var u string
	if p.URL != nil {
		var err error
		if u, err = s.CheckURL(ctx, *p.URL); err != nil {
			return nil, err
		}
	}
	var events []string
	if p.Events != nil {
		var msg string
		if events, msg = checkEvents(p.Events); msg != "" {
			return nil, errs.New(errs.Validation, "%s", msg)
		}
	}
	var out Endpoint
	err := s.deps.Store.InTx(ctx, func(tx store.Store) error {
		e, err := s.endpoint(ctx, tx, accountID, id)
		if err != nil {
			return err
		}
		if p.URL != nil {
			e.URL = u
		}
		if events != nil {
			e.Events = events
		}
		if p.Active != nil {
			if *p.Active && !e.Active {
				e.DisabledReason, e.FailingSince = "", nil
			}
			e.Active = *p.Active
		}
		if err := tx.UpdateWebhookEndpoint(ctx, e); err != nil {
			return s.notFound(err, id)
		}
		if !e.Active {
			if _, err := tx.CancelWebhookDeliveries(ctx, accountID, id); err != nil {
				return err
			}
		}
		out = view(e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes an endpoint with its deliveries and log: pending
// deliveries are cancelled, as their jobs find nothing left to send.
func (s *Service) Delete(ctx context.Context, accountID, id string) error {
	return s.notFound(s.deps.Store.DeleteWebhookEndpoint(ctx, accountID, id), id)
}

// CheckURL validates a webhook destination (https, public address, unless
// the egress allow-list names it) and returns it normalised.
func (s *Service) CheckURL(ctx context.Context, raw string) (string, error) {
	u, err := s.deps.Egress.CheckURL(ctx, raw)
	if err != nil {
		var ee *egress.Error
		if errors.As(err, &ee) {
			return "", errs.Wrap(err, errs.Validation, "url %s is refused: %s", quote(raw), ee.Message)
		}
		return "", errs.Wrap(err, errs.Validation, "url %s is refused", quote(raw))
	}
	return u.String(), nil
}

func (s *Service) endpoint(ctx context.Context, st store.Store, accountID, id string) (*store.WebhookEndpoint, error) {
	e, err := st.WebhookEndpoint(ctx, accountID, id)
	if err != nil {
		return nil, s.notFound(err, id)
	}
	return e, nil
}

func (s *Service) notFound(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.WebhookNotFound, "webhook endpoint %s does not exist", quote(id))
	}
	return err
}

func view(e *store.WebhookEndpoint) Endpoint {
	return Endpoint{ID: e.ID, URL: e.URL, Events: e.Events, Active: e.Active, DisabledReason: e.DisabledReason, CreatedAt: wire.At(e.CreatedAt)}
}
