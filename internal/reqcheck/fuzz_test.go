package reqcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/routers/gorillamux"

	apispec "github.com/iims/iims/api"
)

// FuzzRequestDecoding: any body either is refused with a 400 (not one JSON value) or passes on
// as exactly one JSON value meaning the same — whole numbers written as 2.0 or 1e3 become
// integers, nothing else changes.
func FuzzRequestDecoding(f *testing.F) {
	for _, seed := range []string{`{"replicas": 2}`, `{"replicas": 2.0, "cp": 1e1}`, `{"a":[1,2.5,{"b":-0.0}]}`, `{} trailing`,
		`{"name":"\u00fc"}`, `  `, `[1e400]`, `{"x": 9007199254740993.0}`, `"just a string"`, `{"a":1}{"b":2}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/api/instances", bytes.NewReader(body))
		err := JSONBody(req)
		var bad *BadBodyError
		if err != nil {
			if !errors.As(err, &bad) || !utf8.ValidString(bad.Message) {
				t.Fatalf("refused with %v, want a *BadBodyError with a readable message", err)
			}
			return
		}
		out, _ := io.ReadAll(req.Body)
		if len(bytes.TrimSpace(body)) == 0 {
			return
		}
		var before, after any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if dec.Decode(&before) != nil {
			t.Fatalf("accepted a body that is not JSON: %q", body)
		}
		dec = json.NewDecoder(bytes.NewReader(out))
		dec.UseNumber()
		if err := dec.Decode(&after); err != nil {
			t.Fatalf("passed on a body that is not JSON: %q → %q", body, out)
		}
		if !sameJSON(before, after) {
			t.Fatalf("the body's meaning changed: %q → %q", body, out)
		}
	})
}

// sameJSON compares decoded values, numbers by value.
func sameJSON(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		af, aerr := a.Float64()
		bf, berr := bn.Float64()
		return a == bn || (aerr == nil && berr == nil && af == bf)
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			if !sameJSON(v, bm[k]) {
				return false
			}
		}
		return true
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return false
		}
		for i := range a {
			if !sameJSON(a[i], bs[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// FuzzQueryParsing: for any query string, every problem reported names its parameter in text a
// JSON error can carry, and a query that passes parses cleanly and keeps every value (a repeated
// list joined into one).
func FuzzQueryParsing(f *testing.F) {
	for _, seed := range []string{"limit=5&limit=5", "sort=-name&sort=id", "li%zzmit=1", "limit=1;skip=2", "q=%ff", "q=%00",
		"status=active&status=error", "name=a+b&q=%E2%9C%93", "=&&=x", "sort=name,-id&sort=replicas"} {
		f.Add(seed)
	}
	spec, err := apispec.Load()
	if err != nil {
		f.Fatal(err)
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		f.Fatal(err)
	}
	probe := httptest.NewRequest(http.MethodGet, "/api/instances", nil)
	route, _, err := router.FindRoute(probe)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		req := httptest.NewRequest(http.MethodGet, "/api/instances", nil)
		req.URL.RawQuery = raw
		query, fields := Query(route, req)
		for _, fe := range fields {
			if !utf8.ValidString(fe.Field) || !utf8.ValidString(fe.Message) {
				t.Fatalf("a problem a JSON error cannot carry: %+v", fe)
			}
		}
		if len(fields) > 0 {
			return
		}
		parsed, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			t.Fatalf("passed a query that does not parse: %q (%v)", req.URL.RawQuery, err)
		}
		for name, values := range query {
			if !utf8.ValidString(name) || len(parsed[name]) != len(values) {
				t.Fatalf("%s: %q after checking, %q parsed from %q", name, values, parsed[name], req.URL.RawQuery)
			}
		}
	})
}
