package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/store"
)

func keysCmd(cfg *config.Config) *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "Manage API keys"}
	var name, mode, account string
	var projects, permissions []string
	var expiresIn time.Duration
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API key and print it (the only line on stdout)",
		Long: "Creates an API key for the account (created on first use; the default account when --account is left out). " +
			"Works while the server runs on the same data dir. Counts against the account's key limit (--max-api-keys).",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return onAccount(cmd.Context(), *cfg, account, func(a *app.App, acc *store.Account) error {
				in := apikeys.NewKey{Name: name, Mode: mode}
				if cmd.Flags().Changed("project") {
					in.Projects = projects
				}
				if cmd.Flags().Changed("permission") {
					in.Permissions = permissions
				}
				if expiresIn > 0 {
					at := time.Now().UTC().Add(expiresIn)
					in.ExpiresAt = &at
				}
				k, err := a.Keys.Create(cmd.Context(), acc.ID, in)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), k.Raw)
				return err
			})
		},
	}
	create.Flags().StringVar(&name, "name", "", "a label for the key (required)")
	create.Flags().StringVar(&mode, "mode", "live", "live or test (sandbox)")
	create.Flags().StringVar(&account, "account", "", "account email (default: the default account)")
	create.Flags().StringSliceVar(&projects, "project", nil, "limit the key to these project ids (repeat or comma-separate; default all)")
	create.Flags().StringSliceVar(&permissions, "permission", nil, "limit the key to these permissions, e.g. documents:write (default all)")
	create.Flags().DurationVar(&expiresIn, "expires-in", 0, "the key stops working after this long (default never)")
	_ = create.MarkFlagRequired("name")
	keys.AddCommand(create)
	return keys
}
