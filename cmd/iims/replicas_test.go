package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestTwoServeProcessesShareChanges runs two `iims serve` processes on one PostgreSQL database:
// a change written through replica A reaches a WebSocket client of replica B.
func TestTwoServeProcessesShareChanges(t *testing.T) {
	url := dbtest.URL(t, store.EnginePostgres)
	portA, portB := freePort(t), freePort(t)
	a := startServe(t, t.TempDir(), []string{"DATABASE_URL=" + url}, "--port", fmt.Sprint(portA))
	b := startServe(t, t.TempDir(), []string{"DATABASE_URL=" + url}, "--port", fmt.Sprint(portB))
	a.waitHealthy(t, portA)
	b.waitHealthy(t, portB)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, strings.Replace(b.base, "http", "ws", 1)+"/api/events?since=0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	read := func() map[string]any {
		_, data, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("read from replica B: %v", err)
		}
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		return m
	}
	if m := read(); m["type"] != "ready" {
		t.Fatalf("first message %v", m)
	}
	res, err := http.Post(a.base+"/api/instances", "application/json",
		strings.NewReader(`{"name":"written-on-a","model_name":"m","cluster_name":"c","image_tag":"i"}`))
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("create on A: %v %v", err, res)
	}
	m := read()
	rec, _ := m["record"].(map[string]any)
	if m["type"] != "instance.created" || rec["name"] != "written-on-a" {
		t.Fatalf("replica B's client got %v", m)
	}
	a.stop(t)
	b.stop(t) // with a client connected: still a clean exit
	if _, _, err := conn.Read(ctx); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("client of a stopped server: %v", err)
	}
}
