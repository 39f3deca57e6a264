package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/requestid"
	"github.com/labstack/echo/v4"
)

const (
	bodyLimit     = 1 << 20 // 1 MiB
	bodyLimitText = "1 MiB"
)

// saneRequestID accepts a caller's X-Request-ID only if it is short and printable, so that it is
// safe to log and store.
var saneRequestID = regexp.MustCompile(`^[A-Za-z0-9._:/+=@-]{1,128}$`)

// withRequestID adopts the caller's X-Request-ID or makes one, echoes it on the response and
// puts it in the request context (history records store it).
func withRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !saneRequestID.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		c.SetRequest(c.Request().WithContext(requestid.With(c.Request().Context(), id)))
		return next(c)
	}
}

// accessLog writes one line per request after the response is complete. It renders errors
// itself (c.Error) so that the logged status is the status the client received.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		req, res := c.Request(), c.Response()
		// Failures are logged where they happen (with their detail, once); this is the access log.
		s.log.LogAttrs(req.Context(), slog.LevelInfo, "request",
			slog.String("request_id", requestid.From(req.Context())),
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", c.Path()),
			slog.Int("status", res.Status),
			slog.Int64("bytes", res.Size),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("remote_ip", c.RealIP()),
		)
		return nil
	}
}

// recoverPanics turns a handler panic into a 500 and logs the stack once.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.ErrorContext(c.Request().Context(), "panic", "request_id", requestid.From(c.Request().Context()),
					"route", c.Path(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = &apiError{Status: http.StatusInternalServerError, Type: api.ErrorTypeInternalError, Message: "internal server error"}
			}
		}()
		return next(c)
	}
}

// securityHeaders sets the headers every response should carry.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		return next(c)
	}
}

// headAsGet answers HEAD like GET (`curl -I` to read X-Total-Count or an ETag). Echo routes by
// the original request, so its method is GET while the handlers run, with the body discarded
// here, and HEAD again before net/http sends the headers at the end of the request.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodHead {
			return next(c)
		}
		req.Method = http.MethodGet
		defer func() { req.Method = http.MethodHead }()
		c.Response().Writer = bodyDiscarder{c.Response().Writer}
		return next(c)
	}
}

type bodyDiscarder struct{ http.ResponseWriter }

func (bodyDiscarder) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap lets http.ResponseController reach the connection (deadlines, flushing).
func (d bodyDiscarder) Unwrap() http.ResponseWriter { return d.ResponseWriter }
