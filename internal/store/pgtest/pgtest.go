// Package pgtest gives tests and benchmarks a PostgreSQL schema of their
// own on the local server, so runs never collide and leave nothing behind.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/testenv"
)

// ServerURL is the server tests use: QUIRE_TEST_POSTGRES_URL, or the local
// one (127.0.0.1:5432, user postgres, database test).
func ServerURL() string {
	if u := os.Getenv("QUIRE_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// SchemaURL creates a schema for the calling test and returns a URL whose
// search_path points at it; the schema is dropped when the test ends. The
// test is skipped, saying why, only when nothing listens at the server's
// address.
func SchemaURL(tb testing.TB) string {
	tb.Helper()
	base := ServerURL()
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("bad test database url: %v", err)
	}
	host := u.Host
	if !strings.Contains(host, ":") {
		host += ":5432"
	}
	conn, err := net.DialTimeout("tcp", host, 3*time.Second)
	if err != nil {
		testenv.Missing(tb, fmt.Sprintf("PostgreSQL is not reachable at %s (%v); set QUIRE_TEST_POSTGRES_URL to use another server", host, err))
	}
	_ = conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to %s: %v", base, err)
	}
	schema := "quire_test_" + strings.ToLower(ids.Random(12))
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		_ = admin.Close(ctx)
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
