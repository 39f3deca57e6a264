package app_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/testutil/apptest"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/spectest"
)

// TestRevokingATokenEndsItsStream: a stream opened with a token is closed with 1008, saying
// why, once the token is revoked — and a stream of a token that stays valid goes on.
func TestRevokingATokenEndsItsStream(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			cfg, err := auth.Settings{Mode: "token"}.Resolve("0.0.0.0")
			if err != nil {
				t.Fatal(err)
			}
			s := apptest.Start(t, dbtest.URL(t, e), app.StreamSettings{Recheck: 50 * time.Millisecond}, true, func(o *app.Options) { o.Auth = cfg })
			ctx := context.Background()
			token := func(name string, role auth.Role) (int64, string) {
				tok, secret, err := auth.CreateToken(ctx, s.Store, auth.NewTokenRequest{Name: name, Role: role, CreatedBy: "test"}, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				return tok.ID, secret
			}
			_, admin := token("admin", auth.RoleAdmin)
			doomedID, doomed := token("dashboard", auth.RoleViewer)
			_, kept := token("pager", auth.RoleViewer)
			doomedStream, keptStream := dialStream(t, s.URL, doomed), dialStream(t, s.URL, kept)

			c := tokenClient{t: t, base: s.URL, secret: admin, http: spectest.Client(t)}
			if st, body := c.do("DELETE", fmt.Sprintf("/api/tokens/%d", doomedID), ""); st != http.StatusOK {
				t.Fatalf("revoke: %d %s", st, body)
			}
			readCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			var closed websocket.CloseError
			for {
				if _, _, err = doomedStream.Read(readCtx); err != nil {
					break
				}
			}
			if !errors.As(err, &closed) || closed.Code != websocket.StatusPolicyViolation || !strings.Contains(closed.Reason, "revoked") {
				t.Fatalf("the revoked token's stream ended with %v, want 1008 saying it was revoked", err)
			}
			// The other stream outlives several rechecks and still delivers changes.
			time.Sleep(200 * time.Millisecond)
			if st, body := c.do("POST", "/api/instances", `{"name":"after-revoke","model_name":"m","cluster_name":"c","image_tag":"i"}`); st != http.StatusCreated {
				t.Fatalf("create: %d %s", st, body)
			}
			for {
				_, data, err := keptStream.Read(readCtx)
				if err != nil {
					t.Fatalf("the valid token's stream ended: %v", err)
				}
				if strings.Contains(string(data), "after-revoke") {
					break
				}
			}
		})
	}
}

// dialStream opens the event stream with a token, as the web app does, past its "ready".
func dialStream(t *testing.T, base, secret string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/api/events",
		&websocket.DialOptions{Subprotocols: []string{"iims", auth.WebSocketTokenPrefix + secret}})
	if err != nil {
		t.Fatalf("open the stream: %v", err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	if _, data, err := conn.Read(ctx); err != nil || !strings.Contains(string(data), `"type":"ready"`) {
		t.Fatalf("first message %s, %v; want ready", data, err)
	}
	return conn
}
