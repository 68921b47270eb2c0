package main

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
)

func keysCmd(cfg *config.Config) *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "Manage API keys"}
	var name, mode, account string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API key and print it (the only line on stdout)",
		Long: "Creates an API key for the account (created on first use; the default account when --account is left out). " +
			"Works while the server runs on the same data dir.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := app.Open(cmd.Context(), *cfg, slog.New(slog.DiscardHandler))
			if err != nil {
				return err
			}
			defer a.Close()
			acc, err := a.Accounts.Ensure(cmd.Context(), account)
			if err != nil {
				return err
			}
			k, err := a.Keys.Create(cmd.Context(), acc.ID, name, mode)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), k.Raw)
			return err
		},
	}
	create.Flags().StringVar(&name, "name", "", "a label for the key (required)")
	create.Flags().StringVar(&mode, "mode", "live", "live or test (sandbox)")
	create.Flags().StringVar(&account, "account", "", "account email (default: the default account)")
	_ = create.MarkFlagRequired("name")
	keys.AddCommand(create)
	return keys
}
