// Package web serves the embedded single-page app (built by `npm run build` in frontend/ into
// dist/) and Swagger UI (dist/docs/). Client-side routes fall back to index.html; API paths never
// reach this handler (the /api group answers them, with JSON 404s for unknown ones).
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed all:dist
var dist embed.FS

// contentSecurityPolicy allows only our own origin; antd injects <style> elements at run time.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// Mount registers the UI routes on e, serving the build embedded in the binary.
func Mount(e *echo.Echo) {
	root, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed directive guarantees dist exists
	}
	MountFS(e, root)
}

// MountFS registers the UI routes serving root (a Vite build: index.html, assets/, docs/).
func MountFS(e *echo.Echo, root fs.FS) {
	h := &handler{root: root, built: exists(root, "index.html")}
	e.GET("/*", h.serve)
	e.HEAD("/*", h.serve)
}

type handler struct {
	root  fs.FS
	built bool
}

func (h *handler) serve(c echo.Context) error {
	if !h.built {
		return c.HTML(http.StatusServiceUnavailable, notBuiltPage)
	}
	p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if p == "" {
		return h.file(c, "index.html")
	}
	if info, err := fs.Stat(h.root, p); err == nil {
		if info.IsDir() {
			if !strings.HasSuffix(c.Request().URL.Path, "/") {
				return c.Redirect(http.StatusMovedPermanently, c.Request().URL.Path+"/")
			}
			return h.file(c, path.Join(p, "index.html"))
		}
		return h.file(c, p)
	}
	if path.Ext(p) != "" || strings.HasPrefix(p, "assets/") {
		return echo.ErrNotFound // a missing asset is a 404, not the app
	}
	return h.file(c, "index.html") // a client-side route
}

func (h *handler) file(c echo.Context, name string) error {
	hdr := c.Response().Header()
	switch {
	case strings.HasPrefix(name, "assets/"):
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable") // content-hashed names
	default:
		hdr.Set("Cache-Control", "no-cache")
	}
	if strings.HasSuffix(name, ".html") {
		hdr.Set("Content-Security-Policy", contentSecurityPolicy)
	}
	http.ServeFileFS(c.Response(), c.Request(), h.root, name)
	return nil
}

func exists(root fs.FS, name string) bool {
	_, err := fs.Stat(root, name)
	return err == nil
}

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>IIMS</title></head>
<body><h1>IIMS web UI not built</h1><p>This binary was built without the web UI. Build it with
<code>make build</code> (or <code>make run</code>). The API is available under <a href="/api/instances">/api</a>
and its description at <a href="/openapi.json">/openapi.json</a>.</p></body></html>`
