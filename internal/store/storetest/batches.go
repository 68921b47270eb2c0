package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// newBatch stores a batch of n pending items (more than one INSERT's worth
// when n is large).
func newBatch(t *testing.T, s store.Store, accountID string, n int) *store.Batch {
	t.Helper()
	b := &store.Batch{AccountID: accountID, TemplateID: "tpl_1", TemplateName: "Invoice", Mode: "live", Status: "pending",
		Output: "documents", Total: n, Spec: []byte(`{"chunk_size":32}`), CreatedAt: base, UpdatedAt: base}
	items := make([]store.BatchItem, n)
	for i := range items {
		items[i] = store.BatchItem{Index: i, Status: "pending", Data: []byte(`{"n":1}`)}
	}
	must(t, s.InTx(ctx(t), func(tx store.Store) error { return tx.CreateBatch(ctx(t), b, items) }), "CreateBatch")
	return b
}

// testBatches: items are stored in order, finish once (a second finish is
// a conflict), cancel only pending ones; the status moves only from the
// status named; prints add up and two paths make "mixed".
func testBatches(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	b := newBatch(t, s, acc.ID, 450)
	got, err := s.Batch(ctx(t), acc.ID, b.ID)
	must(t, err, "Batch")
	if got.Total != 450 || got.Status != "pending" || string(got.Spec) != `{"chunk_size":32}` || !got.CreatedAt.Equal(micro(base)) || got.CompletedAt != nil {
		t.Fatalf("batch %+v", got)
	}
	items, total, err := s.BatchItems(ctx(t), store.BatchItemFilter{BatchID: b.ID, From: 200, To: 204})
	must(t, err, "BatchItems")
	if total != 4 || len(items) != 4 || items[0].Index != 200 || items[3].Index != 203 || string(items[0].Data) != `{"n":1}` {
		t.Fatalf("items [200, 204): %d %+v", total, items)
	}
	pages := 2
	done := store.BatchItem{BatchID: b.ID, Index: 201, Status: "completed", DocumentID: "doc_1", Filename: "a.pdf", Pages: &pages}
	must(t, s.FinishBatchItem(ctx(t), &done), "FinishBatchItem")
	wantErr(t, s.FinishBatchItem(ctx(t), &done), store.ErrConflict, "finishing an item twice")
	failed := store.BatchItem{BatchID: b.ID, Index: 202, Status: "failed", ErrorCode: "RENDER_FAILED", ErrorMessage: "boom"}
	must(t, s.FinishBatchItem(ctx(t), &failed), "FinishBatchItem(failed)")
	canceled, err := s.CancelBatchItems(ctx(t), b.ID)
	must(t, err, "CancelBatchItems")
	if len(canceled) != 448 || slices.Contains(canceled, 201) || slices.Contains(canceled, 202) {
		t.Fatalf("canceled %d items", len(canceled))
	}
	counts, err := s.BatchCounts(ctx(t), b.ID)
	must(t, err, "BatchCounts")
	if counts["completed"] != 1 || counts["failed"] != 1 || counts["canceled"] != 448 || counts["pending"] != 0 {
		t.Fatalf("counts %v", counts)
	}
	items, _, err = s.BatchItems(ctx(t), store.BatchItemFilter{BatchID: b.ID, Status: "completed"})
	must(t, err, "BatchItems(completed)")
	if len(items) != 1 || items[0].DocumentID != "doc_1" || items[0].Pages == nil || *items[0].Pages != 2 {
		t.Fatalf("completed items %+v", items)
	}

	must(t, s.AddBatchPrints(ctx(t), b.ID, "combined", 3), "AddBatchPrints")
	must(t, s.AddBatchPrints(ctx(t), b.ID, "combined", 2), "AddBatchPrints")
	if got, _ := s.Batch(ctx(t), acc.ID, b.ID); got.RenderPath != "combined" || got.Prints != 5 {
		t.Fatalf("one path: %q %d", got.RenderPath, got.Prints)
	}
	must(t, s.AddBatchPrints(ctx(t), b.ID, "single", 1), "AddBatchPrints")
	if got, _ := s.Batch(ctx(t), acc.ID, b.ID); got.RenderPath != "mixed" || got.Prints != 6 {
		t.Fatalf("two paths: %q %d", got.RenderPath, got.Prints)
	}

	fin := base.Add(time.Minute)
	b.Status, b.CompletedAt, b.ResultDocumentID = "completed", &fin, "doc_r"
	must(t, s.SetBatchStatus(ctx(t), b, "pending"), "SetBatchStatus")
	wantErr(t, s.SetBatchStatus(ctx(t), b, "pending"), store.ErrConflict, "a second finish")
	if got, _ := s.Batch(ctx(t), acc.ID, b.ID); got.Status != "completed" || got.ResultDocumentID != "doc_r" || got.CompletedAt == nil || !got.CompletedAt.Equal(micro(fin)) {
		t.Fatalf("finished %+v", got)
	}
}

