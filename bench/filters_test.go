package bench

import (
	"context"
	"fmt"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// The at-scale list goals (issue 13): combined filters with and without a sort, p99 under 25 ms,
// and free text under 50 ms. The seed ties priority and status to id mod 4 and cluster to id mod
// 20, so cluster-7 holds only error/critical instances: each combined filter below matches 5% of
// the fleet (50,000 of 1M), the heavy end of what an incident responder asks for.

var (
	cluster7  = []string{"cluster-7"}
	byUpdated = []store.SortKey{{Field: "updated_at", Desc: true}}
	byName    = []store.SortKey{{Field: "name"}}
)

var combinedFilters = []struct {
	name   string
	filter store.InstanceFilter
	goalMS float64
}{
	{"cluster + priority", store.InstanceFilter{ClusterNames: cluster7, Priorities: []string{"critical"}}, 25},
	{"cluster + priority + sort -updated_at", store.InstanceFilter{ClusterNames: cluster7, Priorities: []string{"critical"}, Sort: byUpdated}, 25},
	{"status + cluster", store.InstanceFilter{Statuses: []string{"error"}, ClusterNames: cluster7}, 25},
	{"status + cluster + sort -updated_at", store.InstanceFilter{Statuses: []string{"error"}, ClusterNames: cluster7, Sort: byUpdated}, 25},
	{"status + cluster + sort name", store.InstanceFilter{Statuses: []string{"error"}, ClusterNames: cluster7, Sort: byName}, 25},
	{"cluster + sort name", store.InstanceFilter{ClusterNames: cluster7, Sort: byName}, 25},
	{"free text q", store.InstanceFilter{Q: "team 123 in"}, 50},
	{"free text q + status", store.InstanceFilter{Q: "team 123 in", Statuses: []string{"error"}}, 50},
}

// timeCombinedFilters runs each combined-filter list (first page of 100) 30 times after a warm-up
// and prints its p50 and p99 beside the goal.
func timeCombinedFilters(e store.Engine, n int, svc *instances.Service) {
	for _, c := range combinedFilters {
		f := c.filter
		f.Limit = 100
		runs, err := timeRuns(context.Background(), svc, query{c.name, func(ctx context.Context, s *instances.Service, _ int64) error {
			_, _, err := s.List(ctx, f)
			return err
		}}, n, 30)
		if err != nil {
			fmt.Printf("%s %s: %v\n", e, c.name, err)
			return
		}
		p99 := ms(percentile(runs, 0.99))
		verdict := "met"
		if p99 >= c.goalMS {
			verdict = "MISSED"
		}
		fmt.Printf("%-10s %7d instances  %-42s p50 %8.2f ms  p99 %8.2f ms  (goal < %.0f ms: %s)\n", e, n, c.name,
			ms(percentile(runs, 0.5)), p99, c.goalMS, verdict)
	}
}
