package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/auth"
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
			slog.String("actor", actorOf(c.Request().Context())),
		)
		return nil
	}
}

// actorOf is who made a request ("" before authentication, or outside the API).
func actorOf(ctx context.Context) string {
	p, _ := auth.PrincipalFrom(ctx)
	return p.Actor
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

// HEAD is answered like GET (`curl -I` to read X-Total-Count or an ETag). Echo routes by the
// method of the request net/http handed it, after the Pre middleware: headAsGet makes that GET
// for routing, and headView makes it HEAD again before any handler runs, so that net/http knows
// it answers a HEAD (it sends the headers and drops the body, with no chunked framing), while the
// handlers see a GET view of the request with IsHead(ctx) set.
const headFlag = "iims.head"

func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if req := c.Request(); req.Method == http.MethodHead {
			req.Method = http.MethodGet
			c.Set(headFlag, true)
		}
		return next(c)
	}
}

func headView(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if head, _ := c.Get(headFlag).(bool); head {
			orig := c.Request()
			orig.Method = http.MethodHead // what net/http answers
			view := orig.WithContext(context.WithValue(orig.Context(), headKey{}, true))
			view.Method = http.MethodGet // what the validator and the handlers see
			c.SetRequest(view)
		}
		return next(c)
	}
}

type headKey struct{}

// IsHead reports whether the request in ctx is a HEAD answered like a GET: handlers whose work
// is all in the body (exports) skip it.
func IsHead(ctx context.Context) bool { head, _ := ctx.Value(headKey{}).(bool); return head }
