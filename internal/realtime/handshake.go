package realtime

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// checkHandshake refuses a request that is not a WebSocket handshake the stream can accept, with
// the status RFC 6455 gives and a message for humans: 426 (with Upgrade: websocket) for a plain
// HTTP request, 400 for a malformed handshake, 403 for a browser on an origin that is not
// allowed. It checks everything websocket.Accept would, so that Accept never answers in plain text.
func checkHandshake(c echo.Context, originPatterns []string) error {
	r, h := c.Request(), c.Response().Header()
	if !r.ProtoAtLeast(1, 1) || !hasToken(r.Header, "Connection", "upgrade") || !hasToken(r.Header, "Upgrade", "websocket") {
		h.Set("Upgrade", "websocket")
		h.Set("Connection", "Upgrade")
		return echo.NewHTTPError(http.StatusUpgradeRequired,
			"GET /api/events is a WebSocket: connect with a WebSocket client (Upgrade: websocket, HTTP/1.1)")
	}
	if r.Header.Get("Sec-WebSocket-Version") != "13" {
		h.Set("Sec-WebSocket-Version", "13")
		return echo.NewHTTPError(http.StatusBadRequest, "unsupported WebSocket version: only 13 is supported")
	}
	keys := r.Header.Values("Sec-WebSocket-Key")
	if len(keys) != 1 {
		return echo.NewHTTPError(http.StatusBadRequest, "the handshake needs exactly one Sec-WebSocket-Key header")
	}
	if key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(keys[0])); err != nil || len(key) != 16 {
		return echo.NewHTTPError(http.StatusBadRequest, "Sec-WebSocket-Key must be 16 bytes, base64-encoded")
	}
	if err := checkOrigin(r, originPatterns); err != nil {
		return echo.NewHTTPError(http.StatusForbidden, err.Error())
	}
	return nil
}

// checkOrigin lets in clients that send no Origin (not browsers), browsers on the server's own
// host, and origins matching one of the patterns (ALLOWED_ORIGINS: host patterns such as
// *.corp.example, or scheme://host patterns), as websocket.AcceptOptions.OriginPatterns does.
func checkOrigin(r *http.Request, patterns []string) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return fmt.Errorf("the Origin header %q is not a URL with a host", origin)
	}
	if strings.EqualFold(r.Host, u.Host) {
		return nil
	}
	for _, p := range patterns {
		target := u.Host
		if strings.Contains(p, "://") {
			target = u.Scheme + "://" + u.Host
		}
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(target)); ok {
			return nil
		}
	}
	return fmt.Errorf("origin %s may not open the event stream of %s (see ALLOWED_ORIGINS)", u.Host, r.Host)
}

func hasToken(h http.Header, key, token string) bool {
	for _, v := range h.Values(key) {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), token) {
				return true
			}
		}
	}
	return false
}
