package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// Time travel at scale (run by BenchmarkListsAtScale on the same seeded databases): the first page
// of as_of with a filter and a sort against the same page of the live fleet, stats as_of against
// the live stats, and history/diff over a window of 10,000 changes — to its first row and to its
// end. The seed's newest records are one a second (instance id seconds after 1620000000), so the
// last hour holds 3,600 changes and the last 10,000 s hold 10,000.

// lastChange is the time of the newest seeded record of a database of n = 2·mid instances.
func lastChange(mid int64) time.Time { return time.Unix(1620000000+2*mid, 0) }

var errFirstRow = errors.New("first row")

// firstRowAt is when the diff's first row reached its callback (the query that stops there still
// pays for the driver draining the rest of the answer, which a streaming client does not wait for).
var firstRowAt time.Time

var timeTravelQueries = []query{
	{"live: status + sort -updated_at", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, Statuses: []string{"error"}, Sort: []store.SortKey{{Field: "updated_at", Desc: true}}})
		return err
	}},
	{"as_of 1h ago: status + sort -updated_at", func(ctx context.Context, s *instances.Service, mid int64) error {
		_, _, err := s.ListAsOf(ctx, store.InstanceFilter{Limit: 100, Statuses: []string{"error"}, Sort: []store.SortKey{{Field: "updated_at", Desc: true}}},
			lastChange(mid).Add(-time.Hour))
		return err
	}},
	{"live: cluster + sort name", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, _, err := s.List(ctx, store.InstanceFilter{Limit: 100, ClusterNames: []string{"cluster-7"}, Sort: []store.SortKey{{Field: "name"}}})
		return err
	}},
	{"as_of 1h ago: cluster + sort name", func(ctx context.Context, s *instances.Service, mid int64) error {
		_, _, err := s.ListAsOf(ctx, store.InstanceFilter{Limit: 100, ClusterNames: []string{"cluster-7"}, Sort: []store.SortKey{{Field: "name"}}},
			lastChange(mid).Add(-time.Hour))
		return err
	}},
	{"as_of 1 day ago: cluster + sort name", func(ctx context.Context, s *instances.Service, mid int64) error {
		_, _, err := s.ListAsOf(ctx, store.InstanceFilter{Limit: 100, ClusterNames: []string{"cluster-7"}, Sort: []store.SortKey{{Field: "name"}}},
			lastChange(mid).Add(-24*time.Hour))
		return err
	}},
	{"live: stats", func(ctx context.Context, s *instances.Service, _ int64) error {
		_, err := s.Stats(ctx)
		return err
	}},
	{"stats as_of 1h ago", func(ctx context.Context, s *instances.Service, mid int64) error {
		_, err := s.StatsAsOf(ctx, lastChange(mid).Add(-time.Hour))
		return err
	}},
	{"diff of 10k changes: first row", func(ctx context.Context, s *instances.Service, mid int64) error {
		end := lastChange(mid)
		err := s.Diff(ctx, end.Add(-10000*time.Second), end, store.InstanceFilter{}, func(instances.InstanceDiff) error {
			firstRowAt = time.Now()
			return errFirstRow
		})
		if errors.Is(err, errFirstRow) {
			return nil
		}
		return err
	}},
	{"diff of 10k changes: all", func(ctx context.Context, s *instances.Service, mid int64) error {
		end := lastChange(mid)
		return s.Diff(ctx, end.Add(-10000*time.Second), end, store.InstanceFilter{}, func(instances.InstanceDiff) error { return nil })
	}},
}

// timeRuns runs q once to warm up and then runs times, and returns how long each took: until
// its end, or until its first row when it records one in firstRowAt (the diff's streaming).
func timeRuns(ctx context.Context, svc *instances.Service, q query, n, runs int) ([]time.Duration, error) {
	var took []time.Duration
	for i := 0; i <= runs; i++ {
		start := time.Now()
		firstRowAt = time.Time{}
		if err := q.run(ctx, svc, int64(n/2)); err != nil {
			return nil, err
		}
		d := time.Since(start)
		if !firstRowAt.IsZero() {
			d = firstRowAt.Sub(start)
		}
		if i > 0 {
			took = append(took, d)
		}
	}
	return took, nil
}

// timeTimeTravel runs each time-travel query 30 times and prints its p50 and p99, and each as_of
// query's p99 as a ratio of the live query it mirrors.
func timeTimeTravel(e store.Engine, n int, svc *instances.Service) {
	ctx := context.Background()
	p99 := map[string]time.Duration{}
	for _, q := range timeTravelQueries {
		runs, err := timeRuns(ctx, svc, q, n, 30)
		if err != nil {
			fmt.Printf("%s %s: %v\n", e, q.name, err)
			return
		}
		p99[q.name] = percentile(runs, 0.99)
		fmt.Printf("%-10s %7d instances  %-42s p50 %8.2f ms  p99 %8.2f ms\n", e, n, q.name, ms(percentile(runs, 0.5)), ms(p99[q.name]))
	}
	for asOf, live := range map[string]string{"as_of 1h ago: status + sort -updated_at": "live: status + sort -updated_at",
		"as_of 1h ago: cluster + sort name": "live: cluster + sort name", "as_of 1 day ago: cluster + sort name": "live: cluster + sort name",
		"stats as_of 1h ago": "live: stats"} {
		fmt.Printf("%-10s %7d instances  %-42s p99 ×%.1f of %q\n", e, n, asOf, float64(p99[asOf])/float64(max(p99[live], time.Microsecond)), live)
	}
}
