package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/provenance"
	"github.com/iims/iims/internal/testutil/apptest"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/spectest"
)

// record is the provenance of a history record or event as the API shows it.
type record struct {
	HistoryID     int64   `json:"history_id"`
	OperationType string  `json:"operation_type"`
	Actor         *string `json:"actor"`
	Via           *string `json:"via"`
	Reason        *string `json:"reason"`
	RequestID     *string `json:"request_id"`
}

func (r record) String() string {
	s := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	return r.OperationType + " by " + s(r.Actor) + " via " + s(r.Via) + " because " + s(r.Reason) + " in " + s(r.RequestID)
}

// tokenClient sends API requests with a token, validating every answer against the spec.
type tokenClient struct {
	t      *testing.T
	base   string
	secret string
	http   *http.Client
}

func (c tokenClient) do(method, path, body string, headers ...string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.secret != "" {
		req.Header.Set("Authorization", "Bearer "+c.secret)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (c tokenClient) history(query string) []record {
	c.t.Helper()
	status, body := c.do("GET", "/api/history?"+query, "")
	if status != 200 {
		c.t.Fatalf("history?%s: %d %s", query, status, body)
	}
	var page struct{ Items []record }
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		c.t.Fatal(err)
	}
	return page.Items
}

// TestProvenanceOnRecordsAndEvents: with tokens required, every write — create, update, delete,
// bulk, import — records who (the token's name), through what (api, web, import), why (the
// header or the body's reason) and in which request, on the history record and on the event the
// stream sends (opened with the browser's subprotocol carrier); and the history finds changes by
// each of them.
func TestProvenanceOnRecordsAndEvents(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			cfg, err := auth.Settings{Mode: "token"}.Resolve("0.0.0.0")
			if err != nil {
				t.Fatal(err)
			}
			s := apptest.Start(t, dbtest.URL(t, e), app.StreamSettings{}, true, func(o *app.Options) { o.Auth = cfg })
			_, secret, err := auth.CreateToken(context.Background(), s.Store, auth.NewTokenRequest{Name: "deployer", Role: auth.RoleEditor, CreatedBy: "test"}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			c := tokenClient{t: t, base: s.URL, secret: secret, http: spectest.Client(t)}
			events := openStream(t, s.URL, secret)

			type want struct{ op, via, reason, requestID string }
			var wants []want
			check := func(status int, body string, w want) {
				t.Helper()
				if status >= 300 {
					t.Fatalf("%s: %d %s", w.op, status, body)
				}
				wants = append(wants, w)
			}
			st, body := c.do("POST", "/api/instances", `{"name":"prov-a","model_name":"m","cluster_name":"c","image_tag":"i","reason":"INC-7: new capacity"}`, "X-Request-ID", "req-create")
			check(st, body, want{"create", "api", "INC-7: new capacity", "req-create"})
			st, body = c.do("POST", "/api/instances", `{"name":"prov-b","model_name":"m","cluster_name":"c","image_tag":"i"}`, "X-Request-ID", "req-create-b")
			check(st, body, want{"create", "api", "", "req-create-b"})
			st, body = c.do("PUT", "/api/instances/1", `{"replicas":3}`, "X-Request-ID", "req-update", "X-IIMS-Via", "web",
				"X-Change-Reason", "UTF-8''"+url.PathEscape("Rollback — p99 doubled"))
			check(st, body, want{"update", "web", "Rollback — p99 doubled", "req-update"})
			st, body = c.do("POST", "/api/instances/bulk", `{"action":"update","ids":[1,2],"patch":{"status":"inactive"},"reason":"drain gpu-cluster"}`, "X-Request-ID", "req-bulk")
			check(st, body, want{"update", "api", "drain gpu-cluster", "req-bulk"})
			check(st, body, want{"update", "api", "drain gpu-cluster", "req-bulk"})
			st, body = c.do("DELETE", "/api/instances/2", "", "X-Request-ID", "req-delete", "X-Change-Reason", "retired")
			check(st, body, want{"delete", "api", "retired", "req-delete"})
			// An import, as the CLI and the import API run it: via import, whoever the caller is.
			ctx := provenance.With(context.Background(), provenance.Provenance{Actor: "deployer", Via: provenance.ViaAPI, Reason: "sync from CMDB"})
			name, model, cluster, image := "prov-c", "m", "c", "i"
			if _, err := s.App.Service.Import(ctx, []instances.ImportRow{{Line: 1, Fields: instances.Patch{
				Name: &name, ModelName: &model, ClusterName: &cluster, ImageTag: &image}}}, false, nil); err != nil {
				t.Fatal(err)
			}
			wants = append(wants, want{"create", "import", "sync from CMDB", ""})

			got := events(len(wants))
			records := c.history("limit=100")
			for i, w := range wants {
				rec := records[len(records)-1-i] // the feed is newest first
				for _, r := range []record{got[i], rec} {
					if r.OperationType != w.op || deref(r.Actor) != "deployer" || deref(r.Via) != w.via ||
						deref(r.Reason) != w.reason || deref(r.RequestID) != w.requestID || (w.reason == "" && r.Reason != nil) {
						t.Errorf("change %d: %s, want %s by deployer via %s because %q in %q", i, r, w.op, w.via, w.reason, w.requestID)
					}
				}
			}
			// Finding changes by provenance.
			for query, n := range map[string]int{"request_id=req-bulk": 2, "via=web": 1, "via=import&via=web": 2, "actor=deployer": len(wants),
				"actor=someone-else": 0, "q=p99+doubled": 1, "q=DRAIN": 2, "request_id=req-bulk&request_id=req-delete": 3} {
				if recs := c.history(query); len(recs) != n {
					t.Errorf("history?%s: %d records, want %d", query, len(recs), n)
				}
			}
			st, body = c.do("PUT", "/api/instances/1", `{"replicas":4,"reason":"one"}`, "X-Change-Reason", "another")
			if st != 422 || !strings.Contains(body, `"field":"reason"`) {
				t.Errorf("two different reasons: %d %s", st, body)
			}
			st, body = c.do("PUT", "/api/instances/1", `{"replicas":4,"reason":"`+strings.Repeat("x", 501)+`"}`)
			if st != 422 || !strings.Contains(body, `"field":"reason"`) {
				t.Errorf("a reason of 501 characters: %d %.200s", st, body)
			}
		})
	}
}

