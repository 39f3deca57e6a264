package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestErrorEnvelope covers every error class: each is JSON in the envelope, never a 500.
func TestErrorEnvelope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		id := s.create("existing", nil)
		path := fmt.Sprintf("/api/instances/%d", id)
		cases := []struct {
			name           string
			method, path   string
			body           any
			headers        []string
			status         int
			errType, field string
		}{
			{"malformed JSON", "POST", "/api/instances", `{"name": "x"`, nil, 400, "BadRequest", ""},
			{"JSON of the wrong shape", "POST", "/api/instances", `[1, 2]`, nil, 422, "ValidationError", "body:body"},
			{"trailing garbage", "PUT", path, `{"replicas": 2} xyz`, nil, 400, "BadRequest", ""},
			{"empty body", "POST", "/api/instances", ``, nil, 422, "ValidationError", "body:body"},
			{"text/plain", "POST", "/api/instances", `{}`, []string{"Content-Type", "text/plain"}, 415, "UnsupportedMediaType", ""},
			{"form post", "PUT", path, `replicas=2`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "UnsupportedMediaType", ""},
			{"over 1 MiB", "POST", "/api/instances", `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, nil, 413, "PayloadTooLarge", ""},
			{"unknown API route", "GET", "/api/nope", nil, nil, 404, "NotFound", ""},
			{"unknown nested route", "GET", path + "/nope", nil, nil, 404, "NotFound", ""},
			{"unknown non-API route", "GET", "/definitely/not/here", nil, nil, 404, "NotFound", ""},
			{"unsupported method", "PATCH", path, `{}`, nil, 405, "MethodNotAllowed", ""},
			{"id zero", "GET", "/api/instances/0", nil, nil, 422, "ValidationError", "path:id"},
			{"id not a number", "GET", "/api/instances/abc", nil, nil, 422, "ValidationError", "path:id"},
			{"id overflow", "GET", "/api/instances/99999999999999999999", nil, nil, 422, "ValidationError", "path:id"},
			{"unknown query parameter", "GET", "/api/instances?stauts=active", nil, nil, 422, "ValidationError", "query:stauts"},
			{"bad date", "GET", "/api/history?start_date=yesterday", nil, nil, 422, "ValidationError", "query:start_date"},
			{"compare without to", "GET", "/api/history/compare?from=1", nil, nil, 422, "ValidationError", "query:to"},
			{"NUL byte in a name", "POST", "/api/instances", `{"name":"a\u0000b","model_name":"m","cluster_name":"c","image_tag":"i"}`, nil, 422, "ValidationError", "body:name"},
			{"NUL byte in a description", "PUT", path, `{"description":"a\u0000b"}`, nil, 422, "ValidationError", "body:description"},
			{"NUL byte in a query filter", "GET", "/api/instances?name=%00%00%00", nil, nil, 422, "ValidationError", "query:name"},
			{"invalid UTF-8 in free text", "GET", "/api/history?q=%ff%fe", nil, nil, 422, "ValidationError", "query:q"},
			{"NUL byte in an export filter", "GET", "/api/instances/export?q=a%00bc", nil, nil, 422, "ValidationError", "query:q"},
			{"a fraction for an integer", "PUT", path, `{"replicas": 2.5}`, nil, 422, "ValidationError", "body:replicas"},
			{"wrong type", "PUT", path, `{"replicas": "four"}`, nil, 422, "ValidationError", "body:replicas"},
			{"unknown field", "PUT", path, `{"replica": 4}`, nil, 422, "ValidationError", "body:replica"},
			{"read-only field", "PUT", path, `{"id": 5}`, nil, 422, "ValidationError", "body:id"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				headers := c.headers
				r := s.do(c.method, c.path, c.body, headers...)
				if r.status != c.status || r.errType() != c.errType {
					t.Fatalf("got %d %.300s, want %d %s", r.status, r.body, c.status, c.errType)
				}
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Fatalf("Content-Type %q", ct)
				}
				env := r.obj()["error"].(map[string]any)
				if env["message"] == "" || env["request_id"] != r.header.Get("X-Request-ID") {
					t.Fatalf("envelope %v", env)
				}
				if c.field != "" && !contains(r.fieldErrors(), c.field) {
					t.Fatalf("errors %v do not name %s", r.fieldErrors(), c.field)
				}
			})
		}
		if got := s.do("PATCH", path, `{}`); got.header.Get("Allow") != "GET, PUT, DELETE" {
			t.Errorf("405 Allow %q", got.header.Get("Allow"))
		}
		// Nothing above changed the stored instance or wrote history.
		if h := s.do("GET", path+"/history", nil).obj(); h["total"] != 1.0 {
			t.Fatalf("bad requests wrote history: %v", h["total"])
		}
	})
}

// TestUnexpectedErrorsAre500sWithoutInternals breaks the database under a running server.
func TestUnexpectedErrorsAre500sWithoutInternals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		s.create("before", nil)
		_ = s.st.Close()
		r := s.expect(s.do("GET", "/api/instances", nil), 500, "InternalError")
		env := r.obj()["error"].(map[string]any)
		if env["message"] != "internal server error" || env["request_id"] != r.header.Get("X-Request-ID") {
			t.Fatalf("500 envelope leaks or lacks the request id: %v", env)
		}
		if !strings.Contains(s.logs.String(), `"request_id":"`+r.header.Get("X-Request-ID")) ||
			!strings.Contains(s.logs.String(), "closed") || !strings.Contains(s.logs.String(), `"stack":"`) ||
			strings.Count(s.logs.String(), `"msg":"request failed"`) != 1 {
			t.Fatalf("the failure must be logged once, with detail, stack and request id:\n%s", s.logs.String())
		}
		h := s.expect(s.do("GET", "/health", nil), 503, "")
		if o := h.obj(); o["status"] != "unavailable" || o["database"].(map[string]any)["error"] == nil {
			t.Fatalf("health while the database is gone: %s", h.body)
		}
	})
}

func TestRequestIDs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		r := s.do("GET", "/api/instances", nil, "X-Request-ID", "deploy-42.step:7")
		if r.header.Get("X-Request-ID") != "deploy-42.step:7" {
			t.Fatalf("caller's id not echoed: %q", r.header.Get("X-Request-ID"))
		}
		r = s.do("GET", "/api/instances", nil, "X-Request-ID", "bad id\twith spaces")
		if got := r.header.Get("X-Request-ID"); got == "" || strings.ContainsAny(got, " \t") {
			t.Fatalf("unsafe id not replaced: %q", got)
		}
		r = s.do("POST", "/api/instances", map[string]any{"name": "traced", "model_name": "m", "cluster_name": "c", "image_tag": "i"}, "X-Request-ID", "ci-run-99")
		id := int64(r.obj()["id"].(float64))
		h := s.do("GET", fmt.Sprintf("/api/instances/%d/history", id), nil).obj()
		if rec := h["items"].([]any)[0].(map[string]any); rec["request_id"] != "ci-run-99" {
			t.Fatalf("history request_id %v", rec["request_id"])
		}
		if !strings.Contains(s.logs.String(), `"request_id":"ci-run-99"`) {
			t.Fatal("access log lacks the request id")
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
