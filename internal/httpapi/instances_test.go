package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestInstanceLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		r := s.expect(s.do("POST", "/api/instances", map[string]any{
			"name": "gpt-3.5-turbo", "model_name": "gpt-3.5-turbo", "cluster_name": "gpu-cluster-2", "image_tag": "openai:gpt-3.5-latest",
		}), 201, "")
		inst := r.obj()
		id := int64(inst["id"].(float64))
		if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/instances/%d", id) {
			t.Fatalf("Location %q", loc)
		}
		if r.header.Get("ETag") != `"1"` || r.header.Get("X-Request-ID") == "" {
			t.Fatalf("headers %v", r.header)
		}
		want := map[string]any{"model_version": "latest", "replicas": 1.0, "pp": 1.0, "cp": 8.0, "tp": 1.0,
			"status": "active", "priority": "medium", "description": nil, "version": 1.0}
		for k, v := range want {
			if inst[k] != v {
				t.Errorf("%s = %v, want %v", k, inst[k], v)
			}
		}
		if !strings.HasSuffix(inst["created_at"].(string), "Z") {
			t.Errorf("created_at %v is not UTC", inst["created_at"])
		}

		got := s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d", id), nil), 200, "")
		if got.header.Get("ETag") != `"1"` || got.obj()["created_at"] != inst["created_at"] {
			t.Fatalf("GET %s %v", got.body, got.header)
		}

		up := s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", id), map[string]any{"replicas": 4, "status": "inactive"}), 200, "")
		if o := up.obj(); o["replicas"] != 4.0 || o["status"] != "inactive" || o["name"] != "gpt-3.5-turbo" || up.header.Get("ETag") != `"2"` {
			t.Fatalf("PUT %s", up.body)
		}

		del := s.expect(s.do("DELETE", fmt.Sprintf("/api/instances/%d", id), nil), 200, "")
		if del.obj()["message"] != "Instance deleted successfully" {
			t.Fatalf("DELETE %s", del.body)
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d", id), nil), 404, "NotFound")
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", id), map[string]any{"replicas": 2}), 404, "NotFound")
		s.expect(s.do("DELETE", fmt.Sprintf("/api/instances/%d", id), nil), 404, "NotFound")
	})
}

