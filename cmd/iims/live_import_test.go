package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestImportByAnotherProcessReachesLiveClients: `iims import` writes straight to the database, in
// a process of its own; a browser following a running `iims serve` on the same database sees the
// imported instances arrive without reloading. On SQLite (another process on the same file) and
// on MySQL (no LISTEN/NOTIFY) only the server's follower of the history can tell it.
func TestImportByAnotherProcessReachesLiveClients(t *testing.T) {
	for _, e := range []store.Engine{store.EngineSQLite, store.EngineMySQL} {
		t.Run(string(e), func(t *testing.T) {
			url := dbtest.URL(t, e)
			dir := t.TempDir()
			port := freePort(t)
			srv := startServe(t, dir, []string{"DATABASE_URL=" + url}, "--port", fmt.Sprint(port))
			srv.waitHealthy(t, port)

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, strings.Replace(srv.base, "http", "ws", 1)+"/api/events", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			if m := readEvent(ctx, t, conn); m.Type != "ready" {
				t.Fatalf("first message %+v, want ready", m)
			}

			csv := "name,model_name,cluster_name,image_tag\nimported-a,m,c,i\nimported-b,m,c,i\nimported-c,m,c,i\n"
			file := filepath.Join(dir, "fleet.csv")
			if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
				t.Fatal(err)
			}
			if r := iims(t, dir, nil, "import", file, "--database-url", url); r.code != 0 || !strings.Contains(r.out, "3 to create") {
				t.Fatalf("import: %d %s", r.code, r.out)
			}
			imported := time.Now()
			var names []string
			for len(names) < 3 {
				m := readEvent(ctx, t, conn)
				if m.Type != "instance.created" {
					t.Fatalf("unexpected %+v", m)
				}
				names = append(names, m.Record.Name)
			}
			if fmt.Sprint(names) != "[imported-a imported-b imported-c]" {
				t.Fatalf("events for %v", names)
			}
			if d := time.Since(imported); d > 2*time.Second {
				t.Errorf("the import reached the live client after %v, want within a second or so", d)
			}
		})
	}
}

type streamMessage struct {
	Type   string `json:"type"`
	Record struct {
		Name string `json:"name"`
	} `json:"record"`
}

// readEvent reads the stream's next message that is not a heartbeat.
func readEvent(ctx context.Context, t *testing.T, conn *websocket.Conn) streamMessage {
	t.Helper()
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("read the event stream: %v", err)
		}
		var m streamMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		if m.Type != "heartbeat" {
			return m
		}
	}
}
