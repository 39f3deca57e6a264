package realtime_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestTwoReplicasOnOnePostgreSQL: a change written through replica A reaches a client of B.
func TestTwoReplicasOnOnePostgreSQL(t *testing.T) {
	url := dbtest.URL(t, store.EnginePostgres)
	a, b := newReplica(t, url), newReplica(t, url)
	onB, onA := dial(t, b.url, ""), dial(t, a.url, "")
	onB.next(false)
	onA.next(false)
	create(t, a.url, "via-a")
	put(t, b.url, "/api/instances/1", `{"replicas": 7}`)
	for name, c := range map[string]*client{"B": onB, "A": onA} {
		evs := c.events(2)
		if evs[0].Type != "instance.created" || evs[0].Record.Name != "via-a" || evs[1].Record.Replicas != 7 {
			t.Fatalf("client of %s got %+v", name, evs)
		}
	}
}

func TestShutdownClosesStreamsAsGoingAway(t *testing.T) {
	r := newReplica(t, dbtest.URL(t, store.EngineSQLite))
	c := dial(t, r.url, "")
	c.next(false)
	r.app.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _, err := c.conn.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("close status %v (%v), want 1001", websocket.CloseStatus(err), err)
	}
	// New subscribers of a closed hub are told at once.
	c2 := dial(t, r.url, "")
	c2.next(false) // ready
	_, _, err = c2.conn.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("after shutdown: %v", err)
	}
}

func TestHeartbeatsAndReset(t *testing.T) {
	r := newReplicaWith(t, dbtest.URL(t, store.EngineSQLite), app.StreamSettings{Heartbeat: 50 * time.Millisecond, MaxReplay: 3})
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		create(t, r.url, n)
	}
	c := dial(t, r.url, "?since=1")
	if m := c.next(false); m.Type != "reset" || m.LastHistoryID != 5 {
		t.Fatalf("4 missed changes with MaxReplay 3: %+v", m)
	}
	if m := c.next(true); m.Type != "heartbeat" || m.LastHistoryID != 5 {
		t.Fatalf("heartbeat %+v", m)
	}
	// A client ahead of the database (restored from a backup meanwhile) is told to reload, then
	// gets the next change live instead of skipping everything up to its old position.
	ahead := dial(t, r.url, "?since=99")
	if m := ahead.next(false); m.Type != "reset" || m.LastHistoryID != 5 {
		t.Fatalf("since beyond the last change: %+v", m)
	}
	create(t, r.url, "f")
	if evs := ahead.events(1); evs[0].HistoryID != 6 {
		t.Fatalf("after a reset the stream goes on live: %+v", evs)
	}
	ok := dial(t, r.url, "?since=3")
	if evs := ok.events(3); evs[0].HistoryID != 4 {
		t.Fatalf("replay within the limit %+v", evs)
	}
}

func TestNotAWebSocketRequest(t *testing.T) {
	r := newReplica(t, dbtest.URL(t, store.EngineSQLite))
	type want struct {
		status  int
		errType string
	}
	for path, want := range map[string]want{"/api/events": {400, "BadRequest"}, "/api/events?since=-1": {422, "ValidationError"}, "/api/events?since=x": {422, "ValidationError"}} {
		res, err := http.Get(r.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want.status || res.Header.Get("Content-Type") != "application/json" || !strings.Contains(string(body), `"type":"`+want.errType+`"`) {
			t.Errorf("%s: %d %s %s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, res, err := websocket.Dial(ctx, "ws"+r.url[4:]+"/api/events", &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://evil.example"}}})
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-origin browser must be refused: %v %v", err, res)
	}
}

// Behind a proxy that rewrites Host, the browser's origin differs from the Host IIMS sees:
// ALLOWED_ORIGINS lets that origin in while others stay refused.
func TestAllowedOriginsMayConnect(t *testing.T) {
	r := newReplicaWith(t, dbtest.URL(t, store.EngineSQLite), app.StreamSettings{AllowedOrigins: []string{"iims.example.com"}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for origin, allowed := range map[string]bool{"https://iims.example.com": true, "https://evil.example": false} {
		conn, res, err := websocket.Dial(ctx, "ws"+r.url[4:]+"/api/events", &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
		if allowed && err != nil {
			t.Errorf("%s is allowed but was refused: %v", origin, err)
		}
		if !allowed && (err == nil || res == nil || res.StatusCode != http.StatusForbidden) {
			t.Errorf("%s is not allowed but connected: %v", origin, err)
		}
		if conn != nil {
			conn.Close(websocket.StatusNormalClosure, "")
		}
	}
}
