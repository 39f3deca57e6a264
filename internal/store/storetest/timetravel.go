package storetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// The property of time travel: for a random sequence of creates, updates, deletes, reverts and
// restores at random times, the fleet as of any instant equals the fleet as it was listed at that
// instant — with filters, sorts and pages too — and the diff between two instants equals the
// difference of the two lists.

// captured is the fleet listed at one instant: everything, and a few filtered pages.
type captured struct {
	at    time.Time
	all   []instances.Instance
	pages map[int][]instances.Instance // by index into probeFilters
	total map[int]int64
	stats store.FleetStats
}

// probeFilters are the filtered, sorted, paged lists checked at every instant.
var probeFilters = []store.InstanceFilter{
	{Statuses: []string{"active", "error"}, Sort: []store.SortKey{{Field: "name", Desc: true}}, Limit: 3},
	{ClusterNames: []string{"c1"}, Sort: []store.SortKey{{Field: "priority", Desc: true}, {Field: "replicas"}}, Limit: 4, Offset: 1},
	{Q: "ab", Sort: []store.SortKey{{Field: "updated_at", Desc: true}}, Limit: 5},
	{Name: "n1", Limit: 100},
	{Priorities: []string{"high"}, Statuses: []string{"pending"}, Limit: 2},
	{Limit: 2, Offset: 3, Sort: []store.SortKey{{Field: "cluster_name"}}},
}

func init() {
	register("AsOfAndDiffEqualTheFleetAsListedThen", func(e *env) {
		seed := uint64(time.Now().UnixNano())
		if v, err := strconv.ParseUint(os.Getenv("IIMS_PROPERTY_SEED"), 10, 64); err == nil {
			seed = v
		}
		rng := rand.New(rand.NewPCG(seed, 7))
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		svc := instances.NewService(e.st, instances.WithClock(func() time.Time { return now }))
		var caps []captured
		made := map[string]int{} // kind of change → how many the service applied
		var deleted []int64
		for step := range 120 {
			now = now.Add(time.Duration(1+rng.IntN(5000)) * time.Millisecond)
			if kind, ok := randomChange(e, svc, rng, step, &deleted); ok {
				made[kind]++
			}
			caps = append(caps, e.capture(svc, now))
		}
		// The property says nothing about a kind of change that never happened.
		for _, kind := range []string{"create", "update", "delete", "revert", "restore"} {
			if made[kind] == 0 {
				e.t.Fatalf("seed %d: no %s succeeded in the sequence (%v)", seed, kind, made)
			}
		}
		for _, c := range caps {
			all, total, err := svc.ListAsOf(e.ctx, store.InstanceFilter{Limit: 1000}, c.at)
			if err != nil || !sameInstances(all, c.all) || total != int64(len(c.all)) {
				e.t.Fatalf("seed %d: as_of %s: %d instances (total %d, %v), listed then %d:\n%v\n%v", seed, c.at, len(all), total, err, len(c.all), all, c.all)
			}
			if st, err := svc.StatsAsOf(e.ctx, c.at); err != nil || !reflect.DeepEqual(st, c.stats) {
				e.t.Fatalf("seed %d: stats as_of %s: %+v (%v), counted then %+v", seed, c.at, st, err, c.stats)
			}
			for i, f := range probeFilters {
				page, total, err := svc.ListAsOf(e.ctx, f, c.at)
				if err != nil || !sameInstances(page, c.pages[i]) || total != c.total[i] {
					e.t.Fatalf("seed %d: as_of %s with filter %d: %v total %d (%v), listed then %v total %d", seed, c.at, i, instanceIDs(page), total, err, instanceIDs(c.pages[i]), c.total[i])
				}
			}
		}
		for k := range 40 {
			i, j := rng.IntN(len(caps)), rng.IntN(len(caps))
			if i == j {
				continue
			}
			i, j = min(i, j), max(i, j)
			e.checkDiff(svc, caps[i], caps[j], seed, k)
		}
	})
}

