package storetest

import (
	"errors"
	"testing"

	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlstore"
)

func testInTxCommit(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	var d *store.Document
	err := s.InTx(ctx(t), func(tx store.Store) error {
		d = newDocument(acc.ID, base)
		if err := tx.CreateDocument(ctx(t), d); err != nil {
			return err
		}
		// The transaction reads its own writes, and a nested InTx joins it.
		if _, err := tx.Document(ctx(t), acc.ID, d.ID); err != nil {
			return err
		}
		return tx.InTx(ctx(t), func(inner store.Store) error {
			d.Status = "expired"
			return inner.UpdateDocument(ctx(t), d)
		})
	})
	must(t, err, "InTx")
	got, err := s.Document(ctx(t), acc.ID, d.ID)
	must(t, err, "Document after commit")
	if got.Status != "expired" {
		t.Errorf("committed status = %q, want expired", got.Status)
	}
}

var errAbort = errors.New("abort")

func testInTxRollback(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	var accountID, docID, tplID string
	err := s.InTx(ctx(t), func(tx store.Store) error {
		a := &store.Account{Email: "rolled-back-" + acc.ID + "@example.com"}
		if err := tx.CreateAccount(ctx(t), a); err != nil {
			return err
		}
		d := newDocument(acc.ID, base)
		if err := tx.CreateDocument(ctx(t), d); err != nil {
			return err
		}
		tpl := &store.Template{AccountID: acc.ID, Type: "html"}
		if err := tx.CreateTemplate(ctx(t), tpl); err != nil {
			return err
		}
		accountID, docID, tplID = a.ID, d.ID, tpl.ID
		return errAbort
	})
	wantErr(t, err, errAbort, "InTx returning an error")
	assertNothingWritten(t, s, acc.ID, accountID, docID, tplID)

	// A failing statement inside the transaction rolls back the earlier ones too.
	err = s.InTx(ctx(t), func(tx store.Store) error {
		d := newDocument(acc.ID, base)
		if err := tx.CreateDocument(ctx(t), d); err != nil {
			return err
		}
		docID = d.ID
		return tx.CreateAccount(ctx(t), &store.Account{Email: acc.Email})
	})
	wantErr(t, err, store.ErrConflict, "InTx with a conflicting insert")
	_, err = s.Document(ctx(t), acc.ID, docID)
	wantErr(t, err, store.ErrNotFound, "Document written before the failed statement")
}

func testInTxPanic(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	var docID string
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("InTx swallowed a panic")
			}
		}()
		_ = s.InTx(ctx(t), func(tx store.Store) error {
			d := newDocument(acc.ID, base)
			if err := tx.CreateDocument(ctx(t), d); err != nil {
				return err
			}
			docID = d.ID
			panic("render exploded")
		})
	}()
	_, err := s.Document(ctx(t), acc.ID, docID)
	wantErr(t, err, store.ErrNotFound, "Document written before a panic")
	// The store still works: the connection was released.
	newAccount(t, s)
}

func assertNothingWritten(t *testing.T, s store.Store, accountID, newAccountID, docID, tplID string) {
	t.Helper()
	_, err := s.Account(ctx(t), newAccountID)
	wantErr(t, err, store.ErrNotFound, "Account after rollback")
	_, err = s.Document(ctx(t), accountID, docID)
	wantErr(t, err, store.ErrNotFound, "Document after rollback")
	_, err = s.Template(ctx(t), accountID, tplID)
	wantErr(t, err, store.ErrNotFound, "Template after rollback")
	docs, total, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: accountID})
	must(t, err, "Documents after rollback")
	if len(docs) != 0 || total != 0 {
		t.Errorf("rollback left %d documents (total %d)", len(docs), total)
	}
}

func testRawTx(t *testing.T, s store.Store) {
	if raw, ok := sqlstore.RawTx(s); ok || raw != nil {
		t.Errorf("RawTx outside a transaction = %v, %v; want nil, false", raw, ok)
	}
	err := s.InTx(ctx(t), func(tx store.Store) error {
		raw, ok := sqlstore.RawTx(tx)
		if !ok || raw == nil {
			t.Errorf("RawTx inside InTx = %v, %v; want the driver transaction", raw, ok)
		}
		return nil
	})
	must(t, err, "InTx")
}

func testPing(t *testing.T, s store.Store) {
	must(t, s.Ping(ctx(t)), "Ping")
	must(t, s.InTx(ctx(t), func(tx store.Store) error { return tx.Ping(ctx(t)) }), "Ping inside InTx")
}
