package httpapi_test

import (
	"slices"
	"testing"
)

// TestQueryStrictness: every query the validator lets through must also bind, and everything it
// refuses is a 422 naming the parameter — no undeclared 400, nothing silently dropped.
func TestQueryStrictness(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		for _, n := range []string{"b", "a", "c"} {
			s.create(n, map[string]any{"replicas": map[string]int{"a": 2, "b": 2, "c": 1}[n]})
		}
		for path, field := range map[string]string{
			"/api/instances?limit=5&limit=5":                           "query:limit",
			"/api/instances?skip=0&skip=1":                             "query:skip",
			"/api/instances?q=a&q=b":                                   "query:q",
			"/api/history?operation_type=create&operation_type=update": "query:operation_type",
			"/api/history?end_date=2024-01-15T00:00:60Z":               "query:end_date",
			"/api/history?start_date=2024-01-15T00:00:00":              "query:start_date",
			"/api/instances/export?li%zzmit=1":                         "query:li%zzmit=1",
			"/api/instances?limit=1;skip=1":                            "query:limit=1;skip=1",
			"/api/history/export?format=csv&format=json":               "query:format",
		} {
			r := s.do("GET", path, nil)
			if r.status != 422 || r.errType() != "ValidationError" || !slices.Contains(r.fieldErrors(), field) {
				t.Errorf("%s: %d %s, want 422 naming %s", path, r.status, r.body, field)
			}
		}
		// A repeated sort is one comma-separated list, as SDK generators send it.
		var comma, repeated []map[string]any
		s.expect(s.do("GET", "/api/instances?sort=-replicas,name", nil), 200, "").json(&comma)
		s.expect(s.do("GET", "/api/instances?sort=-replicas&sort=name", nil), 200, "").json(&repeated)
		names := func(list []map[string]any) (out []any) {
			for _, it := range list {
				out = append(out, it["name"])
			}
			return out
		}
		if got := names(repeated); !slices.Equal(got, names(comma)) || !slices.Equal(got, []any{"a", "b", "c"}) {
			t.Errorf("sort=-replicas&sort=name gave %v, sort=-replicas,name %v", got, names(comma))
		}
		s.expect(s.do("GET", "/api/instances?status=active&status=error", nil), 200, "") // repeatable filters stay so
	})
}