// TestFieldBounds checks both sides of every bound in the product description's "Field
// Validation" table, on create and on update.
func TestFieldBounds(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // multi-byte: bounds count characters
	cases := []struct {
		field    string
		ok, bad  []any
		required bool
	}{
		{"name", []any{"a", long(255)}, []any{"", long(256), 7, nil}, true},
		{"model_name", []any{"m", long(255)}, []any{"", long(256)}, true},
		{"cluster_name", []any{"c", long(255)}, []any{"", long(256)}, true},
		{"image_tag", []any{"i", long(255)}, []any{"", long(256)}, true},
		{"model_version", []any{"v", long(50)}, []any{"", long(51)}, false},
		{"replicas", []any{1, 100}, []any{0, 101, -1, 2.5, "2"}, false},
		{"pp", []any{1, 16}, []any{0, 17}, false},
		{"cp", []any{1, 64}, []any{0, 65}, false},
		{"tp", []any{1, 16}, []any{0, 17}, false},
		{"status", []any{"active", "inactive", "pending", "error"}, []any{"Active", "running", ""}, false},
		{"priority", []any{"low", "medium", "high", "critical"}, []any{"urgent", "HIGH"}, false},
		{"description", []any{"", long(2000), nil}, []any{long(2001), 5}, false},
	}
	forEachEngine(t, func(t *testing.T, s *server) {
		base := func(n int) map[string]any {
			return map[string]any{"name": fmt.Sprintf("b-%d", n), "model_name": "m", "cluster_name": "c", "image_tag": "i"}
		}
		target := s.create("target", nil)
		n := 0
		for _, c := range cases {
			for _, v := range c.ok {
				n++
				body := base(n)
				body[c.field] = v
				if c.field == "name" {
					body["name"] = fmt.Sprintf("%v", v)
				}
				r := s.do("POST", "/api/instances", body)
				if r.status != 201 {
					t.Errorf("create %s=%.20v: %d %s", c.field, v, r.status, r.body)
					continue
				}
				if c.field != "name" {
					if u := s.do("PUT", fmt.Sprintf("/api/instances/%d", target), map[string]any{c.field: v}); u.status != 200 {
						t.Errorf("update %s=%.20v: %d %s", c.field, v, u.status, u.body)
					}
				}
			}
			for _, v := range c.bad {
				n++
				body := base(n)
				body[c.field] = v
				r := s.do("POST", "/api/instances", body)
				if r.status != 422 || r.errType() != "ValidationError" || !slices.Contains(r.fieldErrors(), "body:"+c.field) {
					t.Errorf("create %s=%.20v: %d %s, want 422 naming body:%s", c.field, v, r.status, r.body, c.field)
				}
				u := s.do("PUT", fmt.Sprintf("/api/instances/%d", target), map[string]any{c.field: v})
				if u.status != 422 || !slices.Contains(u.fieldErrors(), "body:"+c.field) {
					t.Errorf("update %s=%.20v: %d %s, want 422", c.field, v, u.status, u.body)
				}
			}
			if c.required {
				body := base(0)
				delete(body, c.field)
				if r := s.do("POST", "/api/instances", body); r.status != 422 || !slices.Contains(r.fieldErrors(), "body:"+c.field) {
					t.Errorf("create without %s: %d %s", c.field, r.status, r.body)
				}
			}
		}
		for _, f := range []string{"model_version", "replicas", "status"} {
			if r := s.do("PUT", fmt.Sprintf("/api/instances/%d", target), map[string]any{f: nil}); r.status != 422 {
				t.Errorf("update %s=null: %d %s", f, r.status, r.body)
			}
		}
		// One rule for create and update: null only where the spec says nullable (description);
		// an omitted field takes its default, an explicit null is a 422 naming it.
		for _, f := range []string{"model_version", "replicas", "pp", "cp", "tp", "status", "priority"} {
			r := s.do("POST", "/api/instances", map[string]any{"name": "null-" + f, "model_name": "m", "cluster_name": "c", "image_tag": "i", f: nil})
			if r.status != 422 || !slices.Contains(r.fieldErrors(), "body:"+f) {
				t.Errorf("create %s=null: %d %s, want 422 naming it", f, r.status, r.body)
			}
		}
		if r := s.expect(s.do("GET", "/api/instances?name=null-", nil), 200, ""); strings.TrimSpace(string(r.body)) != "[]" {
			t.Errorf("a refused create wrote: %s", r.body)
		}
		r0 := s.expect(s.do("POST", "/api/instances", map[string]any{"name": "nulls", "model_name": "m", "cluster_name": "c", "image_tag": "i",
			"description": nil}), 201, "")
		if o := r0.obj(); o["replicas"] != 1.0 || o["model_version"] != "latest" || o["status"] != "active" || o["description"] != nil {
			t.Errorf("create with defaults: %s", r0.body)
		}
		// Everything wrong at once: every offending field is named.
		r := s.expect(s.do("POST", "/api/instances", map[string]any{"name": "", "model_name": "m", "replicas": 0, "tp": 99, "priority": "x", "extra": 1}), 422, "ValidationError")
		got := r.fieldErrors()
		for _, f := range []string{"body:name", "body:cluster_name", "body:image_tag", "body:replicas", "body:tp", "body:priority", "body:extra"} {
			if !slices.Contains(got, f) {
				t.Errorf("multi-error response misses %s: %v", f, got)
			}
		}
		// Rules beyond the schema are enforced by the domain with the same envelope.
		r = s.expect(s.do("POST", "/api/instances", map[string]any{"name": " padded", "model_name": "m", "cluster_name": "c", "image_tag": "tab\there"}), 422, "ValidationError")
		if fe := r.fieldErrors(); !slices.Equal(fe, []string{"body:name", "body:image_tag"}) {
			t.Errorf("domain rules: %v", fe)
		}
	})
}

