package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
)

func workerCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "worker",
		Short: "Work background jobs (async renders, webhooks, retention) without serving HTTP",
		Long: "Runs the renderer and the job queue on the configured database, for scaling out: " +
			"point several workers and servers (with --workers 0) at one PostgreSQL database. " +
			"Stops gracefully on SIGINT/SIGTERM, letting running jobs finish.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Workers < 1 {
				return fmt.Errorf("quire worker needs --workers (QUIRE_WORKERS) of at least 1")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return work(ctx, *cfg)
		},
	}
}

func work(ctx context.Context, cfg config.Config) error {
	a, err := startApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	logger := a.Logger
	stopMetrics, err := serveMetrics(a)
	if err != nil {
		return err
	}
	defer stopMetrics()
	logger.Info("quire worker running", "workers", cfg.Workers, "data_dir", cfg.DataDir, "version", app.Version)
	<-ctx.Done()
	logger.Info("stopping workers")
	stopWorkers(a)
	return nil
}

// startApp opens the app and starts what both serve and worker run: the
// browser (warm before the first job or request) and the job workers. On
// error nothing is left running.
func startApp(ctx context.Context, cfg config.Config) (*app.App, error) {
	a, err := app.Open(ctx, cfg, newLogger(cfg.LogFormat))
	if err != nil {
		return nil, err
	}
	if err := a.StartRenderer(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.StartWorkers(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// stopWorkers lets running jobs finish for as long as a render may take,
// then cancels the rest (they are run again later).
func stopWorkers(a *app.App) {
	ctx, cancel := context.WithTimeout(context.Background(), a.Config.DrainGrace())
	defer cancel()
	if err := a.StopWorkers(ctx); err != nil {
		a.Logger.Warn("workers stopped before their jobs finished; those will run again", "err", err)
	}
}
