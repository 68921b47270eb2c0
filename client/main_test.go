package client_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/testenv"
)

// server is the real Quire (Chromium renderer, background workers, SQLite)
// the tests and examples talk to; TestMain puts its address and an API key
// in QUIRE_URL and QUIRE_API_KEY, where the examples read them.
var server *apptest.Server

// maxPages is the server's page limit: a longer document fails, which is
// how the tests make an async render fail.
const maxPages = 3

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// go generate only needs the OpenAPI document: no browser, no workers.
	updating := os.Getenv("QUIRE_UPDATE_OPENAPI") == "1"
	if _, err := exec.LookPath("chromium"); err != nil && !updating {
		return testenv.MissingMain("client", "chromium is not installed (Debian package chromium; "+testenv.SetupHint+")")
	}
	dir, err := os.MkdirTemp("", "quire-client")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	cfg := config.Defaults()
	cfg.DataDir = dir
	cfg.MaxPages = maxPages
	s, stop, err := apptest.Start(ctx, cfg)
	if err != nil {
		panic(err)
	}
	defer func() {
		if err := s.App.StopWorkers(ctx); err != nil {
			fmt.Println("client: stop workers:", err)
		}
		if err := stop(); err != nil {
			fmt.Println("client: close app:", err)
		}
	}()
	server = s
	if updating {
		return m.Run()
	}
	if err := s.App.StartRenderer(ctx); err != nil {
		return testenv.MissingMain("client", err.Error())
	}
	if err := s.App.StartWorkers(ctx); err != nil {
		panic(err)
	}
	acc, err := s.App.Accounts.Ensure(ctx, "client@example.com")
	if err != nil {
		panic(err)
	}
	key, err := s.App.Keys.Create(ctx, acc.ID, apikeys.NewKey{Name: "client tests"})
	if err != nil {
		panic(err)
	}
	os.Setenv("QUIRE_URL", s.URL)
	os.Setenv("QUIRE_API_KEY", key.Raw)
	return m.Run()
}
