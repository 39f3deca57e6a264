package storetest

import (
	"fmt"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func init() {
	register("RunningCountsEqualRealCountsAfterEveryKindOfWrite", func(e *env) {
		var ids []int64
		for i := 0; i < 12; i++ {
			inst := e.create(fmt.Sprintf("c-%d", i), func(in *instances.CreateInput) {
				in.ClusterName = fmt.Sprintf("cluster-%d", i%3)
				in.Status = ptr(instances.Statuses[i%4])
				in.Priority = ptr(instances.Priorities[i%4])
				in.Replicas, in.TP = ptr(int64(i%5+1)), ptr(int64(i%2+1))
			})
			ids = append(ids, inst.ID)
		}
		_, _, _ = e.svc.Update(e.ctx, ids[0], instances.Patch{Status: ptr("error"), ClusterName: ptr("cluster-9")}, nil)
		_, _, _ = e.svc.Update(e.ctx, ids[1], instances.Patch{Replicas: ptr[int64](50)}, nil)
		_, _, _ = e.svc.Update(e.ctx, ids[2], instances.Patch{SetDescription: true, Description: ptr("not counted")}, nil)
		_ = e.svc.Delete(e.ctx, ids[3], nil)
		_, _ = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: ids[4:8], Patch: instances.Patch{Priority: ptr("critical")}})
		_, _ = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkDelete, IDs: ids[8:10]})

		e.checkCountsAgainstRows()
		if err := e.st.CompactCounts(e.ctx); err != nil { // PostgreSQL: fold the deltas in
			e.t.Fatal(err)
		}
		e.checkCountsAgainstRows()
		_, _ = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: ids[10:12], Patch: instances.Patch{Status: ptr("pending")}})
		e.checkCountsAgainstRows() // folded counts plus new deltas
	})
}

// checkCountsAgainstRows compares every running count with a count of the rows themselves.
func (e *env) checkCountsAgainstRows() {
	st, err := e.svc.Stats(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	var total, replicas, gpus int64
	byStatus, byPriority, byCluster := map[string]int64{}, map[string]int64{}, map[string]int64{}
	byStatusCluster := map[[2]string]int64{}
	_ = e.st.EachInstance(e.ctx, store.InstanceFilter{}, func(i store.Instance) error {
		total++
		replicas += i.Replicas
		gpus += i.Replicas * i.Pp * i.Cp * i.Tp
		byStatus[i.Status]++
		byPriority[i.Priority]++
		byCluster[i.ClusterName]++
		byStatusCluster[[2]string{i.Status, i.ClusterName}]++
		return nil
	})
	if st.Total != total || st.Replicas != replicas || st.GPUs != gpus {
		e.t.Fatalf("counts %d/%d/%d, real %d/%d/%d", st.Total, st.Replicas, st.GPUs, total, replicas, gpus)
	}
	for k, v := range byStatus {
		if st.ByStatus[k] != v {
			e.t.Errorf("status %s: %d, real %d", k, st.ByStatus[k], v)
		}
	}
	for k, v := range byPriority {
		if st.ByPriority[k] != v {
			e.t.Errorf("priority %s: %d, real %d", k, st.ByPriority[k], v)
		}
	}
	if len(st.ByCluster) != len(byCluster) {
		e.t.Errorf("clusters %v, real %v (emptied clusters must not be listed)", st.ByCluster, byCluster)
	}
	for _, c := range st.ByCluster {
		if byCluster[c.Name] != c.Count {
			e.t.Errorf("cluster %s: %d, real %d", c.Name, c.Count, byCluster[c.Name])
		}
	}
	_, listTotal, _ := e.svc.List(e.ctx, store.InstanceFilter{Limit: 1})
	if listTotal != total {
		e.t.Errorf("list total %d, real %d", listTotal, total)
	}
	e.checkStatusClusterTotals(byStatusCluster)
	pairs, _ := e.st.CountByStatusAndPriority(e.ctx)
	var sum int64
	for _, p := range pairs {
		sum += p.Count
	}
	if sum != total {
		e.t.Errorf("status/priority pairs sum to %d, real %d", sum, total)
	}
	all, _ := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 1})
	updates, _ := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 1, OperationType: "update"})
	var realAll, realUpdates int64
	_ = e.st.EachHistory(e.ctx, store.HistoryFilter{}, func(h store.HistoryRecord) error {
		realAll++
		if h.OperationType == "update" {
			realUpdates++
		}
		return nil
	})
	if *all.Total != realAll || *updates.Total != realUpdates {
		e.t.Fatalf("history totals %d/%d, real %d/%d", *all.Total, *updates.Total, realAll, realUpdates)
	}
}

// checkStatusClusterTotals compares the list totals of status + cluster filters (which the
// running counts answer) with the rows: every pair, a pair nothing matches, and several values
// of each at once.
func (e *env) checkStatusClusterTotals(real map[[2]string]int64) {
	listTotal := func(statuses, clusters []string) int64 {
		_, total, err := e.svc.List(e.ctx, store.InstanceFilter{Statuses: statuses, ClusterNames: clusters, Limit: 1})
		if err != nil {
			e.t.Fatal(err)
		}
		return total
	}
	for _, status := range instances.Statuses {
		for _, cluster := range []string{"cluster-0", "cluster-1", "cluster-2", "cluster-9", "nowhere"} {
			if got, want := listTotal([]string{status}, []string{cluster}), real[[2]string{status, cluster}]; got != want {
				e.t.Errorf("list total for %s on %s: %d, real %d", status, cluster, got, want)
			}
		}
	}
	statuses, clusters := instances.Statuses[:2], []string{"cluster-0", "cluster-9", "cluster-0"}
	var want int64
	for _, st := range statuses {
		want += real[[2]string{st, "cluster-0"}] + real[[2]string{st, "cluster-9"}]
	}
	if got := listTotal(statuses, clusters); got != want {
		e.t.Errorf("list total for %v on %v: %d, real %d (a repeated value counts once)", statuses, clusters, got, want)
	}
}
