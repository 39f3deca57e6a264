package httpapi_test

import (
	"encoding/json"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/iims/iims/internal/store"
)

func TestHealth(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		for _, path := range []string{"/health", "/api/health"} {
			h := s.expect(s.do("GET", path, nil), 200, "").obj()
			db := h["database"].(map[string]any)
			if h["status"] != "ok" || h["version"] != "test" || db["server_version"] == "" || db["latency_ms"] == nil ||
				db["engine"] != string(s.st.Engine()) {
				t.Fatalf("%s: %v", path, h)
			}
		}
	})
}

func TestSpecIsServed(t *testing.T) {
	s := newServer(t, store.EngineSQLite)
	var doc map[string]any
	s.expect(s.do("GET", "/openapi.json", nil), 200, "").json(&doc)
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range []string{"/instances", "/instances/{id}", "/instances/{instance_id}/history", "/history", "/history/{history_id}", "/history/compare", "/health"} {
		if paths[p] == nil {
			t.Errorf("/openapi.json lacks %s", p)
		}
	}
	yaml := s.expect(s.do("GET", "/openapi.yaml", nil), 200, "")
	want, err := os.ReadFile("../../api/openapi.yaml")
	if err != nil || string(yaml.body) != string(want) {
		t.Fatalf("/openapi.yaml differs from api/openapi.yaml (%v)", err)
	}
	if !json.Valid(s.do("GET", "/openapi.json", nil).body) {
		t.Fatal("/openapi.json is not JSON")
	}
}

// TestReadinessProbesDoNotContend sends a burst of concurrent readiness probes, as a load
// balancer and an orchestrator do: every one must answer 200 promptly (they used to queue on a
// migration lock and time out as 503 on PostgreSQL).
func TestReadinessProbesDoNotContend(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		const probes = 16
		var wg sync.WaitGroup
		statuses := make([]int, probes)
		for i := range probes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.http.Get(s.url + "/ready")
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			}()
		}
		wg.Wait()
		for i, st := range statuses {
			if st != http.StatusOK {
				t.Errorf("probe %d answered %d, want 200", i, st)
			}
		}
	})
}
