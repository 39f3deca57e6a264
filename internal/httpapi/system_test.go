package httpapi_test

import (
	"encoding/json"
	"os"
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