// TestRequiredReason: with REQUIRE_REASON, a change without a reason is a 422 naming it and
// writes nothing; a dry run needs none; with a reason it goes through.
func TestRequiredReason(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, dbtest.URL(t, e), app.StreamSettings{}, false, func(o *app.Options) { o.Auth.RequireReason = true })
			c := tokenClient{t: t, base: s.URL, http: spectest.Client(t)}
			create := `{"name":"needs-reason","model_name":"m","cluster_name":"c","image_tag":"i"}`
			refused := func(what string, status int, body, field string) {
				t.Helper()
				if status != 422 || !strings.Contains(body, field) || !strings.Contains(body, "REQUIRE_REASON") {
					t.Errorf("%s without a reason: %d %s", what, status, body)
				}
			}
			st, body := c.do("POST", "/api/instances", create)
			refused("create", st, body, `"field":"reason"`)
			if recs := c.history(""); len(recs) != 0 {
				t.Fatalf("a refused create wrote %d records", len(recs))
			}
			if st, _ = c.do("GET", "/api/instances/1", ""); st != 404 {
				t.Fatalf("a refused create made the instance: %d", st)
			}
			if st, body = c.do("POST", "/api/instances", create, "X-Change-Reason", "capacity"); st != 201 {
				t.Fatalf("create with a reason: %d %s", st, body)
			}
			st, body = c.do("PUT", "/api/instances/1", `{"replicas":2}`)
			refused("update", st, body, `"field":"reason"`)
			st, body = c.do("DELETE", "/api/instances/1", "")
			refused("delete", st, body, `"field":"X-Change-Reason"`)
			st, body = c.do("POST", "/api/instances/bulk", `{"action":"delete","ids":[1]}`)
			refused("bulk", st, body, `"field":"reason"`)
			if st, body = c.do("POST", "/api/instances/bulk", `{"action":"delete","ids":[1],"dry_run":true}`); st != 200 {
				t.Errorf("a dry run needs no reason: %d %s", st, body)
			}
			if recs := c.history(""); len(recs) != 1 {
				t.Fatalf("refused changes wrote records: %d, want the one create", len(recs))
			}
			if st, body = c.do("PUT", "/api/instances/1", `{"replicas":2,"reason":"load"}`); st != 200 {
				t.Errorf("update with a reason: %d %s", st, body)
			}
			if st, body = c.do("GET", "/api/me", ""); st != 200 || !strings.Contains(body, `"require_reason":true`) || !strings.Contains(body, `"auth_mode":"off"`) {
				t.Errorf("/api/me: %d %s", st, body)
			}
		})
	}
}

// openStream connects to the event stream the way the web app does (subprotocols "iims" and
// "bearer.<token>") and returns a function reading the next n change events' records.
func openStream(t *testing.T, base, secret string) func(n int) []record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	conn, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/api/events",
		&websocket.DialOptions{Subprotocols: []string{"iims", auth.WebSocketTokenPrefix + secret}})
	if err != nil {
		t.Fatalf("open the stream with a token: %v", err)
	}
	if got := res.Header.Get("Sec-WebSocket-Protocol"); got != "iims" {
		t.Fatalf("selected subprotocol %q, want iims (never the token)", got)
	}
	t.Cleanup(func() { conn.CloseNow() })
	// A stream without since starts live after "ready": changes before it are not its to send.
	if _, data, err := conn.Read(ctx); err != nil || !strings.Contains(string(data), `"type":"ready"`) {
		t.Fatalf("first message %s, %v; want ready", data, err)
	}
	return func(n int) []record {
		var out []record
		for len(out) < n {
			_, data, err := conn.Read(ctx)
			if err != nil {
				t.Fatalf("read the stream after %d events (%v): %v", len(out), out, err)
			}
			var msg struct {
				Type   string
				Record record
			}
			if err := json.Unmarshal(data, &msg); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(msg.Type, "instance.") {
				out = append(out, msg.Record)
			}
		}
		return out
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
