package storetest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

const sampleFields = `[{"name":"customer","type":"string","required":true},{"name":"items","type":"array","items":[{"n":1.5}]},{"name":"note","type":"string","default":"é ✓ \"quoted\""}]`

func newTemplate(t *testing.T, s store.Store, accountID, name string, created time.Time) *store.Template {
	t.Helper()
	tpl := &store.Template{AccountID: accountID, Name: name, Type: "html",
		Fields: json.RawMessage(sampleFields), FieldsCount: 3, BlobKey: "templates/" + name, SizeBytes: 1234, CreatedAt: created}
	must(t, s.CreateTemplate(ctx(t), tpl), "CreateTemplate")
	return tpl
}

func testTemplates(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	tpl := newTemplate(t, s, acc.ID, "invoice", base)
	if !strings.HasPrefix(tpl.ID, "tpl_") {
		t.Errorf("generated id %q, want a tpl_ prefix", tpl.ID)
	}
	got, err := s.Template(ctx(t), acc.ID, tpl.ID)
	must(t, err, "Template")
	if got.ID != tpl.ID || got.AccountID != acc.ID || got.Name != "invoice" || got.Type != "html" ||
		got.BlobKey != "templates/invoice" || got.SizeBytes != 1234 || got.FieldsCount != 3 {
		t.Errorf("Template = %+v, want %+v", got, tpl)
	}
	sameJSON(t, got.Fields, sampleFields)
	sameTime(t, "CreatedAt", got.CreatedAt, base)
	sameTime(t, "UpdatedAt (defaults to CreatedAt)", got.UpdatedAt, base)

	// Update rewrites the mutable columns and moves UpdatedAt.
	before := time.Now()
	got.Name, got.Type, got.Fields, got.FieldsCount, got.BlobKey, got.SizeBytes = "invoice v2", "docx", json.RawMessage(`[{"name":"total"}]`), 1, "templates/v2", 99
	must(t, s.UpdateTemplate(ctx(t), got), "UpdateTemplate")
	if got.UpdatedAt.Before(before.Truncate(time.Microsecond)) {
		t.Errorf("UpdateTemplate set UpdatedAt = %v, want at least %v", got.UpdatedAt, before)
	}
	again, err := s.Template(ctx(t), acc.ID, tpl.ID)
	must(t, err, "Template after update")
	if again.Name != "invoice v2" || again.Type != "docx" || again.BlobKey != "templates/v2" || again.SizeBytes != 99 || again.FieldsCount != 1 {
		t.Errorf("after update Template = %+v", again)
	}
	sameJSON(t, again.Fields, `[{"name":"total"}]`)
	sameTime(t, "CreatedAt after update", again.CreatedAt, base)
	sameTime(t, "UpdatedAt after update", again.UpdatedAt, got.UpdatedAt)

	// Listing is newest first.
	older := newTemplate(t, s, acc.ID, "older", base.Add(-time.Minute))
	newer := newTemplate(t, s, acc.ID, "newer", base.Add(time.Minute))
	assertTemplateIDs(t, s, acc.ID, newer.ID, tpl.ID, older.ID)

	must(t, s.DeleteTemplate(ctx(t), acc.ID, tpl.ID), "DeleteTemplate")
	_, err = s.Template(ctx(t), acc.ID, tpl.ID)
	wantErr(t, err, store.ErrNotFound, "Template after delete")
	wantErr(t, s.DeleteTemplate(ctx(t), acc.ID, tpl.ID), store.ErrNotFound, "DeleteTemplate twice")
	assertTemplateIDs(t, s, acc.ID, newer.ID, older.ID)

	missing := &store.Template{ID: "tpl_missing", AccountID: acc.ID, Type: "html"}
	wantErr(t, s.UpdateTemplate(ctx(t), missing), store.ErrNotFound, "UpdateTemplate(missing)")
}

func testTemplateTenancy(t *testing.T, s store.Store) {
	alice, bob := newAccount(t, s), newAccount(t, s)
	tpl := newTemplate(t, s, alice.ID, "alice's", base)

	_, err := s.Template(ctx(t), bob.ID, tpl.ID)
	wantErr(t, err, store.ErrNotFound, "Template(other account)")
	assertTemplateIDs(t, s, bob.ID)

	stolen := *tpl
	stolen.AccountID, stolen.Name = bob.ID, "hijacked"
	wantErr(t, s.UpdateTemplate(ctx(t), &stolen), store.ErrNotFound, "UpdateTemplate(other account)")
	wantErr(t, s.DeleteTemplate(ctx(t), bob.ID, tpl.ID), store.ErrNotFound, "DeleteTemplate(other account)")

	got, err := s.Template(ctx(t), alice.ID, tpl.ID)
	must(t, err, "Template(owner) after foreign attempts")
	if got.Name != "alice's" || got.AccountID != alice.ID {
		t.Errorf("another account changed alice's template: %+v", got)
	}
	assertTemplateIDs(t, s, alice.ID, tpl.ID)
}

