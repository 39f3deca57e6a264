package bench

import (
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/apptest"
	"github.com/iims/iims/internal/testutil/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

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
	s := apptest.Start(b, url, app.StreamSettings{}, true)
	urls.Store(s.Store, url)
	return s.App, s.Store, s.URL
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
