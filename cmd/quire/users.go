package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/users"
)

func usersCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{Use: "users", Short: "Manage the people who sign in"}
	var email, password, name, account, role string
	create := &cobra.Command{
		Use:   "create",
		Short: "Add a person to an account and print their id",
		Long: "Adds a person who signs in with --email and --password (read from stdin when left out) to the account " +
			"(created on first use; default: the account with the person's email). Works with sign-up turned off: " +
			"this is how an operator bootstraps an account's first owner.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if password == "" {
				line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if err != nil && line == "" {
					return fmt.Errorf("no --password and nothing on stdin")
				}
				password = strings.TrimRight(line, "\r\n")
			}
			if account == "" {
				account = email
			}
			return onAccount(cmd.Context(), *cfg, account, func(a *app.App, acc *store.Account) error {
				p, err := a.Users.Add(cmd.Context(), nil, acc.ID, users.NewPerson{Email: email, Password: password, Name: name, Role: role})
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), p.ID)
				return err
			})
		},
	}
	create.Flags().StringVar(&email, "email", "", "the person's email, used to sign in (required)")
	create.Flags().StringVar(&password, "password", "", "the password (10+ characters); read from stdin when left out")
	create.Flags().StringVar(&name, "name", "", "the person's name")
	create.Flags().StringVar(&account, "account", "", "account email (default: --email)")
	create.Flags().StringVar(&role, "role", store.RoleOwner, "owner, admin or member")
	_ = create.MarkFlagRequired("email")
	cmd.AddCommand(create)
	return cmd
}
