package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/store"
)

func accountsCmd(cfg *config.Config) *cobra.Command {
	accounts := &cobra.Command{Use: "accounts", Short: "Manage accounts and their plans"}
	var account, plan string
	setPlan := &cobra.Command{
		Use:   "set-plan",
		Short: "Move an account to a plan",
		Long: "Moves the account (created on first use) to a plan of the catalog (QUIRE_PLANS over the defaults: " +
			"free, starter, pro, business, enterprise). A plan without API access deactivates the account's keys; " +
			"moving back does not reactivate them. Works while the server runs on the same database.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return onAccount(cmd.Context(), *cfg, account, func(a *app.App, acc *store.Account) error {
				ch, err := a.Plans.SetPlan(cmd.Context(), acc.ID, plan)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: plan %s → %s", acc.Email, ch.From, ch.To)
				if err == nil && ch.DeactivatedKeys > 0 {
					_, err = fmt.Fprintf(cmd.OutOrStdout(), " (%d API keys deactivated: the plan has no API access)", ch.DeactivatedKeys)
				}
				if err == nil {
					_, err = fmt.Fprintln(cmd.OutOrStdout())
				}
				return err
			})
		},
	}
	setPlan.Flags().StringVar(&account, "account", "", "account email (default: the default account)")
	setPlan.Flags().StringVar(&plan, "plan", "", "plan name (required)")
	_ = setPlan.MarkFlagRequired("plan")
	accounts.AddCommand(setPlan)
	return accounts
}
