package main

import (
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
)

func rootCmd() *cobra.Command {
	cfg := config.Defaults()
	root := &cobra.Command{
		Use:           "quire",
		Short:         "Quire: templates + JSON → PDF, on your own servers",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	check := cfg.Bind(root.PersistentFlags())
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return check() }
	root.AddCommand(serveCmd(&cfg), workerCmd(&cfg), keysCmd(&cfg), usersCmd(&cfg), accountsCmd(&cfg), renderCmd(&cfg), benchCmd(&cfg), versionCmd())
	return root
}

func newLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Run: func(cmd *cobra.Command, _ []string) {
			cmd.Println("quire", app.Version)
		},
	}
}
