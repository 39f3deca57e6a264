package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// BenchmarkListsAtScale times the list, search, stats and history queries at a baseline size and
// at full size (default 1M instances and 10M history records; IIMS_BENCH_INSTANCES overrides),
// and reports each full-size median as a ratio of the baseline measured in the same run.
//
//	go test -run '^$' -bench ListsAtScale -benchtime 1x -timeout 60m ./bench/
func BenchmarkListsAtScale(b *testing.B) {
	full := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("IIMS_BENCH_INSTANCES")); err == nil && v > 0 {
		full = v
	}
	for _, e := range []store.Engine{store.EngineSQLite, store.EnginePostgres} {
		b.Run(string(e), func(b *testing.B) {
			base := timeQueries(b, e, full/100)
			big := timeQueries(b, e, full)
			for _, q := range queries {
				ratio := float64(big[q.name]) / float64(max(base[q.name], time.Microsecond))
				fmt.Printf("%-10s %-30s %8.2f ms at %7d, %8.2f ms at %7d instances (×%.1f for ×100 rows)\n", e, q.name,
					ms(base[q.name]), full/100, ms(big[q.name]), full, ratio)
				b.ReportMetric(ms(big[q.name]), strings.NewReplacer(" ", "_", "(", "", ")", "").Replace(q.name)+"-ms")
			}
		})
	}
}

type query struct {
	name string
	run  func(ctx context.Context, s *instances.Service, mid int64) error
}

var queries = []query{
	{"list first page", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100})
		return err
	}},
	{"status + sort -updated_at", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, Statuses: []string{"error"}, Sort: []store.SortKey{{Field: "updated_at", Desc: true}}})
		return err
	}},
	{"cluster + priority", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, ClusterNames: []string{"cluster-7"}, Priorities: []string{"critical"}})
		return err
	}},
	{"name substring", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, Name: "inst-4242"})
		return err
	}},
	{"free text q", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, Q: "team 123 in"})
		return err
	}},
	{"sort -priority page 50", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, Offset: 5000, Sort: []store.SortKey{{Field: "priority", Desc: true}}})
		return err
	}},
	{"fleet stats", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, err := s.Stats(ctx)
		return err
	}},
	{"instance history", func(ctx context.Context, s *instances.Service, mid int64) error {
		_, err := s.InstanceHistory(ctx, mid, store.HistoryFilter{Limit: 50})
		return err
	}},
	{"fleet feed newest (no total)", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, err := s.ListHistory(ctx, store.HistoryFilter{Limit: 50, SkipTotal: true})
		return err
	}},
	{"fleet feed newest + total", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, err := s.ListHistory(ctx, store.HistoryFilter{Limit: 50})
		return err
	}},
	{"feed date window (no total)", func(ctx context.Context, s *instances.Service, _ int64) error {
		from := time.Unix(1600000000+2000000*5, 0)
		to := from.Add(time.Hour)
		_, err := s.ListHistory(ctx, store.HistoryFilter{Limit: 50, Start: &from, End: &to, SkipTotal: true})
		return err
	}},
	{"feed deep cursor (no total)", func(ctx context.Context, s *instances.Service, mid int64) error {
		_, err := s.ListHistory(ctx, store.HistoryFilter{Limit: 50, Before: mid * 5, SkipTotal: true})
		return err
	}},
}

// timeQueries seeds a database of n instances (10 history records each) and returns each
// query's median time over 5 runs (after one warm-up run).
func timeQueries(b *testing.B, e store.Engine, n int) map[string]time.Duration {
	url := dbtest.URL(b, e)
	seed(b, e, url, n, 10)
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 2, MaxOverflow: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.CompactCounts(context.Background()); err != nil { // what a running server does every 5 s
		b.Fatal(err)
	}
	// The seed wrote in SQL, past the writer: on SQLite its rows wait in instances_search_pending
	// for the full-text index until the next commit, which an empty write makes now.
	if err := st.ApplyOther(context.Background(), func(store.Querier) error { return nil }); err != nil {
		b.Fatal(err)
	}
	svc := instances.NewService(st)
	ctx := context.Background()
	out := map[string]time.Duration{}
	for _, q := range queries {
		var runs []time.Duration
		for i := 0; i < 6; i++ {
			start := time.Now()
			if err := q.run(ctx, svc, int64(n/2)); err != nil {
				b.Fatalf("%s: %v", q.name, err)
			}
			if i > 0 {
				runs = append(runs, time.Since(start))
			}
		}
		out[q.name] = percentile(runs, 0.5)
	}
	timeCombinedFilters(e, n, svc)
	timeTimeTravel(e, n, svc)
	return out
}
