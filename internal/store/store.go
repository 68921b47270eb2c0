// Package store is Quire's persistence boundary: one interface, implemented
// by the SQLite (default, embedded) and PostgreSQL drivers in sub-packages.
// Every read of a tenant-owned row takes the owning account id, so another
// account's id is simply ErrNotFound.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// ErrNotFound is returned when a row does not exist or belongs to another account.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a unique value (e.g. an account email) already exists.
var ErrConflict = errors.New("store: conflict")

// Account is a tenant: a company that owns keys, templates and documents.
type Account struct {
	ID        string
	Email     string
	Name      string
	Plan      string
	CreatedAt time.Time
	// SandboxCanEditTemplates lets the account's test keys create, change
	// and delete templates (shared with live keys); off by default.
	SandboxCanEditTemplates bool
}

// APIKey is stored by its SHA-256 hash only; the raw key is shown once.
type APIKey struct {
	ID         string
	AccountID  string
	Name       string
	Mode       string // "live" or "test"
	Prefix     string // first characters of the raw key, for display
	Hash       string // hex SHA-256 of the raw key
	CreatedAt  time.Time
	LastUsedAt *time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	// Projects the key may touch; nil means every project of the account.
	Projects []string
	// Permissions the key holds (auth.Perm…); nil means all of them.
	Permissions []string
}

// Template is an uploaded HTML, PDF form or DOCX file; its bytes live in blob storage.
type Template struct {
	ID        string
	AccountID string
	ProjectID string // "" on create: the account's default project
	Name      string
	Type      string          // "html", "pdf_form", "docx"
	Fields    json.RawMessage // []render.Field as JSON, owned by the templates service
	// FieldsCount is the number of Fields, set by the templates service and
	// stored beside them so that lists need not load them (Templates leaves
	// Fields nil).
	FieldsCount int
	// SampleData is example data for the template as a JSON object, empty
	// when there is none; read with one template only, as Fields.
	SampleData json.RawMessage
	BlobKey    string
	SizeBytes  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Document is one generated output; its bytes live in blob storage.
type Document struct {
	ID           string
	AccountID    string
	ProjectID    string // "" on create: the account's default project
	TemplateID   string // empty for raw-HTML documents
	TemplateName string
	Status       string // pending, processing, completed, failed, expired
	Filename     string
	ContentType  string
	BlobKey      string
	Mode         string // "live" or "test"
	SizeBytes    int64
	Pages        *int
	ErrorCode    string
	ErrorMessage string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ExpiresAt    *time.Time
}

// MaxDocumentIDs is the most ids one DocumentFilter may name: both
// dialects take that many bind parameters with room to spare.
const MaxDocumentIDs = 1000

// DocumentFilter selects documents of one account; Limit 0 means no limit.
type DocumentFilter struct {
	AccountID  string
	Status     string
	TemplateID string
	Mode       string   // "live" or "test"; "": both
	ProjectIDs []string // nil: every project; empty: none
	// IDs keeps the documents of these ids (of the account still: another
	// account's ids match nothing); nil: any id; empty: none. Callers page
	// long lists (MaxDocumentIDs a query).
	IDs []string
	// CreatedFrom and CreatedBefore bound created_at (from inclusive,
	// before exclusive); zero: unbounded.
	CreatedFrom, CreatedBefore time.Time
	Limit                      int
	Offset                     int
}

// Store is everything the domain services persist, one sub-interface per
// domain. Implementations must be safe for concurrent use.
type Store interface {
	AccountStore
	UserStore
	ProjectStore
	APIKeyStore
	TemplateStore
	DocumentStore
	WebhookStore
	LifecycleStore
	IdempotencyStore
	UsageStore
	PlanStore
	InvoiceStore
	BatchStore

	// InTx runs fn with a Store bound to one transaction: committed when fn
	// returns nil, rolled back otherwise. Inside fn, use only tx.
	InTx(ctx context.Context, fn func(tx Store) error) error

	Ping(ctx context.Context) error
	Close() error
}

// AccountStore persists tenants.
type AccountStore interface {
	// CreateAccount inserts a with its default project; ErrConflict on a taken email.
	CreateAccount(ctx context.Context, a *Account) error
	Account(ctx context.Context, id string) (*Account, error)
	AccountByEmail(ctx context.Context, email string) (*Account, error)
}

// APIKeyStore persists API keys (hashes only).
type APIKeyStore interface {
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// CreateAPIKeyWithin inserts k unless the account already has limit
	// active keys (neither revoked nor expired at k.CreatedAt):
	// ErrLimitReached. limit <= 0 means no limit.
	CreateAPIKeyWithin(ctx context.Context, k *APIKey, limit int) error
	// APIKeyByHash finds a key by hash, revoked and expired ones included:
	// the caller decides what they mean.
	APIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	APIKeys(ctx context.Context, accountID string) ([]APIKey, error) // newest first, revoked excluded
	// RevokeAPIKey revokes an active key; ErrNotFound when already revoked.
	RevokeAPIKey(ctx context.Context, accountID, id string, at time.Time) error
	TouchAPIKey(ctx context.Context, id string, at time.Time) error
}

// TemplateStore persists templates (their bytes live in blob storage).
type TemplateStore interface {
	CreateTemplate(ctx context.Context, t *Template) error
	Template(ctx context.Context, accountID, id string) (*Template, error)
	Templates(ctx context.Context, accountID string) ([]Template, error) // newest first, without Fields
	UpdateTemplate(ctx context.Context, t *Template) error               // by AccountID+ID
	DeleteTemplate(ctx context.Context, accountID, id string) error
}

// DocumentStore persists generated documents (their bytes live in blob storage).
type DocumentStore interface {
	CreateDocument(ctx context.Context, d *Document) error
	Document(ctx context.Context, accountID, id string) (*Document, error)
	Documents(ctx context.Context, f DocumentFilter) (docs []Document, total int, err error) // newest first
	UpdateDocument(ctx context.Context, d *Document) error                                   // by AccountID+ID
	DeleteDocument(ctx context.Context, accountID, id string) error
}
