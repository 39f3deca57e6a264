// Package apptest runs a whole IIMS server (internal/app) on a real listener for tests and
// benchmarks, over the database at a URL from dbtest.
package apptest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/store"
)

// Server is a running server: its parts and its base URL.
type Server struct {
	App   *app.App
	Store *store.Store
	URL   string
}

// Start runs a server on the database at url until the test ends. With wait it returns only once
// the server receives changes (on PostgreSQL: once it LISTENs, which needs a migrated database).
// tune adjusts the app's options (access control) before it starts.
func Start(t testing.TB, url string, limits app.StreamSettings, wait bool, tune ...func(*app.Options)) *Server {
	t.Helper()
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 2, MaxOverflow: 20, ConnectTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	target, _ := store.ParseURL(url)
	opts := app.Options{Store: st, DSN: target.DSN, Version: "test", Stream: limits, Logger: slog.New(slog.DiscardHandler)}
	for _, fn := range tune {
		fn(&opts)
	}
	a, err := app.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(a.Handler)
	t.Cleanup(func() { a.Close(); ts.Close() })
	if wait {
		select {
		case <-a.Ready():
		case <-time.After(20 * time.Second):
			t.Fatal("server not receiving changes after 20 s")
		}
	}
	return &Server{App: a, Store: st, URL: ts.URL}
}