func testTemplateFields(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	for _, fields := range []json.RawMessage{nil, json.RawMessage(""), json.RawMessage("null"), json.RawMessage("[]")} {
		tpl := &store.Template{AccountID: acc.ID, Name: "empty", Type: "pdf_form", Fields: fields}
		must(t, s.CreateTemplate(ctx(t), tpl), "CreateTemplate")
		got, err := s.Template(ctx(t), acc.ID, tpl.ID)
		must(t, err, "Template")
		if string(got.Fields) != "[]" {
			t.Errorf("Fields %q stored as %q, want []", fields, got.Fields)
		}
		got.Fields = nil
		must(t, s.UpdateTemplate(ctx(t), got), "UpdateTemplate(nil fields)")
		again, err := s.Template(ctx(t), acc.ID, tpl.ID)
		must(t, err, "Template after update")
		if string(again.Fields) != "[]" {
			t.Errorf("nil Fields updated to %q, want []", again.Fields)
		}
	}
}

func assertTemplateIDs(t *testing.T, s store.Store, accountID string, want ...string) {
	t.Helper()
	list, err := s.Templates(ctx(t), accountID)
	must(t, err, "Templates")
	if list == nil {
		t.Errorf("Templates(%s) returned a nil slice", accountID)
	}
	var got []string
	for _, tpl := range list {
		got = append(got, tpl.ID)
		// Lists carry the count, never the (possibly huge) field list.
		if tpl.Fields != nil || tpl.FieldsCount == 0 || tpl.Name == "" || tpl.CreatedAt.IsZero() {
			t.Errorf("Templates(%s) row %+v: want the count and columns without Fields", accountID, tpl)
		}
	}
	if !equalStrings(got, want) {
		t.Errorf("Templates(%s) = %v, want %v", accountID, got, want)
	}
}

// sameJSON compares JSON by value: PostgreSQL's jsonb may respace it.
func sameJSON(t *testing.T, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("stored JSON %q does not parse: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad test JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}

// testTemplateSampleData: sample data is kept, changed and removed with
// the template, read with one template only, and never by another account.
func testTemplateSampleData(t *testing.T, s store.Store) {
	acc, other := newAccount(t, s), newAccount(t, s)
	tpl := &store.Template{AccountID: acc.ID, Name: "sampled", Type: "html", SampleData: json.RawMessage(`{"invoice_number":"INV-7","items":[{"qty":2}]}`)}
	must(t, s.CreateTemplate(ctx(t), tpl), "CreateTemplate")
	got, err := s.Template(ctx(t), acc.ID, tpl.ID)
	must(t, err, "Template")
	if string(got.SampleData) != `{"invoice_number":"INV-7","items":[{"qty":2}]}` {
		t.Fatalf("SampleData stored as %q", got.SampleData)
	}
	list, err := s.Templates(ctx(t), acc.ID)
	must(t, err, "Templates")
	if len(list) != 1 || list[0].SampleData != nil {
		t.Errorf("lists carry the sample data: %+v", list)
	}
	if _, err := s.Template(ctx(t), other.ID, tpl.ID); err == nil {
		t.Error("another account reads the template")
	}
	got.SampleData = json.RawMessage(`{"invoice_number":"INV-8"}`)
	must(t, s.UpdateTemplate(ctx(t), got), "UpdateTemplate")
	again, err := s.Template(ctx(t), acc.ID, tpl.ID)
	must(t, err, "Template after update")
	if string(again.SampleData) != `{"invoice_number":"INV-8"}` {
		t.Errorf("SampleData updated to %q", again.SampleData)
	}
	again.SampleData = nil
	must(t, s.UpdateTemplate(ctx(t), again), "UpdateTemplate(no sample)")
	if gone, err := s.Template(ctx(t), acc.ID, tpl.ID); err != nil || gone.SampleData != nil {
		t.Errorf("removed SampleData reads back as %q (%v)", gone.SampleData, err)
	}
}