// randomChange makes one random change through the service and says which kind it tried and
// whether it was applied (whatever the service refuses is fine: a refused change changes nothing,
// on the record and in the lists alike). deleted holds the instances deleted and not restored.
func randomChange(e *env, svc *instances.Service, rng *rand.Rand, step int, deleted *[]int64) (string, bool) {
	live, _, _ := svc.List(e.ctx, store.InstanceFilter{Limit: 1000})
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	var err error
	switch op := rng.IntN(10); {
	case op < 3 || len(live) == 0:
		desc := pick([]string{"abc", "xyz", "nab"})
		_, err = svc.Create(e.ctx, instances.CreateInput{Name: fmt.Sprintf("n%d", step), ModelName: pick([]string{"m1", "m2"}),
			ClusterName: pick([]string{"c1", "c2", "c3"}), ImageTag: "i", Status: ptr(pick([]string{"active", "pending", "error"})),
			Priority: ptr(pick([]string{"low", "high", "critical"})), Replicas: ptr(int64(1 + rng.IntN(5))), Description: &desc})
		return "create", err == nil
	case op < 6:
		target := live[rng.IntN(len(live))]
		_, _, err = svc.Update(e.ctx, target.ID, instances.Patch{Status: ptr(pick([]string{"active", "pending", "error", "inactive"})),
			ClusterName: ptr(pick([]string{"c1", "c2", "c3"})), Replicas: ptr(int64(1 + rng.IntN(5)))}, nil)
		return "update", err == nil
	case op < 7:
		target := live[rng.IntN(len(live))].ID
		if err = svc.Delete(e.ctx, target, nil); err == nil {
			*deleted = append(*deleted, target)
		}
		return "delete", err == nil
	case op < 9 || len(*deleted) == 0:
		target := live[rng.IntN(len(live))]
		hist := e.history(target.ID)
		_, err = svc.Revert(e.ctx, target.ID, hist[rng.IntN(len(hist))].HistoryID, nil, false)
		return "revert", err == nil
	default:
		i := rng.IntN(len(*deleted))
		if _, err = svc.Restore(e.ctx, (*deleted)[i], false); err == nil {
			*deleted = slices.Delete(*deleted, i, i+1)
		}
		return "restore", err == nil
	}
}

func (e *env) capture(svc *instances.Service, at time.Time) captured {
	c := captured{at: at, pages: map[int][]instances.Instance{}, total: map[int]int64{}}
	var err error
	if c.all, _, err = svc.List(e.ctx, store.InstanceFilter{Limit: 1000}); err != nil {
		e.t.Fatal(err)
	}
	for i, f := range probeFilters {
		if c.pages[i], c.total[i], err = svc.List(e.ctx, f); err != nil {
			e.t.Fatal(err)
		}
	}
	if c.stats, err = svc.Stats(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// checkDiff compares Diff(a.at, b.at) with the difference of the two captured fleets.
func (e *env) checkDiff(svc *instances.Service, a, b captured, seed uint64, k int) {
	want := map[int64]string{}
	index := func(list []instances.Instance) map[int64]instances.Instance {
		m := map[int64]instances.Instance{}
		for _, i := range list {
			m[i.ID] = i
		}
		return m
	}
	then, now := index(a.all), index(b.all)
	for id, x := range then {
		if y, ok := now[id]; !ok {
			want[id] = instances.DiffDeleted
		} else if !instances.SpecOf(x).Equal(instances.SpecOf(y)) {
			want[id] = instances.DiffUpdated
		}
	}
	for id := range now {
		if _, ok := then[id]; !ok {
			want[id] = instances.DiffCreated
		}
	}
	got := map[int64]string{}
	var order []int64
	err := svc.Diff(e.ctx, a.at, b.at, store.InstanceFilter{}, func(d instances.InstanceDiff) error {
		got[d.InstanceID] = d.Change
		order = append(order, d.InstanceID)
		if d.Change == instances.DiffUpdated {
			for field, ch := range d.Changes {
				if fmt.Sprint(ch.Old) == fmt.Sprint(ch.New) {
					return fmt.Errorf("instance %d: %s listed as changed but equal", d.InstanceID, field)
				}
			}
		}
		if len(d.HistoryIDs) == 0 {
			return fmt.Errorf("instance %d differs without records in between", d.InstanceID)
		}
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, want) || !slices.IsSorted(order) {
		e.t.Fatalf("seed %d, diff %d (%s → %s): %v (%v), want %v", seed, k, a.at, b.at, got, err, want)
	}
}

func sameInstances(a, b []instances.Instance) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || !instances.SpecOf(x).Equal(instances.SpecOf(y)) || x.Version != y.Version ||
			!x.CreatedAt.Equal(y.CreatedAt) || !x.UpdatedAt.Equal(y.UpdatedAt) {
			return false
		}
	}
	return true
}

func instanceIDs(list []instances.Instance) []int64 {
	out := make([]int64, len(list))
	for i, x := range list {
		out[i] = x.ID
	}
	return out
}
