package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func testDocuments(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	expires := base.Add(24 * time.Hour)
	d := &store.Document{AccountID: acc.ID, TemplateID: "tpl_x", TemplateName: "invoice", Status: "completed",
		Filename: "invoice-42.pdf", ContentType: "application/pdf", BlobKey: "docs/42", Mode: "test",
		SizeBytes: 52_000, Pages: ptr(3), CreatedAt: base, ExpiresAt: &expires}
	must(t, s.CreateDocument(ctx(t), d), "CreateDocument")
	if !strings.HasPrefix(d.ID, "doc_") {
		t.Errorf("generated id %q, want a doc_ prefix", d.ID)
	}
	got, err := s.Document(ctx(t), acc.ID, d.ID)
	must(t, err, "Document")
	assertDocument(t, got, d)

	// A pending raw-HTML document: empty template, nil pages and expiry.
	p := &store.Document{AccountID: acc.ID, Status: "pending", Mode: "live"}
	must(t, s.CreateDocument(ctx(t), p), "CreateDocument(pending)")
	got, err = s.Document(ctx(t), acc.ID, p.ID)
	must(t, err, "Document(pending)")
	assertDocument(t, got, p)
	if got.Pages != nil || got.ExpiresAt != nil || got.TemplateID != "" {
		t.Errorf("nil/empty fields did not stay empty: %+v", got)
	}

	// Completing it sets every mutable column and UpdatedAt.
	before := time.Now().Truncate(time.Microsecond)
	got.Status, got.Filename, got.ContentType, got.BlobKey = "completed", "x.pdf", "application/pdf", "docs/x"
	got.SizeBytes, got.Pages, got.ExpiresAt = 777, ptr(1), &expires
	must(t, s.UpdateDocument(ctx(t), got), "UpdateDocument")
	if got.UpdatedAt.Before(before) {
		t.Errorf("UpdateDocument set UpdatedAt = %v, want at least %v", got.UpdatedAt, before)
	}
	again, err := s.Document(ctx(t), acc.ID, p.ID)
	must(t, err, "Document after update")
	assertDocument(t, again, got)

	// Failing it, and clearing pages and expiry again.
	again.Status, again.ErrorCode, again.ErrorMessage, again.Pages, again.ExpiresAt = "failed", "render_failed", "boom", nil, nil
	must(t, s.UpdateDocument(ctx(t), again), "UpdateDocument(failed)")
	failed, err := s.Document(ctx(t), acc.ID, p.ID)
	must(t, err, "Document after failure")
	assertDocument(t, failed, again)

	must(t, s.DeleteDocument(ctx(t), acc.ID, d.ID), "DeleteDocument")
	_, err = s.Document(ctx(t), acc.ID, d.ID)
	wantErr(t, err, store.ErrNotFound, "Document after delete")
	wantErr(t, s.DeleteDocument(ctx(t), acc.ID, d.ID), store.ErrNotFound, "DeleteDocument twice")
	wantErr(t, s.UpdateDocument(ctx(t), d), store.ErrNotFound, "UpdateDocument(deleted)")
}

func testDocumentTenancy(t *testing.T, s store.Store) {
	alice, bob := newAccount(t, s), newAccount(t, s)
	d := newDocument(alice.ID, base)
	must(t, s.CreateDocument(ctx(t), d), "CreateDocument")

	_, err := s.Document(ctx(t), bob.ID, d.ID)
	wantErr(t, err, store.ErrNotFound, "Document(other account)")
	docs, total, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: bob.ID})
	must(t, err, "Documents(other account)")
	if len(docs) != 0 || total != 0 {
		t.Errorf("bob sees %d documents (total %d), want none", len(docs), total)
	}

	stolen := *d
	stolen.AccountID, stolen.Status = bob.ID, "failed"
	wantErr(t, s.UpdateDocument(ctx(t), &stolen), store.ErrNotFound, "UpdateDocument(other account)")
	wantErr(t, s.DeleteDocument(ctx(t), bob.ID, d.ID), store.ErrNotFound, "DeleteDocument(other account)")

	got, err := s.Document(ctx(t), alice.ID, d.ID)
	must(t, err, "Document(owner) after foreign attempts")
	assertDocument(t, got, d)
}

func testDocumentOutlivesTemplate(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	tpl := newTemplate(t, s, acc.ID, "receipt", base)
	d := newDocument(acc.ID, base)
	d.TemplateID, d.TemplateName = tpl.ID, tpl.Name
	must(t, s.CreateDocument(ctx(t), d), "CreateDocument")
	must(t, s.DeleteTemplate(ctx(t), acc.ID, tpl.ID), "DeleteTemplate")

	got, err := s.Document(ctx(t), acc.ID, d.ID)
	must(t, err, "Document after its template was deleted")
	if got.TemplateID != tpl.ID || got.TemplateName != "receipt" {
		t.Errorf("document lost its template reference: %+v", got)
	}
	// A document may even name a template that never existed (no foreign key).
	orphan := newDocument(acc.ID, base)
	orphan.TemplateID = "tpl_never_existed"
	must(t, s.CreateDocument(ctx(t), orphan), "CreateDocument(unknown template)")
}

func assertDocument(t *testing.T, got, want *store.Document) {
	t.Helper()
	if got.ID != want.ID || got.AccountID != want.AccountID || got.TemplateID != want.TemplateID ||
		got.TemplateName != want.TemplateName || got.Status != want.Status || got.Filename != want.Filename ||
		got.ContentType != want.ContentType || got.BlobKey != want.BlobKey || got.Mode != want.Mode ||
		got.SizeBytes != want.SizeBytes || got.ErrorCode != want.ErrorCode || got.ErrorMessage != want.ErrorMessage {
		t.Errorf("Document = %+v\nwant       %+v", got, want)
	}
	if (got.Pages == nil) != (want.Pages == nil) || (got.Pages != nil && *got.Pages != *want.Pages) {
		t.Errorf("Pages = %v, want %v", got.Pages, want.Pages)
	}
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "UpdatedAt", got.UpdatedAt, want.UpdatedAt)
	sameOptTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
}

func testDocumentDates(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	for _, at := range []time.Duration{0, time.Hour, 25 * time.Hour} {
		must(t, s.CreateDocument(ctx(t), newDocument(acc.ID, base.Add(at))), "CreateDocument")
	}
	for _, c := range []struct {
		from, before time.Duration // -1: unbounded
		want         int
	}{
		{30 * time.Minute, -1, 2},
		{-1, time.Hour, 1},
		{time.Hour, 2 * time.Hour, 1}, // from is inclusive
		{-1, -1, 3},
	} {
		f := store.DocumentFilter{AccountID: acc.ID}
		if c.from >= 0 {
			f.CreatedFrom = base.Add(c.from)
		}
		if c.before >= 0 {
			f.CreatedBefore = base.Add(c.before)
		}
		docs, total, err := s.Documents(ctx(t), f)
		must(t, err, "Documents(dates)")
		if total != c.want || len(docs) != c.want {
			t.Errorf("from %v before %v: %d documents (total %d), want %d", c.from, c.before, len(docs), total, c.want)
		}
	}
}
