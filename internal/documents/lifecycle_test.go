package documents

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlite"
	"github.com/quirehq/quire/internal/store/sqlstore"
)

// recorder is an Events listener that notes what it hears, whether it
// was inside a transaction, and refuses events while fail is set.
type recorder struct {
	heard []string // "event id"
	inTx  []bool
	fail  error
}

func (r *recorder) Emit(_ context.Context, tx store.Store, event string, d *store.Document) error {
	if r.fail != nil {
		return r.fail
	}
	_, ok := sqlstore.RawTx(tx)
	r.heard = append(r.heard, event+" "+d.ID)
	r.inTx = append(r.inTx, ok)
	return nil
}

type fixture struct {
	s   *Service
	ev  *recorder
	acc *store.Account
}

// newFixture is a documents service on a real SQLite file and a real
// file bucket; nothing here renders.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(t.Context(), filepath.Join(dir, "quire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	blobs, err := blob.Open(t.Context(), "file://"+filepath.ToSlash(filepath.Join(dir))+"?no_tmp_dir=true&metadata=skip")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = blobs.Close() })
	ev := &recorder{}
	s := New(Deps{Store: st, Blobs: blobs, Signer: &blob.Signer{Key: []byte("k"), BaseURL: "http://quire.test", TTL: time.Hour}, Events: ev})
	acc := &store.Account{Email: ids.Random(8) + "@example.com"}
	if err := st.CreateAccount(t.Context(), acc); err != nil {
		t.Fatal(err)
	}
	return &fixture{s: s, ev: ev, acc: acc}
}

// completed stores a completed document with a file, expiring at expires.
func (f *fixture) completed(t *testing.T, expires time.Time) *store.Document {
	t.Helper()
	d := &store.Document{ID: ids.New("doc"), AccountID: f.acc.ID, Status: StatusCompleted, Filename: "a.pdf",
		ContentType: "application/pdf", Mode: "live", ExpiresAt: &expires}
	d.BlobKey = blobKey(d, ".pdf")
	if err := f.s.deps.Blobs.Put(t.Context(), d.BlobKey, []byte("%PDF-1.7 test"), d.ContentType); err != nil {
		t.Fatal(err)
	}
	if err := f.s.deps.Store.CreateDocument(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func (f *fixture) status(t *testing.T, id string) string {
	t.Helper()
	d, err := f.s.deps.Store.Document(t.Context(), f.acc.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return "gone"
	}
	if err != nil {
		t.Fatal(err)
	}
	return d.Status
}

func (f *fixture) hasFile(t *testing.T, d *store.Document) bool {
	t.Helper()
	_, err := f.s.deps.Blobs.Get(t.Context(), d.BlobKey)
	if err != nil && !errors.Is(err, blob.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func TestSweepExpiresDocumentsAndKeepsTheirRows(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	old := f.completed(t, now.Add(-time.Minute))
	fresh := f.completed(t, now.Add(time.Hour))

	n, err := f.s.Sweep(t.Context(), now)
	if err != nil || n != 1 {
		t.Fatalf("Sweep = %d, %v; want 1 expired", n, err)
	}
	if f.status(t, old.ID) != StatusExpired || f.hasFile(t, old) {
		t.Errorf("expired document: status %s, file kept %v", f.status(t, old.ID), f.hasFile(t, old))
	}
	if f.status(t, fresh.ID) != StatusCompleted || !f.hasFile(t, fresh) {
		t.Error("a document not yet expired was touched")
	}
	if len(f.ev.heard) != 1 || f.ev.heard[0] != EventExpired+" "+old.ID || !f.ev.inTx[0] {
		t.Errorf("events %v (in transaction: %v)", f.ev.heard, f.ev.inTx)
	}
	if n, err := f.s.Sweep(t.Context(), now); n != 0 || err != nil {
		t.Errorf("second Sweep = %d, %v; want nothing to do", n, err)
	}
}

// An event the listener refuses rolls its change back: the document stays
// completed (its file already gone) and the next sweep finishes it.
func TestSweepRetriesWhatItCouldNotExpire(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	a, b := f.completed(t, now.Add(-2*time.Minute)), f.completed(t, now.Add(-time.Minute))
	f.ev.fail = errors.New("listener down")
	n, err := f.s.Sweep(t.Context(), now)
	if n != 0 || err == nil {
		t.Fatalf("Sweep with a refusing listener = %d, %v", n, err)
	}
	if f.status(t, a.ID) != StatusCompleted || f.status(t, b.ID) != StatusCompleted {
		t.Fatal("a document changed without its event")
	}
	f.ev.fail = nil
	if n, err := f.s.Sweep(t.Context(), now); n != 2 || err != nil {
		t.Fatalf("Sweep after the listener recovered = %d, %v", n, err)
	}
	if f.status(t, a.ID) != StatusExpired || f.status(t, b.ID) != StatusExpired {
		t.Fatal("documents not expired on the second sweep")
	}
}

func TestDeleteEmitsInItsTransaction(t *testing.T) {
	f := newFixture(t)
	p := auth.Principal{AccountID: f.acc.ID, Mode: "live"}
	d := f.completed(t, time.Now().Add(time.Hour))

	f.ev.fail = errors.New("listener down")
	if err := f.s.Delete(t.Context(), p, d.ID); err == nil {
		t.Fatal("Delete succeeded although its event was refused")
	}
	if f.status(t, d.ID) != StatusCompleted {
		t.Fatal("the row was deleted without its event")
	}
	f.ev.fail = nil
	if err := f.s.Delete(t.Context(), p, d.ID); err != nil {
		t.Fatal(err)
	}
	if f.status(t, d.ID) != "gone" || f.hasFile(t, d) {
		t.Fatal("row or file left after Delete")
	}
	if len(f.ev.heard) != 1 || f.ev.heard[0] != EventDeleted+" "+d.ID || !f.ev.inTx[0] {
		t.Errorf("events %v (in transaction: %v)", f.ev.heard, f.ev.inTx)
	}
}

func TestPermanentErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{errs.New(errs.InvalidInput, "bad data"), true},
		{errs.New(errs.TooManyPages, "long"), true},
		{errs.New(errs.TemplateNotFound, "gone"), true},
		{errs.New(errs.RenderTimeout, "slow"), false},
		{errs.New(errs.Unavailable, "browser restarting"), false},
		{errs.New(errs.RenderFailed, "crash"), false},
		{errors.New("disk full"), false},
	} {
		if got := permanent(c.err); got != c.want {
			t.Errorf("permanent(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
