package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
	"github.com/labstack/echo/v4"
)

// apiError is an error that renders as the Error envelope with its own status.
type apiError struct {
	Status  int
	Type    api.ErrorType
	Message string
	Details *api.ErrorDetails // typed members; Fields go into its errors
	Fields  []api.FieldError
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Type, e.Message) }

// envelope renders e for the request in ctx.
func (e *apiError) envelope(ctx context.Context) api.Error {
	body := api.ErrorBody{Type: e.Type, Message: e.Message}
	if id := requestid.From(ctx); id != "" {
		body.RequestId = &id
	}
	if e.Details != nil || len(e.Fields) > 0 {
		d := api.ErrorDetails{}
		if e.Details != nil {
			d = *e.Details
		}
		if len(e.Fields) > 0 {
			d.Errors = &e.Fields
		}
		body.Details = &d
	}
	return api.Error{Error: body}
}

func validationError(fields []api.FieldError) *apiError {
	noun := "errors"
	if len(fields) == 1 {
		noun = "error"
	}
	return &apiError{Status: http.StatusUnprocessableEntity, Type: api.ErrorTypeValidationError,
		Message: fmt.Sprintf("request validation failed: %d %s", len(fields), noun), Fields: fields}
}

// domainError maps the domain's expected failures to their API errors; ok is false for
// anything else (an unexpected error: 500).
func domainError(err error) (e *apiError, ok bool) {
	var (
		ve *instances.ValidationError
		nf *instances.NotFoundError
		ce *instances.ConflictError
		pe *instances.PreconditionError
		de *instances.DeletedError
		ee *instances.ExistsError
		ue *instances.UnknownRequestError
	)
	switch {
	case errors.As(err, &ve):
		fields := make([]api.FieldError, len(ve.Errors))
		for i, fe := range ve.Errors {
			in := api.FieldErrorInBody
			if fe.Field == "from" || fe.Field == "to" || fe.Field == "before" || fe.Field == "after" || fe.Field == "field" {
				in = api.FieldErrorInQuery
			}
			fields[i] = api.FieldError{In: in, Field: fe.Field, Message: fe.Message}
		}
		return validationError(fields), true
	case errors.As(err, &nf):
		return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound, Message: nf.Error()}, true
	case errors.As(err, &de):
		return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound, Message: de.Error()}, true
	case errors.As(err, &ue):
		return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound, Message: ue.Error()}, true
	case errors.As(err, &ee):
		return &apiError{Status: http.StatusConflict, Type: api.ErrorTypeConflict, Message: ee.Error(),
			Details: &api.ErrorDetails{Field: ptr("id"), ExistingId: &ee.ID}}, true
	case errors.As(err, &ce):
		d := &api.ErrorDetails{Field: ptr("name")}
		if ce.ExistingID != 0 {
			d.ExistingId = &ce.ExistingID
		}
		return &apiError{Status: http.StatusConflict, Type: api.ErrorTypeConflict, Message: ce.Error(), Details: d}, true
	case errors.As(err, &pe):
		return &apiError{Status: http.StatusPreconditionFailed, Type: api.ErrorTypePreconditionFailed,
			Message: fmt.Sprintf("instance %d has changed since the version in If-Match (it is now %s)", pe.Current.ID, etag(pe.Current.Version)),
			Details: &api.ErrorDetails{CurrentEtag: ptr(etag(pe.Current.Version)), CurrentVersion: &pe.Current.Version}}, true
	}
	return nil, false
}

// errorHandler is Echo's HTTPErrorHandler: the one place every unhandled error becomes the
// Error envelope. Expected failures arrive as *apiError or *echo.HTTPError; anything else is
// unexpected, logged once with the request id, and answered with a generic 500.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ctx := c.Request().Context()
	var ae *apiError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &he):
		ae = fromEchoError(c, he)
	default:
		if de, ok := domainError(err); ok {
			ae = de
		} else if store.IsUnavailable(err) {
			// Expected during a database outage or restart: one warning, no stack, and a 503 the
			// client may retry (as /ready says at the same time).
			s.log.WarnContext(ctx, "database unavailable", "request_id", requestid.From(ctx), "route", c.Path(), "error", err.Error())
			c.Response().Header().Set("Retry-After", "5")
			ae = &apiError{Status: http.StatusServiceUnavailable, Type: api.ErrorTypeServiceUnavailable,
				Message: "the database is unavailable; retry shortly"}
		} else if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			s.log.InfoContext(ctx, "client went away", "request_id", requestid.From(ctx), "path", c.Path())
			return
		} else {
			// Unexpected: the one log line with everything needed to find it; the client gets
			// only the request id.
			s.log.ErrorContext(ctx, "request failed", "request_id", requestid.From(ctx), "method", c.Request().Method,
				"route", c.Path(), "error", err.Error(), "stack", string(debug.Stack()))
			ae = &apiError{Status: http.StatusInternalServerError, Type: api.ErrorTypeInternalError, Message: "internal server error"}
		}
	}
	if ae.Status == http.StatusMethodNotAllowed {
		if allow := allowedMethods(s.router, c.Request()); allow != "" {
			c.Response().Header().Set(echo.HeaderAllow, allow)
		}
	}
	if werr := c.JSON(ae.Status, ae.envelope(ctx)); werr != nil {
		s.log.WarnContext(ctx, "write error response", "request_id", requestid.From(ctx), "error", werr)
	}
}

func fromEchoError(c echo.Context, he *echo.HTTPError) *apiError {
	msg := http.StatusText(he.Code)
	if m, ok := he.Message.(string); ok && m != "" {
		msg = m
	}
	switch he.Code {
	case http.StatusNotFound:
		return &apiError{Status: he.Code, Type: api.ErrorTypeNotFound, Message: fmt.Sprintf("no such resource: %s %s", c.Request().Method, c.Request().URL.Path)}
	case http.StatusMethodNotAllowed:
		return &apiError{Status: he.Code, Type: api.ErrorTypeMethodNotAllowed, Message: fmt.Sprintf("method %s is not allowed on %s", c.Request().Method, c.Request().URL.Path)}
	case http.StatusRequestEntityTooLarge:
		return &apiError{Status: he.Code, Type: api.ErrorTypePayloadTooLarge, Message: fmt.Sprintf("request body is larger than %s", bodyLimitText)}
	case http.StatusUnsupportedMediaType:
		return &apiError{Status: he.Code, Type: api.ErrorTypeUnsupportedMediaType, Message: msg}
	case http.StatusServiceUnavailable:
		return &apiError{Status: he.Code, Type: api.ErrorTypeServiceUnavailable, Message: msg}
	case http.StatusUnprocessableEntity: // the event stream's own checks
		return &apiError{Status: he.Code, Type: api.ErrorTypeValidationError, Message: msg}
	case http.StatusForbidden:
		return &apiError{Status: he.Code, Type: api.ErrorTypeForbidden, Message: msg}
	case http.StatusUpgradeRequired:
		return &apiError{Status: he.Code, Type: api.ErrorTypeUpgradeRequired, Message: msg}
	}
	if he.Code >= 400 && he.Code < 500 {
		return &apiError{Status: he.Code, Type: api.ErrorTypeBadRequest, Message: msg}
	}
	return &apiError{Status: http.StatusInternalServerError, Type: api.ErrorTypeInternalError, Message: "internal server error"}
}

func ptr[T any](v T) *T { return &v }
