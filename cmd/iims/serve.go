package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/config"
	"github.com/iims/iims/internal/logging"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/tracing"
	"github.com/iims/iims/internal/version"
)

func newServeCmd(g *globalFlags) *cobra.Command {
	var host string
	var port int
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API and web UI (applies pending migrations first)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.loadConfig(cmd)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("host") {
				cfg.Host = host
			}
			if cmd.Flags().Changed("port") {
				cfg.Port = port
			}
			if err := cfg.Validate(); err != nil {
				return err
			}
			authCfg, err := cfg.AuthSettings().Resolve(cfg.Host)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), cfg, authCfg)
		},
	}
	cmd.Flags().StringVar(&host, "host", "127.0.0.1", "listen address, overrides HOST (on any address but loopback, API tokens are required unless AUTH says otherwise)")
	cmd.Flags().IntVar(&port, "port", 8000, "listen port, overrides PORT")
	return cmd
}

// serve runs the server until ctx is cancelled (SIGINT/SIGTERM), then drains requests.
func serve(ctx context.Context, cfg config.Config, authCfg auth.Config) error {
	log, closeLog, err := logging.New(cfg.Debug, cfg.LogToFile, cfg.LogFile, os.Stdout)
	if err != nil {
		return err
	}
	// Writes out the buffered log lines; if that fails, stderr is the only place left to say so.
	defer func() {
		if err := closeLog(); err != nil {
			fmt.Fprintln(os.Stderr, "iims: closing the log:", err)
		}
	}()
	slog.SetDefault(log)
	tuneGC(log)

	stopTracing, err := tracing.Setup(ctx, version.Version)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTracing(ctx); err != nil {
			log.Warn("flush traces", "error", err)
		}
	}()
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Info("database ready", "engine", st.Engine(), "url", store.Redacted(cfg.DatabaseURL), "migrations_applied", applied)

	logAccessControl(ctx, log, st, authCfg)
	target, _ := store.ParseURL(cfg.DatabaseURL)
	a, err := app.New(app.Options{Store: st, DSN: target.DSN, Logger: log, Version: version.Version, UI: true,
		Stream: app.StreamSettings{AllowedOrigins: cfg.AllowedOrigins, Recheck: cfg.EventsAuthRecheck}, Auth: authCfg})
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.PprofAddr != "" {
		go servePprof(cfg.PprofAddr, log)
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		var opErr *net.OpError
		if errors.As(err, &opErr) {
			return fmt.Errorf("cannot listen on %s (is the port in use? set PORT or --port): %w", cfg.Addr(), err)
		}
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("IIMS listening", "url", "http://"+displayAddr(ln.Addr()), "version", version.Version)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	a.Close() // event streams first: Shutdown does not wait for hijacked connections
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// logAccessControl says at start-up how callers are let in, warns of an open server on a network
// address, and tells the operator of a token-only server without tokens how to make the first.
func logAccessControl(ctx context.Context, log *slog.Logger, st *store.Store, cfg auth.Config) {
	log.Info("access control", "auth", cfg.Mode.String(), "require_reason", cfg.RequireReason,
		"public", strings.Join(slices.Sorted(maps.Keys(cfg.Public)), ","))
	switch {
	case cfg.Open:
		log.Warn("AUTH=off on a network address (AUTH_ALLOW_OPEN=true): anyone who reaches this port can change or delete the fleet")
	case cfg.Mode.Tokens && !cfg.Mode.Proxy:
		if toks, err := st.Q().TokenList(ctx); err == nil && len(toks) == 0 {
			log.Warn("no API tokens yet: every request will be refused; make the first with: iims token create --name NAME --role admin")
		}
	}
}

// servePprof serves Go's profiler on its own address (PPROF_ADDR), never on the API's.
func servePprof(addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	log.Warn("profiler listening: do not expose this address", "url", "http://"+addr+"/debug/pprof/")
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		log.Error("profiler stopped", "error", err)
	}
}

// displayAddr shows 0.0.0.0 and :: as localhost, which a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return tcp.String()
}