func TestListFiltersSortAndPaging(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		for i := 0; i < 105; i++ {
			extra := map[string]any{"replicas": i%5 + 1, "status": []string{"active", "inactive", "pending", "error"}[i%4],
				"priority": []string{"low", "medium", "high", "critical"}[i%4], "cluster_name": fmt.Sprintf("cluster-%d", i%3)}
			if i == 7 {
				extra["description"] = "the one with a NEEDLE inside"
			}
			s.create(fmt.Sprintf("inst-%03d", i), extra)
		}
		total := func(r response) int {
			n, err := strconv.Atoi(r.header.Get("X-Total-Count"))
			if err != nil {
				t.Fatalf("X-Total-Count %q", r.header.Get("X-Total-Count"))
			}
			return n
		}
		list := func(query string) ([]map[string]any, int) {
			r := s.expect(s.do("GET", "/api/instances"+query, nil), 200, "")
			var items []map[string]any
			r.json(&items)
			return items, total(r)
		}
		items, n := list("")
		if len(items) != 100 || n != 105 {
			t.Fatalf("default page: %d items, total %d; want 100 of 105", len(items), n)
		}
		items, n = list("?skip=100&limit=10")
		if len(items) != 5 || n != 105 || items[0]["name"] != "inst-100" {
			t.Fatalf("last page: %d items, total %d", len(items), n)
		}
		items, n = list("?status=active&status=error&cluster_name=cluster-0")
		for _, it := range items {
			if (it["status"] != "active" && it["status"] != "error") || it["cluster_name"] != "cluster-0" {
				t.Fatalf("filter leaked %v", it)
			}
		}
		if n != len(items) || n == 0 {
			t.Fatalf("filtered total %d for %d items", n, len(items))
		}
		items, _ = list("?q=needle")
		if len(items) != 1 || items[0]["name"] != "inst-007" {
			t.Fatalf("q=needle: %v", items)
		}
		items, _ = list("?name=INST-10&sort=-name")
		if len(items) != 5 || items[0]["name"] != "inst-104" || items[4]["name"] != "inst-100" {
			t.Fatalf("name filter + sort: %v", names(items))
		}
		items, _ = list("?sort=-replicas,name&limit=3")
		if names(items)[0] != "inst-004" || items[0]["replicas"] != 5.0 {
			t.Fatalf("multi-key sort: %v", names(items))
		}
		items, _ = list("?sort=priority&priority=critical&priority=low&limit=1000")
		if items[0]["priority"] != "low" || items[len(items)-1]["priority"] != "critical" {
			t.Fatalf("priority by severity: first %v last %v", items[0]["priority"], items[len(items)-1]["priority"])
		}
		_, n = list("?model_name=nope")
		if n != 0 {
			t.Fatalf("no match total %d", n)
		}
		r := s.expect(s.do("GET", "/api/instances?limit=1001", nil), 422, "ValidationError")
		if fe := r.fieldErrors(); !slices.Equal(fe, []string{"query:limit"}) {
			t.Fatalf("limit=1001: %v", fe)
		}
		for _, bad := range []string{"?limit=0", "?skip=-1", "?status=bogus", "?priority=urgent", "?sort=size", "?sort=name,-bogus", "?limit=abc", "?stauts=active"} {
			s.expect(s.do("GET", "/api/instances"+bad, nil), 422, "ValidationError")
		}
	})
}

func names(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["name"].(string)
	}
	return out
}

func TestConditionalRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		id := s.create("occ", nil)
		path := fmt.Sprintf("/api/instances/%d", id)
		s.expect(s.do("PUT", path, map[string]any{"replicas": 2}, "If-Match", `"1"`), 200, "")
		r := s.expect(s.do("PUT", path, map[string]any{"replicas": 3}, "If-Match", `"1"`), 412, "PreconditionFailed")
		if d := r.obj()["error"].(map[string]any)["details"].(map[string]any); d["current_etag"] != `"2"` || d["current_version"] != 2.0 {
			t.Fatalf("412 details %v", d)
		}
		s.expect(s.do("PUT", path, map[string]any{"replicas": 3}, "If-Match", `W/"2"`), 412, "PreconditionFailed") // weak never matches
		s.expect(s.do("PUT", path, map[string]any{"replicas": 3}, "If-Match", `garbage`), 412, "PreconditionFailed")
		s.expect(s.do("PUT", path, map[string]any{"replicas": 3}, "If-Match", `"9", "2"`), 200, "")
		s.expect(s.do("PUT", path, map[string]any{"replicas": 4}, "If-Match", `*`), 200, "")
		if got := s.do("GET", path, nil).obj(); got["replicas"] != 4.0 || got["version"] != 4.0 {
			t.Fatalf("after conditional writes: %v", got)
		}
		nm := s.do("GET", path, nil, "If-None-Match", `"4"`)
		if nm.status != http.StatusNotModified || len(nm.body) != 0 || nm.header.Get("ETag") != `"4"` {
			t.Fatalf("If-None-Match current: %d %q %v", nm.status, nm.body, nm.header)
		}
		s.expect(s.do("GET", path, nil, "If-None-Match", `"3"`), 200, "")
		s.expect(s.do("DELETE", path, nil, "If-Match", `"3"`), 412, "PreconditionFailed")
		s.expect(s.do("DELETE", path, nil, "If-Match", `"4"`), 200, "")
		if h := s.do("GET", path+"/history", nil).obj(); h["total"] != 5.0 {
			t.Fatalf("history total %v, want 5 (create, 3 updates, delete)", h["total"])
		}
	})
}

