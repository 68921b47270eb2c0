package postgres

import (
	"testing"

	"github.com/quirehq/quire/internal/store"
)

// BenchmarkCreateAndGetDocument is the PostgreSQL counterpart of the SQLite
// benchmark of the same name: one CreateDocument, then one Document read.
func BenchmarkCreateAndGetDocument(b *testing.B) {
	s := openFresh(b)
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
