package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/iims/iims/internal/httpapi"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/spectest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// server is a real IIMS HTTP server (Echo, validator, handlers, store) on a real listener.
type server struct {
	t     *testing.T
	url   string
	http  *http.Client // validates every response against api/openapi.yaml
	st    *store.Store
	logs  *syncBuffer
	close func()
}

// forEachEngine runs fn against a fresh server per engine.
func forEachEngine(t *testing.T, fn func(t *testing.T, s *server)) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			fn(t, newServer(t, e))
		})
	}
}

func newServer(t *testing.T, e store.Engine, tune ...func(*httpapi.Options)) *server {
	t.Helper()
	st := dbtest.Open(t, e)
	logs := &syncBuffer{}
	opts := httpapi.Options{
		Service: instances.NewService(st),
		Logger:  slog.New(slog.NewJSONHandler(logs, nil)),
		Version: "test",
	}
	for _, fn := range tune {
		fn(&opts)
	}
	h, err := httpapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &server{t: t, url: ts.URL, http: spectest.Client(t), st: st, logs: logs, close: ts.Close}
}

// response is a decoded HTTP response.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(v any) {
	if err := json.Unmarshal(r.body, v); err != nil {
		panic("decode " + string(r.body) + ": " + err.Error())
	}
}

// obj decodes the body as a JSON object.
func (r response) obj() map[string]any {
	var m map[string]any
	r.json(&m)
	return m
}

// errType returns error.type of an error envelope ("" if the body is not one).
func (r response) errType() string {
	var env struct {
		Error struct{ Type string } `json:"error"`
	}
	_ = json.Unmarshal(r.body, &env)
	return env.Error.Type
}

// fieldErrors returns "in:field" for each entry of error.details.errors.
func (r response) fieldErrors() []string {
	var env struct {
		Error struct {
			Details struct {
				Errors []struct{ In, Field, Message string } `json:"errors"`
			} `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.body, &env)
	var out []string
	for _, e := range env.Error.Details.Errors {
		out = append(out, e.In+":"+e.Field)
	}
	return out
}

// do sends a request; body may be nil, a string (sent as-is) or a value (sent as JSON).
func (s *server) do(method, path string, body any, headers ...string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := s.http.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: raw}
}

// expect fails the test unless the response has the status (and, for errors, the type).
func (s *server) expect(r response, status int, errType string) response {
	s.t.Helper()
	if r.status != status || (errType != "" && r.errType() != errType) {
		s.t.Fatalf("got %d %s, want %d %s", r.status, r.body, status, errType)
	}
	return r
}

// create posts an instance with the required fields plus extra ones and returns its id.
func (s *server) create(name string, extra map[string]any) int64 {
	s.t.Helper()
	body := map[string]any{"name": name, "model_name": "llama-7b", "cluster_name": "gpu-cluster-1", "image_tag": "llama:7b"}
	for k, v := range extra {
		body[k] = v
	}
	r := s.expect(s.do("POST", "/api/instances", body), 201, "")
	return int64(r.obj()["id"].(float64))
}

// syncBuffer collects log output from the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
