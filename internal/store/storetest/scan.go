package storetest

import (
	"reflect"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// The hand-written list queries and the generated ones read the same rows by different routes
// (on SQLite the lists take timestamps as text and parse them: store.timeDest): an instance or a
// record must come back identical, to the nanosecond and the time zone, whichever route reads it.
func init() {
	register("ListedRowsEqualTheRowsReadOneByOne", func(e *env) {
		fleet := e.fleet()
		if _, _, err := e.svc.Update(e.ctx, fleet["mistral"].ID, instances.Patch{Replicas: ptr[int64](5)}, nil); err != nil {
			e.t.Fatal(err)
		}
		listed, _, err := e.svc.List(e.ctx, store.InstanceFilter{Limit: 100})
		if err != nil || len(listed) != len(fleet) {
			e.t.Fatalf("list: %d instances, %v", len(listed), err)
		}
		asOf, _, err := e.st.ListInstancesAsOf(e.ctx, store.InstanceFilter{Limit: 100}, time.Now().Add(time.Hour))
		if err != nil || len(asOf) != len(fleet) {
			e.t.Fatalf("list as of now: %d instances, %v", len(asOf), err)
		}
		for i, inst := range listed {
			got, err := e.st.Q().InstanceGet(e.ctx, inst.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			if !reflect.DeepEqual(inst, got) || !reflect.DeepEqual(asOf[i], got) {
				e.t.Fatalf("listed %+v\nas of now %+v\nread alone %+v", inst, asOf[i], got)
			}
		}
		page, err := e.st.ListHistory(e.ctx, store.HistoryFilter{Limit: 100})
		if err != nil {
			e.t.Fatal(err)
		}
		byID := map[int64]store.HistoryRecord{}
		for _, rec := range page.Items {
			byID[rec.HistoryID] = rec
		}
		ranged, err := e.st.HistoryRange(e.ctx, 0, 1<<62, 100)
		if err != nil || len(ranged) != len(page.Items) || len(ranged) != len(fleet)+1 {
			e.t.Fatalf("history: %d listed, %d in range, %v", len(page.Items), len(ranged), err)
		}
		for _, rec := range ranged {
			if !reflect.DeepEqual(byID[rec.HistoryID], rec) {
				e.t.Fatalf("listed record %+v\nread in range %+v", byID[rec.HistoryID], rec)
			}
		}
	})
}
