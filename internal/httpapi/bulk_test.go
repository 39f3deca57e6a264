package httpapi_test

import (
	"fmt"
	"testing"
)

func TestBulkEndpoint(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		a := s.create("a", nil)
		b := s.create("b", map[string]any{"status": "inactive"})
		preview := s.expect(s.do("POST", "/api/instances/bulk", map[string]any{
			"action": "update", "ids": []int64{a, b}, "patch": map[string]any{"status": "inactive"}, "dry_run": true,
		}), 200, "").obj()
		if preview["changed_count"] != 1.0 || preview["unchanged_count"] != 1.0 || preview["dry_run"] != true {
			t.Fatalf("preview %v", preview)
		}
		if got := s.do("GET", fmt.Sprintf("/api/instances/%d", a), nil).obj(); got["status"] != "active" {
			t.Fatal("dry run wrote")
		}
		r := s.expect(s.do("POST", "/api/instances/bulk", map[string]any{
			"action": "update", "ids": []int64{a, b}, "patch": map[string]any{"status": "inactive"},
			"versions": map[string]int64{fmt.Sprint(a): 1, fmt.Sprint(b): 1},
		}), 200, "").obj()
		items := r["items"].([]any)
		first := items[0].(map[string]any)
		if r["changed_count"] != 1.0 || first["changed"] != true || first["instance"].(map[string]any)["version"] != 2.0 {
			t.Fatalf("apply %v", r)
		}
		stale := s.expect(s.do("POST", "/api/instances/bulk", map[string]any{
			"action": "delete", "ids": []int64{a, b}, "versions": map[string]int64{fmt.Sprint(a): 1},
		}), 412, "PreconditionFailed")
		if d := stale.obj()["error"].(map[string]any)["details"].(map[string]any); len(d["stale"].([]any)) != 1 {
			t.Fatalf("412 details %v", d)
		}
		missing := s.expect(s.do("POST", "/api/instances/bulk", map[string]any{"action": "delete", "ids": []int64{a, 12345}}), 404, "NotFound")
		if d := missing.obj()["error"].(map[string]any)["details"].(map[string]any); fmt.Sprint(d["missing_ids"]) != "[12345]" {
			t.Fatalf("404 details %v", d)
		}
		for name, body := range map[string]any{
			"no ids":        map[string]any{"action": "delete", "ids": []int64{}},
			"duplicate ids": map[string]any{"action": "delete", "ids": []int64{a, a}},
			"bad action":    map[string]any{"action": "explode", "ids": []int64{a}},
			"no patch":      map[string]any{"action": "update", "ids": []int64{a}},
			"rename":        map[string]any{"action": "update", "ids": []int64{a}, "patch": map[string]any{"name": "x"}},
			"bad value":     map[string]any{"action": "update", "ids": []int64{a}, "patch": map[string]any{"replicas": 500}},
			"bad version":   map[string]any{"action": "delete", "ids": []int64{a}, "versions": map[string]any{"abc": 1}},
			// A preview flag that is not a boolean never writes for real.
			"null dry_run":   map[string]any{"action": "update", "ids": []int64{a}, "patch": map[string]any{"status": "error"}, "dry_run": nil},
			"string dry_run": map[string]any{"action": "delete", "ids": []int64{a}, "dry_run": "true"},
			"null patch":     map[string]any{"action": "update", "ids": []int64{a}, "patch": nil},
			"null versions":  map[string]any{"action": "delete", "ids": []int64{a}, "versions": nil},
		} {
			if r := s.do("POST", "/api/instances/bulk", body); r.status != 422 || r.errType() != "ValidationError" {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
		if got := s.do("GET", fmt.Sprintf("/api/instances/%d", a), nil).obj(); got["status"] != "inactive" || got["version"] != 2.0 {
			t.Fatalf("a refused bulk request wrote: %v", got)
		}
		ids := make([]int64, 1001)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		s.expect(s.do("POST", "/api/instances/bulk", map[string]any{"action": "delete", "ids": ids}), 422, "ValidationError")
		s.expect(s.do("POST", "/api/instances/bulk", map[string]any{"action": "delete", "ids": []int64{a, b}}), 200, "")
		st := s.expect(s.do("GET", "/api/stats", nil), 200, "").obj()
		if st["total"] != 0.0 || st["by_status"].(map[string]any)["active"] != 0.0 {
			t.Fatalf("stats after deleting all %v", st)
		}
		h := s.do("GET", "/api/history?operation_type=delete", nil).obj()
		if h["total"] != 2.0 {
			t.Fatalf("delete records %v", h["total"])
		}
	})
}
