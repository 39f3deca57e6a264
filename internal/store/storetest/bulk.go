package storetest

import (
	"slices"

	"github.com/iims/iims/internal/instances"
)

func init() {
	register("BulkUpdateIsAllOrNothingWithOneRecordPerChange", func(e *env) {
		a := e.create("a", func(in *instances.CreateInput) { in.Status = ptr("inactive") })
		b := e.create("b")
		c := e.create("c")
		res, err := e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{c.ID, a.ID, b.ID},
			Patch: instances.Patch{Status: ptr("inactive"), Priority: ptr("high")}})
		if err != nil {
			e.t.Fatal(err)
		}
		if res.Changed != 3 || res.Unchanged != 0 || res.Items[0].ID != c.ID || res.Items[1].ID != a.ID {
			e.t.Fatalf("result %+v", res)
		}
		if _, ok := res.Items[1].Changes["status"]; ok {
			e.t.Fatalf("a was already inactive, yet status is reported as changed: %s", jsonOf(res.Items[1].Changes))
		}
		for _, id := range []int64{a.ID, b.ID, c.ID} {
			h := e.history(id)
			if len(h) != 2 || h[1].Priority != "high" || h[1].Status != "inactive" {
				e.t.Fatalf("history of %d: %+v", id, h)
			}
		}
		// One unknown id: nothing changes anywhere.
		_, err = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID, 999, b.ID, 998},
			Patch: instances.Patch{Replicas: ptr[int64](9)}})
		nf := as[*instances.BulkNotFoundError](e.t, err)
		if !slices.Equal(nf.IDs, []int64{998, 999}) {
			e.t.Fatalf("missing ids %v", nf.IDs)
		}
		// One stale version: nothing changes anywhere.
		_, err = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID, b.ID},
			Patch: instances.Patch{Replicas: ptr[int64](9)}, Versions: map[int64]int64{a.ID: 2, b.ID: 1}})
		pe := as[*instances.BulkPreconditionError](e.t, err)
		if len(pe.Stale) != 1 || pe.Stale[0].ID != b.ID || pe.Stale[0].Current != 2 {
			e.t.Fatalf("stale %+v", pe.Stale)
		}
		// An invalid result (a rename would collide; out-of-range values) changes nothing.
		_, err = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID}, Patch: instances.Patch{Name: ptr("x")}})
		as[*instances.ValidationError](e.t, err)
		_, err = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID}, Patch: instances.Patch{Replicas: ptr[int64](0)}})
		ve := as[*instances.ValidationError](e.t, err)
		if ve.Errors[0].Field != "patch/replicas" {
			e.t.Fatalf("field %s", ve.Errors[0].Field)
		}
		if n := e.historyCount(); n != 6 {
			e.t.Fatalf("%d history records after failed batches, want 6", n)
		}
		for _, id := range []int64{a.ID, b.ID} {
			if got, _ := e.svc.Get(e.ctx, id); got.Replicas != 1 {
				e.t.Fatalf("a failed batch changed %d: %+v", id, got)
			}
		}
	})

	register("BulkDryRunWritesNothing", func(e *env) {
		a := e.create("a")
		b := e.create("b")
		res, err := e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID, b.ID},
			Patch: instances.Patch{Replicas: ptr[int64](4)}, DryRun: true})
		if err != nil || !res.DryRun || res.Changed != 2 || res.Items[0].After.Replicas != 4 || res.Items[0].After.Version != 2 {
			e.t.Fatalf("dry run %+v %v", res, err)
		}
		del, err := e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkDelete, IDs: []int64{a.ID}, DryRun: true})
		if err != nil || del.Changed != 1 || jsonOf(del.Items[0].Changes["name"]) != `{"old":"a","new":null}` {
			e.t.Fatalf("delete dry run %+v %v", del, err)
		}
		if got, _ := e.svc.Get(e.ctx, a.ID); got.Replicas != 1 || got.Version != 1 {
			e.t.Fatalf("dry run wrote: %+v", got)
		}
		if n := e.historyCount(); n != 2 {
			e.t.Fatalf("dry run wrote history: %d records", n)
		}
	})

	register("BulkDeleteRecordsEachInstance", func(e *env) {
		a := e.create("a")
		b := e.create("b")
		keep := e.create("keep")
		res, err := e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkDelete, IDs: []int64{b.ID, a.ID}})
		if err != nil || res.Changed != 2 {
			e.t.Fatalf("bulk delete %+v %v", res, err)
		}
		for _, id := range []int64{a.ID, b.ID} {
			if _, err := e.svc.Get(e.ctx, id); err == nil {
				e.t.Fatalf("%d survived", id)
			}
			if h := e.history(id); len(h) != 2 || h[1].OperationType != "delete" {
				e.t.Fatalf("history of %d: %+v", id, h)
			}
		}
		if _, err := e.svc.Get(e.ctx, keep.ID); err != nil {
			e.t.Fatal("an instance outside the batch was deleted")
		}
	})

	register("FleetStatsCountEverything", func(e *env) {
		st, err := e.svc.Stats(e.ctx)
		if err != nil || st.Total != 0 || st.ByStatus["active"] != 0 || len(st.ByStatus) != 4 || len(st.ByPriority) != 4 {
			e.t.Fatalf("empty fleet %+v %v", st, err)
		}
		e.fleet()
		st, _ = e.svc.Stats(e.ctx)
		// replicas 2+8+3+1+4; GPUs with pp=1 tp=1 cp=8: 18*8
		if st.Total != 5 || st.Replicas != 18 || st.GPUs != 144 || st.ByStatus["active"] != 2 || st.ByPriority["critical"] != 2 {
			e.t.Fatalf("stats %+v", st)
		}
		if len(st.ByCluster) != 3 || st.ByCluster[0].Name != "gpu-cluster-1" || st.ByCluster[0].Count != 2 ||
			st.ByCluster[2].Name != "cpu-cluster" {
			e.t.Fatalf("by cluster %+v", st.ByCluster)
		}
		if st.ByModel[0].Name != "gpt-3.5-turbo" || st.ByModel[0].Count != 2 {
			e.t.Fatalf("by model %+v", st.ByModel)
		}
	})
}