// testBatchTenancy: another account's batch does not exist for it, and
// lists keep to their account, mode and projects.
func testBatchTenancy(t *testing.T, s store.Store) {
	mine, theirs := newAccount(t, s), newAccount(t, s)
	b := newBatch(t, s, mine.ID, 2)
	_, err := s.Batch(ctx(t), theirs.ID, b.ID)
	wantErr(t, err, store.ErrNotFound, "another account's batch")
	stolen := *b
	stolen.AccountID, stolen.Status = theirs.ID, "canceled"
	wantErr(t, s.SetBatchStatus(ctx(t), &stolen, "pending"), store.ErrNotFound, "canceling another account's batch")
	list, total, err := s.Batches(ctx(t), store.BatchFilter{AccountID: theirs.ID})
	must(t, err, "Batches")
	if total != 0 || len(list) != 0 {
		t.Fatalf("their list %d", total)
	}
	second := newBatch(t, s, mine.ID, 1)
	list, total, err = s.Batches(ctx(t), store.BatchFilter{AccountID: mine.ID, Mode: "live", Limit: 1})
	must(t, err, "Batches")
	if total != 2 || len(list) != 1 || (list[0].ID != second.ID && list[0].ID != b.ID) {
		t.Fatalf("my list %d %+v", total, list)
	}
	if _, total, _ := s.Batches(ctx(t), store.BatchFilter{AccountID: mine.ID, Mode: "test"}); total != 0 {
		t.Fatalf("test mode lists %d", total)
	}
	if _, total, _ := s.Batches(ctx(t), store.BatchFilter{AccountID: mine.ID, ProjectIDs: []string{ids.New("prj")}}); total != 0 {
		t.Fatalf("another project lists %d", total)
	}
	if _, total, _ := s.Batches(ctx(t), store.BatchFilter{AccountID: mine.ID, ProjectIDs: []string{}}); total != 0 {
		t.Fatalf("no project lists %d", total)
	}
}

// testUsageHoldMany: a set of holds is taken whole or not at all.
func testUsageHoldMany(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	since, stale := base.Add(-time.Hour), base.Add(-time.Minute)
	holds := func(n int) []store.UsageHold {
		out := make([]store.UsageHold, n)
		for i := range out {
			out[i] = store.UsageHold{ID: ids.New("use"), AccountID: acc.ID, Mode: "live", CreatedAt: base}
		}
		return out
	}
	ok, used, err := s.HoldUsageMany(ctx(t), holds(3), since, stale, 5)
	must(t, err, "HoldUsageMany")
	if !ok || used != 0 {
		t.Fatalf("3 of 5: %v %d", ok, used)
	}
	ok, used, err = s.HoldUsageMany(ctx(t), holds(3), since, stale, 5)
	must(t, err, "HoldUsageMany")
	if ok || used != 3 {
		t.Fatalf("3 more of 5: %v %d", ok, used)
	}
	ok, _, err = s.HoldUsageMany(ctx(t), holds(2), since, stale, 5)
	must(t, err, "HoldUsageMany")
	if !ok {
		t.Fatal("the 2 left were refused: the refused set held some")
	}
}
