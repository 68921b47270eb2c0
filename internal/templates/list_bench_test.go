package templates_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
	"github.com/quirehq/quire/internal/templates"
)

// Each benchmark template has this many fields (about 0.5 MB of JSON):
// the shape of a nested template whose field list is huge.
const (
	benchTemplates = 100
	benchFields    = 10_000
)

// BenchmarkListLargeTemplates measures GET /v1/templates's service call on
// an account holding 100 templates of 10,000 fields each.
func BenchmarkListLargeTemplates(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "quire.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		benchList(b, st)
	})
	b.Run("postgres", func(b *testing.B) {
		st, err := postgres.Open(b.Context(), pgtest.SchemaURL(b))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		benchList(b, st)
	})
}

func benchList(b *testing.B, st store.Store) {
	blobs, err := blob.Open(b.Context(), "mem://")
	if err != nil {
		b.Fatal(err)
	}
	fields := make([]render.Field, benchFields)
	for i := range fields {
		fields[i] = render.Field{Name: fmt.Sprintf("sections.chapter_%05d.paragraph.text", i), Type: "string"}
	}
	svc := templates.New(templates.Deps{Store: st, Blobs: blobs, Kinds: []templates.Kind{{
		Type: templates.TypeHTML, Extensions: []string{".html"}, ContentType: "text/html",
		Analyze: func([]byte) ([]render.Field, error) { return fields, nil },
	}}})
	acc := &store.Account{Email: "bench@example.com"}
	if err := st.CreateAccount(b.Context(), acc); err != nil {
		b.Fatal(err)
	}
	p := auth.Principal{AccountID: acc.ID, Mode: "live"}
	for i := range benchTemplates {
		if _, err := svc.Create(b.Context(), p, "", fmt.Sprintf("nested %d", i), "t.html", []byte("<p>…</p>")); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		list, err := svc.List(b.Context(), p, "")
		if err != nil || len(list) != benchTemplates || list[0].FieldsCount != benchFields {
			b.Fatalf("List = %d templates (first %+v), %v", len(list), list[0], err)
		}
	}
}
