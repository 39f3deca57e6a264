package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iims/iims/internal/httpapi"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/web"
	"github.com/labstack/echo/v4"
)

// build is a stand-in for a Vite build: the handler only sees files.
var build = fstest.MapFS{
	"index.html":             {Data: []byte("<!doctype html><title>IIMS app</title>")},
	"assets/index-abc123.js": {Data: []byte("console.log('app')")},
	"docs/index.html":        {Data: []byte("<!doctype html><title>Swagger UI</title>")},
	"docs/swagger-ui.css":    {Data: []byte("body{}")},
	"favicon.svg":            {Data: []byte("<svg/>")},
}

func serve(t *testing.T, root fstest.MapFS) *httptest.Server {
	t.Helper()
	st := dbtest.Open(t, store.EngineSQLite)
	h, err := httpapi.New(httpapi.Options{Service: instances.NewService(st), Version: "test",
		Mount: func(e *echo.Echo) { web.MountFS(e, root) }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestSPAFallbackAssetsAndDocs(t *testing.T) {
	ts := serve(t, build)
	cases := []struct {
		path, status, contains, cache string
	}{
		{"/", "200", "IIMS app", "no-cache"},
		{"/instances/42", "200", "IIMS app", "no-cache"}, // client-side route
		{"/history?operation_type=update", "200", "IIMS app", "no-cache"},
		{"/assets/index-abc123.js", "200", "console.log", "public, max-age=31536000, immutable"},
		{"/assets/missing-999.js", "404", `"type":"NotFound"`, ""},
		{"/favicon.svg", "200", "<svg/>", "no-cache"},
		{"/nope.png", "404", `"type":"NotFound"`, ""},
		{"/docs/", "200", "Swagger UI", "no-cache"},
		{"/docs", "301", "", ""},
		{"/api/nope", "404", `"type":"NotFound"`, ""}, // unknown API paths stay JSON
		{"/api/instances", "200", "[]", ""},
		{"/health", "200", `"status":"ok"`, ""},
		{"/openapi.json", "200", `"openapi"`, ""},
	}
	for _, c := range cases {
		res, body := get(t, ts.URL+c.path)
		if got := res.Status[:3]; got != c.status || !strings.Contains(body, c.contains) {
			t.Errorf("%s: %s %.80q, want %s containing %q", c.path, res.Status, body, c.status, c.contains)
		}
		if c.cache != "" && res.Header.Get("Cache-Control") != c.cache {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, res.Header.Get("Cache-Control"), c.cache)
		}
	}
	if res, _ := get(t, ts.URL+"/docs"); res.Header.Get("Location") != "/docs/" {
		t.Errorf("/docs redirects to %q", res.Header.Get("Location"))
	}
	if res, _ := get(t, ts.URL+"/"); !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("index.html without CSP: %v", res.Header)
	}
}

func TestUnbuiltUIExplainsItself(t *testing.T) {
	ts := serve(t, fstest.MapFS{".gitkeep": {}})
	res, body := get(t, ts.URL+"/instances")
	if res.StatusCode != 503 || !strings.Contains(body, "make build") {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	if res, _ := get(t, ts.URL+"/api/instances"); res.StatusCode != 200 {
		t.Fatalf("the API must work without the UI: %d", res.StatusCode)
	}
}
