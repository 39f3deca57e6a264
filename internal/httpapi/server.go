// Package httpapi is the HTTP face of IIMS: Echo wiring, request validation against
// api/openapi.yaml, and thin strict handlers that map HTTP to the domain and back.
package httpapi

import (
	"cmp"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	apispec "github.com/iims/iims/api"
	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/instances"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Server implements the generated strict server interface over the domain service.
type Server struct {
	svc      *instances.Service
	log      *slog.Logger
	version  string
	spec     *openapi3.T
	specJSON []byte
	router   routers.Router
	// exportSlots and exportWriteTimeout keep streamed downloads from starving the API.
	exportSlots        chan struct{}
	exportWriteTimeout time.Duration
	migrations         migrationState // readiness: the schema's last known state
	auth               *auth.Authenticator
	roles              map[string]string         // operationId → x-required-role
	routes             map[string]*routers.Route // "METHOD /api/echo/:path" → its operation
}

var _ api.StrictServerInterface = (*Server)(nil)

// Options configures New.
type Options struct {
	Service *instances.Service
	Logger  *slog.Logger
	Version string // reported by /health
	// Events serves GET /api/events (the WebSocket change stream, internal/realtime) behind the
	// same request validation as the rest of the API; optional.
	Events echo.HandlerFunc
	// Auth identifies callers; nil: access control is off (everyone is an anonymous admin).
	Auth *auth.Authenticator
	// Metrics serves GET /metrics (viewer role, unless AUTH_PUBLIC opens it); optional.
	Metrics http.Handler
	// Mount adds more routes (the web UI) after the API's; optional.
	Mount func(e *echo.Echo)
	// Middleware runs around every request, outside the access log (e.g. metrics); optional.
	Middleware []echo.MiddlewareFunc
	// ExportWriteTimeout cuts an export whose client stopped reading (DefaultExportWriteTimeout
	// when zero).
	ExportWriteTimeout time.Duration
}

// New builds the Echo application: middleware, the validated /api group, /health, the spec.
func New(opts Options) (*echo.Echo, error) {
	spec, err := apispec.Load()
	if err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		return nil, fmt.Errorf("build OpenAPI router: %w", err)
	}
	specJSON, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("encode spec as JSON: %w", err)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Auth == nil {
		opts.Auth = auth.NewAuthenticator(auth.Config{}, opts.Service.Store(), opts.Logger)
	}
	public := opts.Auth.Config().Public
	roles, err := requiredRoles(spec, public)
	if err != nil {
		return nil, err
	}
	metricsRole := string(auth.RoleViewer)
	if public["metrics"] {
		metricsRole = publicRole
	}
	s := &Server{svc: opts.Service, log: opts.Logger, version: opts.Version, spec: spec, specJSON: specJSON, router: router,
		exportSlots: newExportSlots(opts.Service.Store()), exportWriteTimeout: cmp.Or(opts.ExportWriteTimeout, DefaultExportWriteTimeout),
		auth: opts.Auth, roles: roles, routes: specRoutes(spec)}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Pre(headAsGet)
	e.Use(headView, withRequestID)
	e.Use(opts.Middleware...)
	e.Use(s.accessLog, compressResponses(), s.recoverPanics, securityHeaders, middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit:   fmt.Sprint(bodyLimit),
		Skipper: func(c echo.Context) bool { return c.Request().URL.Path == importPath }, // its own, larger limit
	}))

	g := e.Group("/api", s.routeRequests, s.authorizeRequests, s.validateRequests)
	api.RegisterHandlers(g, api.NewStrictHandler(s, nil))
	if opts.Events != nil {
		g.GET("/events", opts.Events)
	}
	g.POST(strings.TrimPrefix(importPath, "/api"), s.importInstances) // not generated: see importInstances

	e.GET("/health", s.healthAlias)
	e.GET("/ready", s.readyAlias, s.guard(roles["readyGet"]))
	if opts.Metrics != nil {
		e.GET("/metrics", echo.WrapHandler(opts.Metrics), s.guard(metricsRole))
	}
	e.GET("/openapi.json", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, s.specJSON) })
	e.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", apispec.YAML)
	})
	if opts.Mount != nil {
		opts.Mount(e)
	}
	return e, nil
}

// readyAlias serves GET /ready (for orchestrators) with the API's readiness handler.
func (s *Server) readyAlias(c echo.Context) error {
	resp, err := s.ReadyGet(c.Request().Context(), api.ReadyGetRequestObject{})
	if err != nil {
		return err
	}
	return resp.VisitReadyGetResponse(c.Response())
}

// healthAlias serves GET /health (for probes and load balancers) with the API's health handler.
func (s *Server) healthAlias(c echo.Context) error {
	resp, err := s.HealthGet(c.Request().Context(), api.HealthGetRequestObject{})
	if err != nil {
		return err
	}
	return resp.VisitHealthGetResponse(c.Response())
}