func TestNoOpUpdateWritesNoHistory(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		id := s.create("same", map[string]any{"replicas": 3})
		path := fmt.Sprintf("/api/instances/%d", id)
		before := s.do("GET", path, nil).obj()
		after := s.expect(s.do("PUT", path, map[string]any{"replicas": 3, "name": "same"}, "If-Match", `"1"`), 200, "")
		if after.obj()["updated_at"] != before["updated_at"] || after.header.Get("ETag") != `"1"` {
			t.Fatalf("no-op PUT changed the instance: %s", after.body)
		}
		s.expect(s.do("PUT", path, map[string]any{}), 200, "")
		if h := s.do("GET", path+"/history", nil).obj(); h["total"] != 1.0 {
			t.Fatalf("history total %v, want only the create", h["total"])
		}
	})
}

func TestDuplicateNameConflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		first := s.create("unique", nil)
		r := s.expect(s.do("POST", "/api/instances", map[string]any{"name": "unique", "model_name": "m", "cluster_name": "c", "image_tag": "i"}), 409, "Conflict")
		if d := r.obj()["error"].(map[string]any)["details"].(map[string]any); d["field"] != "name" || d["existing_id"] != float64(first) {
			t.Fatalf("409 details %v", d)
		}
		other := s.create("other", nil)
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", other), map[string]any{"name": "unique"}), 409, "Conflict")
	})
}

// Whole numbers written as 2.0 or 1e1 are integers to JSON Schema, and Python or JavaScript
// clients send them; they are accepted as such everywhere an integer is expected.
func TestWholeNumbersWrittenAsFloats(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		r := s.expect(s.do("POST", "/api/instances", `{"name":"floaty","model_name":"m","cluster_name":"c","image_tag":"i","replicas":2.0,"tp":1e1}`), 201, "")
		if o := r.obj(); o["replicas"] != 2.0 || o["tp"] != 10.0 {
			t.Fatalf("created %s", r.body)
		}
		id := int64(r.obj()["id"].(float64))
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", id), `{"replicas":4.0}`), 200, "")
		bulk := fmt.Sprintf(`{"action":"update","ids":[%d.0],"patch":{"priority":"high"},"versions":{"%d":2.0}}`, id, id)
		if r := s.do("POST", "/api/instances/bulk", bulk); r.status != 200 {
			t.Fatalf("bulk with float ids: %d %s", r.status, r.body)
		}
		if o := s.do("GET", fmt.Sprintf("/api/instances/%d", id), nil).obj(); o["replicas"] != 4.0 || o["priority"] != "high" {
			t.Fatalf("stored %v", o)
		}
	})
}

// HEAD works wherever GET does (curl -I): the headers of the GET, no body.
func TestHeadIsGetWithoutBody(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		id := s.create("headed", nil)
		for path, header := range map[string]string{"/api/instances": "X-Total-Count", fmt.Sprintf("/api/instances/%d", id): "ETag", "/health": "Content-Type"} {
			r := s.do("HEAD", path, nil)
			if r.status != 200 || r.header.Get(header) == "" || len(r.body) != 0 {
				t.Errorf("HEAD %s: %d %s=%q body %q", path, r.status, header, r.header.Get(header), r.body)
			}
		}
		if r := s.do("HEAD", "/api/instances/999999", nil); r.status != 404 || len(r.body) != 0 {
			t.Errorf("HEAD of a missing instance: %d %q", r.status, r.body)
		}
	})
}
