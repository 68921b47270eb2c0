package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/config"
)

// The async bench measures worker processes on PostgreSQL only, and says
// so when the database is SQLite.
func TestAsyncBenchNeedsPostgreSQL(t *testing.T) {
	var out bytes.Buffer
	b := asyncBench{cfg: config.Defaults(), n: 1, concurrency: 1, repeat: 1, out: &out}
	err := b.run(context.Background(), []int{1})
	if err == nil || !strings.Contains(err.Error(), "QUIRE_DATABASE_URL=postgres://") {
		t.Fatalf("err = %v, want one naming QUIRE_DATABASE_URL", err)
	}
}
