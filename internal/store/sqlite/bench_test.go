package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/quirehq/quire/internal/store"
)

// BenchmarkCreateAndGetDocument measures one CreateDocument followed by
// one Document read on a SQLite file.
func BenchmarkCreateAndGetDocument(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "quire.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	acc := &store.Account{Email: "bench@example.com"}
	if err := s.CreateAccount(b.Context(), acc); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d := &store.Document{AccountID: acc.ID, TemplateID: "tpl_bench", Status: "completed",
			Filename: "out.pdf", ContentType: "application/pdf", Mode: "live", SizeBytes: 1024}
		if err := s.CreateDocument(b.Context(), d); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Document(b.Context(), acc.ID, d.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDocumentsPage measures listing the newest 20 of 2,000 documents
// with the total count.
func BenchmarkDocumentsPage(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "quire.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	acc := &store.Account{Email: "bench@example.com"}
	if err := s.CreateAccount(b.Context(), acc); err != nil {
		b.Fatal(err)
	}
	err = s.InTx(b.Context(), func(tx store.Store) error {
		for range 2000 {
			if err := tx.CreateDocument(b.Context(), &store.Document{AccountID: acc.ID, Status: "completed"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		docs, total, err := s.Documents(b.Context(), store.DocumentFilter{AccountID: acc.ID, Limit: 20})
		if err != nil || len(docs) != 20 || total != 2000 {
			b.Fatalf("Documents = %d docs, total %d, %v", len(docs), total, err)
		}
	}
}
