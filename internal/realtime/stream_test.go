package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/testutil/apptest"
	"github.com/iims/iims/internal/testutil/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// replica is one running server over a store.
type replica struct {
	app *app.App
	url string
}

func newReplica(t *testing.T, url string) *replica {
	t.Helper()
	return newReplicaWith(t, url, app.StreamSettings{})
}

func newReplicaWith(t *testing.T, url string, limits app.StreamSettings) *replica {
	t.Helper()
	s := apptest.Start(t, url, limits, true)
	return &replica{app: s.App, url: s.URL}
}

func forEachEngine(t *testing.T, fn func(t *testing.T, url string)) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			fn(t, dbtest.URL(t, e))
		})
	}
}

// message is any message of the stream.
type message struct {
	Type          string          `json:"type"`
	HistoryID     int64           `json:"history_id"`
	InstanceID    int64           `json:"instance_id"`
	LastHistoryID int64           `json:"last_history_id"`
	Changes       json.RawMessage `json:"changes"`
	Record        struct {
		Replicas int    `json:"replicas"`
		Name     string `json:"name"`
	} `json:"record"`
}

type client struct {
	t    *testing.T
	conn *websocket.Conn
}

func dial(t *testing.T, base, query string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, strings.Replace(base, "http", "ws", 1)+"/api/events"+query, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	conn.SetReadLimit(1 << 20)
	t.Cleanup(func() { conn.CloseNow() })
	return &client{t: t, conn: conn}
}

// next reads the next message, skipping heartbeats unless asked for.
func (c *client) next(wantHeartbeats bool) message {
	c.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, b, err := c.conn.Read(ctx)
		cancel()
		if err != nil {
			c.t.Fatalf("read: %v", err)
		}
		var m message
		if err := json.Unmarshal(b, &m); err != nil {
			c.t.Fatalf("decode %s: %v", b, err)
		}
		if m.Type == "heartbeat" && !wantHeartbeats {
			continue
		}
		return m
	}
}

// tryNext reads the next message that is not a heartbeat if one comes within d.
func (c *client) tryNext(d time.Duration) (message, bool) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for {
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		_, b, err := c.conn.Read(ctx)
		cancel()
		if err != nil {
			return message{}, false
		}
		var m message
		if err := json.Unmarshal(b, &m); err != nil {
			c.t.Fatalf("decode %s: %v", b, err)
		}
		if m.Type != "heartbeat" {
			return m, true
		}
	}
}

// events reads n change events (failing on anything else but heartbeats).
func (c *client) events(n int) []message {
	c.t.Helper()
	out := make([]message, 0, n)
	for len(out) < n {
		m := c.next(false)
		if !strings.HasPrefix(m.Type, "instance.") {
			c.t.Fatalf("unexpected %+v", m)
		}
		out = append(out, m)
	}
	return out
}

func post(t *testing.T, base, path, body string) {
	t.Helper()
	res, err := http.Post(base+path, "application/json", strings.NewReader(body))
	if err != nil || res.StatusCode >= 300 {
		t.Fatalf("POST %s: %v %v", path, err, res)
	}
	res.Body.Close()
}

func put(t *testing.T, base, path, body string) {
	t.Helper()
	req, _ := http.NewRequest("PUT", base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("PUT %s: %v %v", path, err, res)
	}
	res.Body.Close()
}

func create(t *testing.T, base, name string) {
	post(t, base, "/api/instances", fmt.Sprintf(`{"name":%q,"model_name":"m","cluster_name":"c","image_tag":"i"}`, name))
}

func TestLiveEventsAndReplay(t *testing.T) {
	forEachEngine(t, func(t *testing.T, url string) {
		r := newReplica(t, url)
		create(t, r.url, "first")
		live := dial(t, r.url, "")
		if m := live.next(false); m.Type != "ready" || m.LastHistoryID != 1 {
			t.Fatalf("live start %+v", m)
		}
		put(t, r.url, "/api/instances/1", `{"replicas": 3}`)
		ev := live.events(1)[0]
		if ev.Type != "instance.updated" || ev.HistoryID != 2 || ev.InstanceID != 1 || ev.Record.Replicas != 3 ||
			!strings.Contains(string(ev.Changes), `"replicas":{"old":1,"new":3}`) {
			t.Fatalf("event %+v changes %s", ev, ev.Changes)
		}
		// A client that was away replays what it missed, then goes live.
		put(t, r.url, "/api/instances/1", `{"replicas": 4}`)
		req, _ := http.NewRequest("DELETE", r.url+"/api/instances/1", nil)
		if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
			t.Fatalf("delete: %v", err)
		}
		back := dial(t, r.url, "?since=1")
		got := back.events(3)
		if got[0].HistoryID != 2 || got[1].HistoryID != 3 || got[2].Type != "instance.deleted" || string(got[2].Changes) != "null" {
			t.Fatalf("replay %+v", got)
		}
		if m := back.next(false); m.Type != "ready" || m.LastHistoryID != 4 {
			t.Fatalf("after replay %+v", m)
		}
		create(t, r.url, "second")
		if ev := back.events(1)[0]; ev.HistoryID != 5 || ev.Type != "instance.created" {
			t.Fatalf("live after replay %+v", ev)
		}
		if evs := live.events(3); evs[2].HistoryID != 5 {
			t.Fatalf("the first client missed something: %+v", evs)
		}
	})
}

// TestConcurrentWritersEveryEventOnceInOrder: N concurrent writers, several subscribers; each
// subscriber gets every change exactly once, in history id order.
func TestConcurrentWritersEveryEventOnceInOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, url string) {
		r := newReplica(t, url)
		const writers, perWriter, subscribers = 8, 6, 3
		subs := make([]*client, subscribers)
		for i := range subs {
			subs[i] = dial(t, r.url, "")
			subs[i].next(false) // ready
		}
		var wg sync.WaitGroup
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				name := fmt.Sprintf("w%d", w)
				create(t, r.url, name)
				path := instancePath(t, r.url, name)
				for i := 1; i < perWriter; i++ {
					put(t, r.url, path, fmt.Sprintf(`{"replicas": %d}`, i+1))
				}
			}(w)
		}
		wg.Wait()
		for i, c := range subs {
			evs := c.events(writers * perWriter)
			seen := map[int64]bool{}
			for j, ev := range evs {
				if seen[ev.HistoryID] || (j > 0 && ev.HistoryID <= evs[j-1].HistoryID) {
					t.Fatalf("subscriber %d: event %d (history %d) duplicated or out of order", i, j, ev.HistoryID)
				}
				seen[ev.HistoryID] = true
			}
			if evs[len(evs)-1].HistoryID != writers*perWriter {
				t.Fatalf("subscriber %d ended at %d", i, evs[len(evs)-1].HistoryID)
			}
		}
	})
}

// instancePath finds an instance's URL by name.
func instancePath(t *testing.T, base, name string) string {
	res, err := http.Get(base + "/api/instances?name=" + name + "&limit=1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var items []struct {
		ID int64 `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&items); err != nil || len(items) != 1 {
		t.Fatalf("find %s: %v %v", name, items, err)
	}
	return fmt.Sprintf("/api/instances/%d", items[0].ID)
}
