// Package storetest is the conformance suite every store.Store driver runs:
// the same behaviour, checked the same way, on SQLite and PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// Run runs the suite. open must return a working, empty-or-not store and
// arrange its cleanup; the suite only ever looks at rows it created.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Accounts", testAccounts},
		{"Users", testUsers},
		{"UserTenancy", testUserTenancy},
		{"RefreshTokens", testRefreshTokens},
		{"Projects", testProjects},
		{"ProjectTenancy", testProjectTenancy},
		{"ProjectMembership", testProjectMembership},
		{"APIKeys", testAPIKeys},
		{"APIKeyTenancy", testAPIKeyTenancy},
		{"APIKeyScope", testAPIKeyScope},
		{"APIKeyLimit", testAPIKeyLimit},
		{"Templates", testTemplates},
		{"TemplateTenancy", testTemplateTenancy},
		{"TemplateFields", testTemplateFields},
		{"TemplateSampleData", testTemplateSampleData},
		{"Documents", testDocuments},
		{"DocumentTenancy", testDocumentTenancy},
		{"DocumentDates", testDocumentDates},
		{"DocumentList", testDocumentList},
		{"DocumentIDs", testDocumentIDs},
		{"DocumentOutlivesTemplate", testDocumentOutlivesTemplate},
		{"WebhookEndpoints", testWebhookEndpoints},
		{"WebhookEndpointLimit", testWebhookEndpointLimit},
		{"WebhookEndpointHealth", testWebhookEndpointHealth},
		{"WebhookTenancy", testWebhookTenancy},
		{"WebhookDeliveries", testWebhookDeliveries},
		{"WebhookAttempts", testWebhookAttempts},
		{"WebhookPrune", testWebhookPrune},
		{"ExpiredDocuments", testExpiredDocuments},
		{"IdempotencyKeys", testIdempotencyKeys},
		{"IdempotencyKeyRace", testIdempotencyKeyRace},
		{"UsageHolds", testUsageHolds},
		{"UsageHoldRace", testUsageHoldRace},
		{"UsageCount", testUsageCount},
		{"UsageHoldMany", testUsageHoldMany},
		{"UsageHoldRefresh", testUsageHoldRefresh},
		{"Batches", testBatches},
		{"BatchTenancy", testBatchTenancy},
		{"PlansAndBilling", testPlansAndBilling},
		{"Customers", testCustomers},
		{"InvoiceTenancy", testInvoiceTenancy},
		{"InvoiceNumbering", testInvoiceNumbering},
		{"Times", testTimes},
		{"InTxCommit", testInTxCommit},
		{"InTxRollback", testInTxRollback},
		{"InTxPanic", testInTxPanic},
		{"RawTx", testRawTx},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Ping", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// base is a fixed instant with sub-microsecond digits and a non-UTC zone,
// so that every write exercises normalisation.
var base = time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.FixedZone("UTC+2", 2*3600))

func ctx(t *testing.T) context.Context { return t.Context() }

// newAccount creates an account with a unique email.
func newAccount(t *testing.T, s store.Store) *store.Account {
	t.Helper()
	a := &store.Account{Email: ids.Random(10) + "@example.com", Name: "Acme", Plan: "free"}
	if err := s.CreateAccount(ctx(t), a); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	return a
}

func newDocument(accountID string, created time.Time) *store.Document {
	return &store.Document{
		AccountID:   accountID,
		Status:      "completed",
		Filename:    "out.pdf",
		ContentType: "application/pdf",
		Mode:        "live",
		CreatedAt:   created,
	}
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func wantErr(t *testing.T, err, want error, what string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got error %v, want %v", what, err, want)
	}
}

// micro is what the store promises to return for t: UTC, microseconds.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(micro(want)) || got.Location() != time.UTC {
		t.Errorf("%s = %v, want %v in UTC", what, got, micro(want))
	}
}

func sameOptTime(t *testing.T, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, got, want)
	default:
		sameTime(t, what, *got, *want)
	}
}

func ptr[T any](v T) *T { return &v }
