package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func testDocumentList(t *testing.T, s store.Store) {
	acc, other := newAccount(t, s), newAccount(t, s)
	// 10 documents one second apart: even ones completed from tpl_a, odd
	// ones failed from tpl_b, two of them made in test mode; ids[0] is the
	// newest.
	var ids []string
	byStatus := map[string][]string{}
	byTemplate := map[string][]string{}
	byMode := map[string][]string{}
	for i := 9; i >= 0; i-- {
		d := newDocument(acc.ID, base.Add(time.Duration(i)*time.Second))
		d.Status, d.TemplateID = "completed", "tpl_a"
		if i%2 == 1 {
			d.Status, d.TemplateID = "failed", "tpl_b"
		}
		if i == 4 || i == 7 {
			d.Mode = "test"
		}
		must(t, s.CreateDocument(ctx(t), d), "CreateDocument")
		byMode[d.Mode] = append(byMode[d.Mode], d.ID)
		ids = append(ids, d.ID)
		byStatus[d.Status] = append(byStatus[d.Status], d.ID)
		byTemplate[d.TemplateID] = append(byTemplate[d.TemplateID], d.ID)
	}
	// Noise in another account, same templates and statuses.
	for i := range 3 {
		d := newDocument(other.ID, base.Add(time.Duration(i)*time.Second))
		d.TemplateID = "tpl_a"
		must(t, s.CreateDocument(ctx(t), d), "CreateDocument(other)")
	}

	f := store.DocumentFilter{AccountID: acc.ID}
	assertList(t, s, f, 10, ids...)
	assertList(t, s, withPage(f, 3, 0), 10, ids[0:3]...)
	assertList(t, s, withPage(f, 3, 3), 10, ids[3:6]...)
	assertList(t, s, withPage(f, 3, 9), 10, ids[9])
	assertList(t, s, withPage(f, 3, 10), 10)
	assertList(t, s, withPage(f, 0, 8), 10, ids[8:]...)

	completed := store.DocumentFilter{AccountID: acc.ID, Status: "completed"}
	assertList(t, s, completed, 5, byStatus["completed"]...)
	assertList(t, s, withPage(completed, 2, 1), 5, byStatus["completed"][1:3]...)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, TemplateID: "tpl_b"}, 5, byTemplate["tpl_b"]...)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, Status: "failed", TemplateID: "tpl_b"}, 5, byStatus["failed"]...)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, Status: "failed", TemplateID: "tpl_a"}, 0)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, Status: "expired"}, 0)
	assertList(t, s, store.DocumentFilter{AccountID: other.ID, TemplateID: "tpl_a", Limit: 2}, 3, "", "")
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, Mode: "test"}, 2, byMode["test"]...)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, Mode: "live", Limit: 3}, 8, byMode["live"][:3]...)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, Mode: "test", Status: "failed"}, 1, byMode["test"][0])
}

func withPage(f store.DocumentFilter, limit, offset int) store.DocumentFilter {
	f.Limit, f.Offset = limit, offset
	return f
}

// assertList checks total and the ids in order; an empty want id only
// checks the position exists.
func assertList(t *testing.T, s store.Store, f store.DocumentFilter, total int, want ...string) {
	t.Helper()
	docs, gotTotal, err := s.Documents(ctx(t), f)
	must(t, err, "Documents")
	what := fmt.Sprintf("Documents(%+v)", f)
	if docs == nil {
		t.Errorf("%s returned a nil slice", what)
	}
	if gotTotal != total {
		t.Errorf("%s total = %d, want %d", what, gotTotal, total)
	}
	if len(docs) != len(want) {
		t.Fatalf("%s returned %d documents, want %d", what, len(docs), len(want))
	}
	for i, d := range docs {
		if d.AccountID != f.AccountID {
			t.Errorf("%s returned a document of account %s", what, d.AccountID)
		}
		if want[i] != "" && d.ID != want[i] {
			t.Errorf("%s[%d] = %s, want %s", what, i, d.ID, want[i])
		}
	}
}

// testDocumentIDs: an IDs filter returns the account's documents of those
// ids, newest first, with the other filters still applied; another
// account's ids and unknown ids match nothing, an empty list nothing, and
// more than MaxDocumentIDs is an error.
func testDocumentIDs(t *testing.T, s store.Store) {
	acc, other := newAccount(t, s), newAccount(t, s)
	var mine []string // newest first
	for i := 4; i >= 0; i-- {
		d := newDocument(acc.ID, base.Add(time.Duration(i)*time.Second))
		if i == 3 {
			d.Status = "failed"
		}
		must(t, s.CreateDocument(ctx(t), d), "CreateDocument")
		mine = append(mine, d.ID)
	}
	theirs := newDocument(other.ID, base)
	must(t, s.CreateDocument(ctx(t), theirs), "CreateDocument(other)")

	asked := []string{mine[3], theirs.ID, mine[0], "doc_unknown", mine[1]}
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, IDs: asked}, 3, mine[0], mine[1], mine[3])
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, IDs: asked, Status: "completed"}, 2, mine[0], mine[3])
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, IDs: asked, Limit: 1, Offset: 1}, 3, mine[1])
	assertList(t, s, store.DocumentFilter{AccountID: other.ID, IDs: asked}, 1, theirs.ID)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, IDs: []string{}}, 0)
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, IDs: nil, Limit: 2}, 5, mine[0], mine[1])

	tooMany := make([]string, store.MaxDocumentIDs+1)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("doc_%d", i)
	}
	if _, _, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: acc.ID, IDs: tooMany}); err == nil {
		t.Errorf("Documents with %d ids: no error", len(tooMany))
	}
	full := append(tooMany[:store.MaxDocumentIDs-1:store.MaxDocumentIDs-1], mine[2])
	assertList(t, s, store.DocumentFilter{AccountID: acc.ID, IDs: full}, 1, mine[2])
}
