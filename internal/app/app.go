// Package app assembles one IIMS server from an open store: the domain service, the history
// follower and its real-time hub, the sealer of the history's Merkle log, the HTTP API, the event
// stream and the web UI. `iims serve` and the multi-replica tests build servers the same way.
package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/httpapi"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/metrics"
	"github.com/iims/iims/internal/realtime"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/tracing"
	"github.com/iims/iims/internal/web"
)

// Options configures New.
type Options struct {
	Store   *store.Store
	DSN     string // the PostgreSQL URL, for the LISTEN connection (ignored on SQLite)
	Logger  *slog.Logger
	Version string
	// UI serves the embedded web UI (false in API-only tests).
	UI bool
	// Stream configures the event stream (zero values: defaults).
	Stream StreamSettings
	// Auth is the access-control configuration (zero value: off, everyone an anonymous admin).
	Auth auth.Config
}

// StreamSettings are the event stream's heartbeat interval, replay limit and the extra browser
// origins allowed to connect (ALLOWED_ORIGINS; same-origin always is).
type StreamSettings struct {
	Heartbeat      time.Duration
	MaxReplay      int
	AllowedOrigins []string
	Recheck        time.Duration // how often a stream's token is checked again (realtime.DefaultRecheck)
}

// App is a running server's parts.
type App struct {
	Handler  http.Handler
	Hub      *realtime.Hub
	Service  *instances.Service
	follower *realtime.Follower
	stop     context.CancelFunc
}

// SealInterval is how often a replica seals new history records into the Merkle log.
const SealInterval = 10 * time.Second

// New builds the server and starts following the history (and sealing it).
func New(opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	hub := realtime.NewHub(realtime.DefaultBuffer)
	ctx, stop := context.WithCancel(context.Background())
	a := &App{Hub: hub, stop: stop}
	dsn := ""
	if opts.Store.Engine() == store.EnginePostgres {
		dsn = opts.DSN
		go compactCounts(ctx, opts.Store, opts.Logger)
	}
	a.follower = realtime.NewFollower(opts.Store, hub, dsn, opts.Logger)
	m := metrics.New(opts.Version, opts.Store, hub.Clients)
	hub.OnPublish, hub.OnDrop = m.EventsPublished.Inc, m.ClientsDropped.Inc
	a.Service = instances.NewService(opts.Store, instances.WithRequiredReason(opts.Auth.RequireReason),
		instances.WithCommitHook(func(ops []string) {
			m.RecordHistory(ops)
			a.follower.Nudge()
		}))
	authn := auth.NewAuthenticator(opts.Auth, opts.Store, opts.Logger)
	go a.follower.Run(ctx)
	go a.Service.SealEvery(ctx, SealInterval, func(err error) { opts.Logger.Warn("seal the history", "error", err) })
	stream := &realtime.Stream{Hub: hub, Store: opts.Store, Log: opts.Logger,
		Heartbeat: opts.Stream.Heartbeat, MaxReplay: opts.Stream.MaxReplay, OriginPatterns: opts.Stream.AllowedOrigins,
		Recheck: opts.Stream.Recheck,
		StillAuthorized: func(ctx context.Context) string {
			p, _ := auth.PrincipalFrom(ctx)
			var failure *auth.Failure
			if err := authn.StillValid(ctx, p); errors.As(err, &failure) {
				return failure.Message
			}
			return "" // still valid, or the tokens cannot be read now (a database outage): keep streaming
		}}
	e, err := httpapi.New(httpapi.Options{Service: a.Service, Logger: opts.Logger, Version: opts.Version,
		Auth:       authn,
		Metrics:    m.Handler(),
		Middleware: []echo.MiddlewareFunc{m.Middleware},
		Events:     stream.Serve,
		Mount: func(e *echo.Echo) {
			if opts.UI {
				web.Mount(e)
			}
		}})
	if err != nil {
		stop()
		return nil, err
	}
	a.Handler = e
	if tracing.Enabled() {
		// One server span per request, named by route template; DB spans nest under it.
		e.Use(nameSpanByRoute)
		a.Handler = otelhttp.NewHandler(e, "http.server")
	}
	return a, nil
}

// compactInterval is how often a replica folds the running-count deltas (PostgreSQL).
const compactInterval = 5 * time.Second

func compactCounts(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(compactInterval)
	defer t.Stop()
	for {
		if err := st.CompactCounts(ctx); err != nil && ctx.Err() == nil {
			log.Warn("fold running counts", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func nameSpanByRoute(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if span := trace.SpanFromContext(c.Request().Context()); span.IsRecording() {
			span.SetName(c.Request().Method + " " + c.Path())
			span.SetAttributes(attribute.String("http.route", c.Path()))
		}
		return next(c)
	}
}

// Ready is closed when the app receives changes (at once on SQLite; once LISTENing on PostgreSQL).
func (a *App) Ready() <-chan struct{} { return a.follower.Ready() }

// Close ends every event stream (clients are told the server is going away) and stops
// following. Call it before shutting the HTTP server down: hijacked WebSocket connections are
// not drained by http.Server.Shutdown.
func (a *App) Close() {
	a.Hub.Close()
	a.stop()
}
