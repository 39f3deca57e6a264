// Package spectest checks what the server answers against api/openapi.yaml: a test's HTTP
// client whose transport validates every response (status declared for the operation, declared
// headers present and typed, body matching its schema) with kin-openapi. Any drift between the
// server and its contract fails the test that saw it.
package spectest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	apispec "github.com/iims/iims/api"
)

type contract struct {
	spec   *openapi3.T
	router routers.Router
	err    error
}

var load = sync.OnceValue(func() contract {
	spec, err := apispec.Load()
	if err != nil {
		return contract{err: err}
	}
	router, err := gorillamux.NewRouter(spec)
	// The streamed text exports are checked as text; their records are the JSON export's.
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.PlainBodyDecoder)
	return contract{spec: spec, router: router, err: err}
})

// Client returns an HTTP client whose every response is validated against the spec; a violation
// fails t (with t.Errorf, so that it is safe from any goroutine).
func Client(t testing.TB) *http.Client {
	return &http.Client{Transport: Transport(t, http.DefaultTransport)}
}

// Transport wraps base with response validation (for generated SDK clients).
func Transport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	c := load()
	if c.err != nil {
		t.Fatalf("load the spec: %v", c.err)
	}
	return roundTripper{t: t, base: base, c: c}
}

type roundTripper struct {
	t    testing.TB
	base http.RoundTripper
	c    contract
}

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := rt.base.RoundTrip(req)
	if err != nil || res.StatusCode == http.StatusSwitchingProtocols {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return res, nil // the caller sees the short body and fails on its own terms
	}
	if problem := Check(req, res.StatusCode, res.Header, body); problem != "" {
		rt.t.Errorf("response breaks api/openapi.yaml: %s %s → %d: %s\nbody: %.400s", req.Method, req.URL.RequestURI(), res.StatusCode, problem, body)
	}
	return res, nil
}

// Check returns what is wrong with a response to req ("" when it keeps the contract). Paths
// outside the API (the UI, /metrics, /openapi.*) are not checked; /health and /ready are checked
// as their /api aliases; unknown /api paths must answer the Error envelope.
func Check(req *http.Request, status int, header http.Header, body []byte) string {
	c := load()
	if c.err != nil {
		return c.err.Error()
	}
	probe := req.Clone(context.Background())
	probe.Body = nil
	switch path := probe.URL.Path; {
	case path == "/health" || path == "/ready":
		probe.URL.Path = "/api" + path
	case !strings.HasPrefix(path, "/api/"):
		return ""
	}
	if req.Method == http.MethodHead {
		probe.Method = http.MethodGet // HEAD answers like GET, without a body
	}
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Sprintf("no operation in the spec for this request (%v), yet it answered %d", err, status)
		}
		if req.Method == http.MethodHead {
			return ""
		}
		return checkEnvelope(c.spec, header, body)
	}
	if req.Method == http.MethodHead && len(body) != 0 {
		return "a HEAD response has a body"
	}
	if problem := checkTextExport(header, body); problem != "" {
		return problem
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if req.Method == http.MethodHead {
		in.Options.ExcludeResponseBody = true
	}
	// (Every error the spec declares is the Error envelope but /health's and /ready's 503s, which
	// carry their own status body: the declared schema is what the response must match.)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return err.Error()
	}
	return ""
}

// checkEnvelope requires the Error envelope: JSON, and valid against the Error schema.
func checkEnvelope(spec *openapi3.T, header http.Header, body []byte) string {
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Sprintf("an error answered %q, not the JSON envelope", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "an error body that is not JSON: " + err.Error()
	}
	if err := spec.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return "not the Error envelope: " + err.Error()
	}
	return ""
}

// checkTextExport checks what the spec can only call text: every NDJSON line is one JSON object.
func checkTextExport(header http.Header, body []byte) string {
	if !strings.HasPrefix(header.Get("Content-Type"), "application/x-ndjson") {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var obj map[string]any
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			return fmt.Sprintf("NDJSON line %d is not a JSON object: %v", n, err)
		}
	}
	return errString(sc.Err())
}

func errString(err error) string {
	if err == nil || errors.Is(err, io.EOF) {
		return ""
	}
	return err.Error()
}
