package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/provenance"
	"github.com/labstack/echo/v4"
)

// Access control runs ahead of request validation, as one step per request: find the
// operation, identify the caller (internal/auth), check the caller's role against the least
// role the operation needs — its x-required-role in the spec, read once at start-up — and put
// the caller and the change's provenance into the request's context for the domain.

// publicRole marks an operation anyone may call (x-required-role: none).
const publicRole = "none"

// requiredRoles reads every operation's x-required-role; an operation without a valid one is a
// start-up error, so that no operation is ever open by omission. AUTH_PUBLIC=ready makes the
// readiness probe public, in the same table.
func requiredRoles(spec *openapi3.T, public map[string]bool) (map[string]string, error) {
	roles := map[string]string{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			raw, _ := op.Extensions["x-required-role"].(string)
			if _, err := auth.ParseRole(raw); err != nil && raw != publicRole {
				return nil, fmt.Errorf("api/openapi.yaml: %s %s (%s) needs x-required-role: viewer, editor, admin or none",
					method, path, op.OperationID)
			}
			roles[op.OperationID] = raw
		}
	}
	if public["ready"] {
		roles["readyGet"] = publicRole
	}
	return roles, nil
}

// Echo context keys of the routed operation.
const (
	routeKey  = "iims.route"
	paramsKey = "iims.pathParams"
)

// routeRequests finds the operation of every /api request (404 and 405 otherwise) for the steps
// after it. (Echo wraps a group's handlers in its middleware on every request, so this and the
// other /api middleware do no work outside the function they return: the routes are built once,
// in New.)
func (s *Server) routeRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		route, params, err := s.findRoute(c, s.routes)
		if err != nil {
			if errors.Is(err, routers.ErrMethodNotAllowed) {
				return echo.ErrMethodNotAllowed
			}
			return echo.ErrNotFound
		}
		c.Set(routeKey, route)
		c.Set(paramsKey, params)
		return next(c)
	}
}

// authorizeRequests lets a request through to its operation only with a role that suffices.
func (s *Server) authorizeRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		op := c.Get(routeKey).(*routers.Route).Operation
		if err := s.admit(c, s.roles[op.OperationID]); err != nil {
			return err
		}
		return next(c)
	}
}

// guard is authorizeRequests for the routes outside /api (/ready, /metrics): need is the least
// role (publicRole when AUTH_PUBLIC opened the endpoint).
func (s *Server) guard(need string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := s.admit(c, need); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// admit identifies the caller, checks their role against need and puts the caller and the
// change's provenance (actor, via, the X-Change-Reason header) into the request's context.
func (s *Server) admit(c echo.Context, need string) error {
	req := c.Request()
	p, err := s.auth.Authenticate(req)
	var failure *auth.Failure
	switch {
	case err != nil && need == publicRole:
		p = auth.Principal{Actor: provenance.Anonymous, Kind: auth.KindAnonymous}
	case errors.As(err, &failure):
		challenge := `Bearer realm="iims"`
		if failure.Invalid {
			challenge += `, error="invalid_token"`
		}
		c.Response().Header().Set("WWW-Authenticate", challenge)
		return &apiError{Status: http.StatusUnauthorized, Type: api.ErrorTypeUnauthorized, Message: failure.Message}
	case err != nil:
		return err // the tokens could not be read: 503 while the database is down
	}
	ctx := auth.WithPrincipal(req.Context(), p)
	if need != publicRole && !p.Role.Allows(auth.Role(need)) {
		c.SetRequest(req.WithContext(ctx)) // so that the access log names who was refused
		return forbidden(p, auth.Role(need))
	}
	reason, err := provenance.DecodeReason(req.Header.Get(provenance.ReasonHeader))
	if err != nil {
		return validationError([]api.FieldError{{In: api.FieldErrorInHeader, Field: provenance.ReasonHeader, Message: err.Error()}})
	}
	via := provenance.ViaAPI
	if v := req.Header.Get(provenance.ViaHeader); v == provenance.ViaWeb || v == provenance.ViaCLI {
		via = v
	}
	ctx = provenance.With(ctx, provenance.Provenance{Actor: p.Actor, Via: via, Reason: reason})
	c.SetRequest(req.WithContext(ctx))
	return nil
}

func forbidden(p auth.Principal, need auth.Role) error {
	d := &api.ErrorDetails{RequiredRole: ptr(api.Role(need))}
	if p.Role == "" {
		return &apiError{Status: http.StatusForbidden, Type: api.ErrorTypeForbidden, Details: d,
			Message: fmt.Sprintf("%s is signed in but has no role here: ask an admin to map one of your groups to a role (AUTH_PROXY_ROLES)", p.Actor)}
	}
	d.Role = ptr(api.Role(p.Role))
	return &apiError{Status: http.StatusForbidden, Type: api.ErrorTypeForbidden, Details: d,
		Message: fmt.Sprintf("%s needs the %s role; %s is a %s", needWords[need], need, p.Actor, p.Role)}
}

var needWords = map[auth.Role]string{
	auth.RoleViewer: "reading the fleet",
	auth.RoleEditor: "changing instances",
	auth.RoleAdmin:  "managing tokens",
}

// reasonInHeader points a 422 about the reason at the X-Change-Reason header, for the operations
// whose reason can travel only there: a DELETE has no body, and an import's body is the file.
func reasonInHeader(e *apiError) *apiError {
	for i := range e.Fields {
		if e.Fields[i].Field == "reason" {
			e.Fields[i].In, e.Fields[i].Field = api.FieldErrorInHeader, provenance.ReasonHeader
		}
	}
	return e
}

// withBodyReason adds a reason given in a request body to the provenance in ctx; a header that
// says something else as well is a 422.
func withBodyReason(ctx context.Context, reason *string) (context.Context, error) {
	if reason == nil {
		return ctx, nil
	}
	r := strings.TrimSpace(*reason)
	if have := provenance.From(ctx).Reason; have != "" && have != r {
		return ctx, validationError([]api.FieldError{{In: api.FieldErrorInBody, Field: "reason",
			Message: "differs from the X-Change-Reason header: give the reason once"}})
	}
	return provenance.WithReason(ctx, r), nil
}
