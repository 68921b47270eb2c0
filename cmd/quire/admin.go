package main

import (
	"context"
	"log/slog"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/store"
)

// onAccount runs an administrative command against the account with email
// (created on first use; the default account when empty), with the app
// opened quietly so stdout carries only the command's own answer. It works
// while a server runs on the same database.
func onAccount(ctx context.Context, cfg config.Config, email string, fn func(a *app.App, acc *store.Account) error) error {
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer a.Close()
	acc, err := a.Accounts.Ensure(ctx, email)
	if err != nil {
		return err
	}
	return fn(a, acc)
}
