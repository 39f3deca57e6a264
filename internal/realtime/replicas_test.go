package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestTwoReplicasOnOneDatabase: a change written through replica A reaches a client of B, on the
// engines replicas share a database on (PostgreSQL by LISTEN/NOTIFY, MySQL by following the
// history alone). Then B restarts: its client, resuming from the last event it saw, gets the
// changes made meanwhile and the next live one, each exactly once.
func TestTwoReplicasOnOneDatabase(t *testing.T) {
	for _, e := range []store.Engine{store.EnginePostgres, store.EngineMySQL} {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			url := dbtest.URL(t, e)
			a, b := newReplica(t, url), newReplica(t, url)
			onB, onA := dial(t, b.url, ""), dial(t, a.url, "")
			onB.next(false)
			onA.next(false)
			start := time.Now()
			create(t, a.url, "via-a")
			put(t, b.url, "/api/instances/1", `{"replicas": 7}`)
			for name, c := range map[string]*client{"B": onB, "A": onA} {
				evs := c.events(2)
				if evs[0].Type != "instance.created" || evs[0].Record.Name != "via-a" || evs[1].Record.Replicas != 7 {
					t.Fatalf("client of %s got %+v", name, evs)
				}
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("the changes took %v to reach the other replica's client, want well within a second each", d)
			}
			seen := int64(2) // history ids 1 and 2

			b.app.Close() // replica B goes away; its client is disconnected
			create(t, a.url, "while-b-was-down")
			put(t, a.url, "/api/instances/1", `{"replicas": 8}`)
			b2 := newReplica(t, url)
			resumed := dial(t, b2.url, fmt.Sprintf("?since=%d", seen))
			evs := resumed.events(2)
			if m := resumed.next(false); m.Type != "ready" {
				t.Fatalf("after the replay: %+v, want ready", m)
			}
			create(t, a.url, "after-b-is-back")
			evs = append(evs, resumed.events(1)...)
			for i, ev := range evs {
				if ev.HistoryID != seen+int64(i)+1 {
					t.Fatalf("after the restart, event %d is history id %d: %+v", i, ev.HistoryID, evs)
				}
			}
			if evs[0].Record.Name != "while-b-was-down" || evs[1].Record.Replicas != 8 || evs[2].Record.Name != "after-b-is-back" {
				t.Fatalf("after the restart: %+v", evs)
			}
			if m, ok := resumed.tryNext(300 * time.Millisecond); ok {
				t.Fatalf("an event twice, or one never written: %+v", m)
			}
		})
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

// TestHandshakeRefusals: every refusal of /api/events is the JSON error envelope with a status
// the spec declares (and the field named for a bad query), never the WebSocket library's text.
func TestHandshakeRefusals(t *testing.T) {
	r := newReplica(t, dbtest.URL(t, store.EngineSQLite))
	ws := http.Header{}
	for k, v := range map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
		"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="} {
		ws.Set(k, v)
	}
	with := func(k, v string) http.Header {
		h := ws.Clone()
		if v == "" {
			h.Del(k)
		} else {
			h.Set(k, v)
		}
		return h
	}
	for _, c := range []struct {
		name, path string
		header     http.Header
		status     int
		errType    string
		field      string
	}{
		{"plain GET", "/api/events", nil, 426, "UpgradeRequired", ""},
		{"negative since", "/api/events?since=-1", ws, 422, "ValidationError", "since"},
		{"since not a number", "/api/events?since=x", ws, 422, "ValidationError", "since"},
		{"unknown parameter", "/api/events?sicne=1", ws, 422, "ValidationError", "sicne"},
		{"old version", "/api/events", with("Sec-WebSocket-Version", "8"), 400, "BadRequest", ""},
		{"no key", "/api/events", with("Sec-WebSocket-Key", ""), 400, "BadRequest", ""},
		{"foreign origin", "/api/events", with("Origin", "https://evil.example"), 403, "Forbidden", ""},
	} {
		req, _ := http.NewRequest("GET", r.url+c.path, nil)
		for k, v := range c.header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			Error struct {
				Type    string
				Details struct{ Errors []struct{ In, Field string } }
			}
		}
		err = json.NewDecoder(res.Body).Decode(&env)
		res.Body.Close()
		if err != nil || res.StatusCode != c.status || res.Header.Get("Content-Type") != "application/json" || env.Error.Type != c.errType {
			t.Errorf("%s: %d %s %+v %v", c.name, res.StatusCode, res.Header.Get("Content-Type"), env, err)
		}
		if c.status == 426 && res.Header.Get("Upgrade") != "websocket" {
			t.Errorf("%s: a 426 must say Upgrade: websocket", c.name)
		}
		if c.field != "" && (len(env.Error.Details.Errors) != 1 || env.Error.Details.Errors[0].Field != c.field || env.Error.Details.Errors[0].In != "query") {
			t.Errorf("%s: details %+v, want query:%s", c.name, env.Error.Details, c.field)
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
