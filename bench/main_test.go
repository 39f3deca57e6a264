package bench

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// urls remembers each store's database URL (for seeding it directly).
var urls sync.Map

func dbURLOf(b testing.TB, st *store.Store) string {
	u, ok := urls.Load(st)
	if !ok {
		b.Fatal("unknown store")
	}
	return u.(string)
}

// server is an in-process IIMS on a fresh database of the engine.
func server(b testing.TB, e store.Engine) (*app.App, *store.Store, string) {
	url := dbtest.URL(b, e)
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 4, MaxOverflow: 16})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	urls.Store(st, url)
	target, _ := store.ParseURL(url)
	a, err := app.New(app.Options{Store: st, DSN: target.DSN, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(a.Handler)
	b.Cleanup(func() { a.Close(); ts.Close() })
	<-a.Ready()
	return a, st, ts.URL
}

// percentile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
