package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
)

func serveCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the API server",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return serve(ctx, *cfg)
		},
	}
}

func serve(ctx context.Context, cfg config.Config) error {
	// The browser starts before listening, so the first request is not slow.
	a, err := startApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	logger := a.Logger
	defer stopWorkers(a) // after the HTTP server, before a.Close
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      cfg.RenderTimeout + 2*time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelInfo),
	}
	logger.Info("quire listening", "addr", ln.Addr().String(), "url", cfg.BaseURL(), "data_dir", cfg.DataDir, "version", app.Version)
	stopMetrics, err := serveMetrics(a)
	if err != nil {
		return err
	}
	defer stopMetrics()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Readiness fails first and the server keeps answering for the drain
	// delay, so a load balancer moves new requests elsewhere; then the
	// listener closes and running requests get the drain timeout.
	a.Drain()
	logger.Info("shutting down", "drain_delay", cfg.DrainDelay.String(), "drain_timeout", cfg.DrainGrace().String())
	time.Sleep(cfg.DrainDelay)
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.DrainGrace())
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveMetrics serves /metrics on QUIRE_METRICS_ADDR when it is set (serve
// and worker nodes alike); the result stops it.
func serveMetrics(a *app.App) (func(), error) {
	if a.Config.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics address: %w", err)
	}
	srv := &http.Server{Handler: a.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(a.Logger.Handler(), slog.LevelInfo)}
	go func() { _ = srv.Serve(ln) }()
	a.Logger.Info("metrics listening", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}
