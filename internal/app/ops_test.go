package app_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/apptest"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/pgtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func serve(t *testing.T, url string) (*app.App, string) {
	t.Helper()
	s := apptest.Start(t, url, app.StreamSettings{}, true)
	return s.App, s.URL
}

// serveNoWait does not wait for the event listener (which cannot start on an unmigrated database).
func serveNoWait(t *testing.T, url string) (*app.App, string) {
	t.Helper()
	s := apptest.Start(t, url, app.StreamSettings{}, false)
	return s.App, s.URL
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// sample returns the value of one series in a scrape ("" if absent).
func sample(scrape, series string) string {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(scrape)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestMetricsSeriesExistAndMove(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			_, base := serve(t, dbtest.URL(t, e))
			_, _, before := get(t, base+"/metrics")
			documented := []string{
				`iims_http_requests_in_flight`,
				`iims_db_connections{state="open"}`, `iims_db_connections{state="in_use"}`, `iims_db_connections{state="idle"}`,
				`iims_db_connections_max`, `iims_db_wait_total`, `iims_db_wait_seconds_total`,
				`iims_instances{priority="medium",status="active"}`, `iims_instances{priority="critical",status="error"}`,
				`iims_history_records_total{operation="create"}`, `iims_websocket_clients`, `iims_events_published_total`,
				`iims_websocket_dropped_total`, `iims_build_info{engine="` + string(e) + `",version="test"}`,
				`go_goroutines`, `process_resident_memory_bytes`,
			}
			for _, s := range documented {
				if sample(before, s) == "" {
					t.Errorf("scrape lacks %s", s)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/api/events", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			_, _, _ = conn.Read(ctx) // ready
			res, err := http.Post(base+"/api/instances", "application/json", strings.NewReader(`{"name":"n","model_name":"m","cluster_name":"c","image_tag":"i"}`))
			if err != nil || res.StatusCode != 201 {
				t.Fatalf("create: %v", err)
			}
			_, _, _ = conn.Read(ctx) // the event: published by now
			_, _, after := get(t, base+"/metrics")
			for series, want := range map[string]string{
				`iims_history_records_total{operation="create"}`:    "1",
				`iims_instances{priority="medium",status="active"}`: "1",
				`iims_websocket_clients`:                            "1",
				`iims_events_published_total`:                       "1",
				`iims_http_request_duration_seconds_count{method="POST",route="/api/instances",status="201"}`: "1",
			} {
				if got := sample(after, series); got != want {
					t.Errorf("%s = %q after one create, want %s", series, got, want)
				}
			}
			_, _, _ = get(t, base+"/api/nope/"+strconv.Itoa(12345))
			_, _, after = get(t, base+"/metrics")
			if sample(after, `iims_http_request_duration_seconds_count{method="GET",route="/api/unmatched",status="404"}`) != "1" {
				t.Errorf("unmatched routes must share one label:\n%s", grep(after, "iims_http_request_duration_seconds_count"))
			}
		})
	}
}

// TestReadinessFollowsPostgreSQL stops the database under a running server and starts it again.
func TestReadinessFollowsPostgreSQL(t *testing.T) {
	cluster := pgtest.NewCluster(t)
	url := cluster.URL()
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, base := serveNoWait(t, url)
	if code, _, body := get(t, base+"/ready"); code != 503 || !strings.Contains(body, "pending") {
		t.Fatalf("unmigrated database: %d %s", code, body)
	}
	st, _ = store.Open(context.Background(), url, store.PoolConfig{Size: 1})
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, body := get(t, base+"/ready"); code != 200 || !strings.Contains(body, `"status":"ready"`) || !strings.Contains(body, `"pending":0`) {
		t.Fatalf("ready: %d %s", code, body)
	}
	cluster.Stop(t)
	code, hdr, body := get(t, base+"/ready")
	if code != 503 || hdr.Get("Retry-After") != "5" || !strings.Contains(body, `"status":"not_ready"`) {
		t.Fatalf("database down: %d %v %s", code, hdr, body)
	}
	if code, _, _ := get(t, base+"/health"); code != 503 {
		t.Fatalf("health with the database down: %d", code)
	}
	// The API says the same, as an error a client can retry, not an InternalError.
	for _, path := range []string{"/api/instances", "/api/history", "/api/stats"} {
		code, hdr, body := get(t, base+path)
		if code != 503 || hdr.Get("Retry-After") != "5" || !strings.Contains(body, `"type":"ServiceUnavailable"`) {
			t.Fatalf("%s with the database down: %d %v %s", path, code, hdr, body)
		}
	}
	cluster.Start(t)
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _, body := get(t, base+"/ready")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready again after the database returned: %d %s", code, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, _, _ := get(t, base+"/api/instances"); code != 200 {
		t.Fatalf("API after the database returned: %d", code)
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
