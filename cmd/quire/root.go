package main

import (
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/reqid"
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
	root.AddCommand(serveCmd(&cfg), workerCmd(&cfg), keysCmd(&cfg), usersCmd(&cfg), accountsCmd(&cfg), renderCmd(&cfg), benchCmd(&cfg), templatesCmd(), generateCmd(), batchCmd(), versionCmd())
	return root
}

// newLogger is the process's one logger: text or JSON lines on stderr, each
// with the request id of its context. Quire's own code is handed it
// (app.Open passes it on to every service); it is also made slog's default
// only so that third-party code logging through the standard library's
// default ends up in the same stream (TestNothingLogsThroughAGlobal keeps
// Quire's code off that default).
func newLogger(format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if format == "json" {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	logger := slog.New(reqid.Handler{Handler: h})
	slog.SetDefault(logger)
	return logger
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
