package realtime

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"
	"github.com/labstack/echo/v4"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
)

// Defaults of a Stream's limits.
const (
	DefaultHeartbeat = 25 * time.Second
	DefaultMaxReplay = 10000
	writeTimeout     = 10 * time.Second
)

// Stream serves GET /api/events.
type Stream struct {
	Hub   *Hub
	Store *store.Store
	Log   *slog.Logger
	// OriginPatterns lists extra origins allowed to connect (same-origin always is), as in
	// websocket.AcceptOptions; browsers on other origins are refused.
	OriginPatterns []string
	// Heartbeat is the interval of heartbeat messages (DefaultHeartbeat when zero).
	Heartbeat time.Duration
	// MaxReplay is how many missed changes a reconnecting client may replay; beyond it the
	// client is told to reload with a "reset" (DefaultMaxReplay when zero).
	MaxReplay int
	// StillAuthorized, when set, is asked every Recheck whether the credentials the stream was
	// opened with still hold (a token may be revoked or expire meanwhile): it returns why they no
	// longer do, and the stream is closed with 1008; "" when they do, or cannot be checked now
	// (a database outage does not end streams).
	StillAuthorized func(ctx context.Context) (refused string)
	// Recheck is how often StillAuthorized is asked (DefaultRecheck when zero).
	Recheck time.Duration
}

// Subprotocol is the WebSocket subprotocol the stream speaks, selected when the client offers it.
const Subprotocol = "iims"

// DefaultRecheck is how often a stream's credentials are checked again: a revoked token's
// streams end within about this long (plus the token cache's TTL on other replicas).
const DefaultRecheck = 10 * time.Second

// Serve handles GET /api/events. The API's request validation has checked the query (since is
// an integer ≥ 0, nothing undeclared) before it runs; the handshake is checked here, so that
// every refusal is an error envelope with a status the spec declares.
func (s *Stream) Serve(c echo.Context) error {
	since := int64(-1)
	if v := c.QueryParam("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, "since must be a history id (an integer ≥ 0)")
		}
		since = n
	}
	if err := checkHandshake(c, s.OriginPatterns); err != nil {
		return err
	}
	// checkHandshake has verified the origin (and everything Accept would refuse): Accept's own
	// refusals are plain text.
	conn, err := websocket.Accept(c.Response(), c.Request(), &websocket.AcceptOptions{InsecureSkipVerify: true,
		// A browser carries its token as a "bearer.<token>" subprotocol beside "iims" (see
		// internal/auth), and needs the server to select one it offered: "iims", never the token.
		Subprotocols: []string{Subprotocol}})
	if err != nil {
		return nil // Accept has answered the client already
	}
	// Subscribe, then replay from the database up to the position the hub had then: every change
	// after it arrives live, every one up to it (that the client missed) is replayed, none twice.
	sub, position := s.Hub.Subscribe()
	defer s.Hub.Unsubscribe(sub)
	ctx := conn.CloseRead(c.Request().Context()) // cancelled when the client goes away
	status, reason := s.run(ctx, conn, sub, since, position)
	_ = conn.Close(status, reason)
	return nil
}

func (s *Stream) run(ctx context.Context, conn *websocket.Conn, sub *Subscription, since, position int64) (websocket.StatusCode, string) {
	last, err := s.replay(ctx, conn, since, position)
	if err != nil {
		return s.failed(ctx, err)
	}
	interval := cmp.Or(s.Heartbeat, DefaultHeartbeat)
	heartbeat := time.NewTicker(interval)
	defer heartbeat.Stop()
	var recheckC <-chan time.Time // nil (never ready) without a check
	if s.StillAuthorized != nil {
		recheck := time.NewTicker(cmp.Or(s.Recheck, DefaultRecheck))
		defer recheck.Stop()
		recheckC = recheck.C
	}
	for {
		select {
		case msg, ok := <-sub.C:
			if !ok {
				if sub.Reason() == reasonSlow {
					return websocket.StatusPolicyViolation, fmt.Sprintf("too slow: reconnect with since=%d", last)
				}
				return websocket.StatusGoingAway, sub.Reason()
			}
			if msg.Event.Record.HistoryID <= last {
				continue
			}
			data, err := msg.JSON()
			if err == nil {
				err = writeRaw(ctx, conn, data)
			}
			if err != nil {
				return s.failed(ctx, err)
			}
			last = msg.Event.Record.HistoryID
			heartbeat.Reset(interval)
		case <-heartbeat.C:
			if err := write(ctx, conn, control(api.ControlMessageTypeHeartbeat, last)); err != nil {
				return s.failed(ctx, err)
			}
		case <-recheckC:
			if refused := s.StillAuthorized(ctx); refused != "" {
				return websocket.StatusPolicyViolation, "credentials no longer valid: " + refused
			}
		case <-ctx.Done():
			return websocket.StatusNormalClosure, ""
		}
	}
}

// replay sends the changes committed after since (when given) and then "ready"; it returns the
// history id the client is now at. It replays up to the database's settled point, which may be
// ahead of the hub's position: the live events up to there are then skipped as already sent.
func (s *Stream) replay(ctx context.Context, conn *websocket.Conn, since, position int64) (int64, error) {
	settled, err := s.Store.HistoryWatermark(ctx)
	if err != nil {
		return 0, err
	}
	position = max(position, settled)
	if since < 0 || since == position {
		return position, write(ctx, conn, control(api.ControlMessageTypeReady, position))
	}
	if since > position {
		// The client saw a history this database does not have (restored or replaced): what it
		// holds cannot be patched, so it reloads and continues from here.
		return position, write(ctx, conn, control(api.ControlMessageTypeReset, position))
	}
	maxReplay := cmp.Or(s.MaxReplay, DefaultMaxReplay)
	recs, err := s.Store.HistoryRange(ctx, since, position, maxReplay+1)
	if err != nil {
		return 0, err
	}
	if len(recs) > maxReplay {
		return position, write(ctx, conn, control(api.ControlMessageTypeReset, position))
	}
	for _, rec := range recs {
		if err := write(ctx, conn, apiconv.ToEvent(instances.EventFor(rec))); err != nil {
			return 0, err
		}
	}
	return position, write(ctx, conn, control(api.ControlMessageTypeReady, position))
}

// failed logs why a stream ended abnormally (not for clients that simply left).
func (s *Stream) failed(ctx context.Context, err error) (websocket.StatusCode, string) {
	if ctx.Err() == nil && !errors.Is(err, context.Canceled) && websocket.CloseStatus(err) == -1 {
		s.Log.Warn("event stream ended", "request_id", requestid.From(ctx), "error", err)
	}
	return websocket.StatusInternalError, "stream error"
}

func control(t api.ControlMessageType, last int64) api.ControlMessage {
	now := time.Now().UTC()
	return api.ControlMessage{Type: t, LastHistoryId: last, At: &now}
}

func write(ctx context.Context, conn *websocket.Conn, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeRaw(ctx, conn, b)
}

// writeRaw sends one text message, giving up on a client that does not read for writeTimeout.
func writeRaw(ctx context.Context, conn *websocket.Conn, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	return conn.Write(ctx, websocket.MessageText, b)
}
