package storetest

import (
	"slices"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func init() {
	register("KeysetCursorsWalkTheWholeHistoryExactlyOnce", func(e *env) {
		a := e.create("a")
		b := e.create("b")
		for r := int64(1); r <= 60; r++ {
			n := r%100 + 1
			target := a.ID
			if r%3 == 0 {
				target = b.ID
			}
			if _, _, err := e.svc.Update(e.ctx, target, instances.Patch{Replicas: &n}, nil); err != nil {
				e.t.Fatal(err)
			}
		}
		full, _ := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 1000})
		want := ids(full.Items)
		if len(want) != 62 {
			e.t.Fatalf("%d records", len(want))
		}
		// Walk older with before, newer with after: the same records, in the same order.
		var walked []int64
		f := store.HistoryFilter{Limit: 7, SkipTotal: true}
		for {
			page, err := e.svc.ListHistory(e.ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			if page.Total != nil {
				e.t.Fatal("SkipTotal still counted")
			}
			walked = append(walked, ids(page.Items)...)
			if !page.HasMore {
				break
			}
			f.Before = page.Items[len(page.Items)-1].HistoryID
		}
		if !slices.Equal(walked, want) {
			e.t.Fatalf("before-walk\n got %v\nwant %v", walked, want)
		}
		var back []int64
		f = store.HistoryFilter{Limit: 5, After: want[len(want)-1]}
		for {
			page, _ := e.svc.ListHistory(e.ctx, f)
			back = append(ids(page.Items), back...)
			if !page.HasMore {
				break
			}
			f.After = page.Items[0].HistoryID
		}
		if !slices.Equal(back, want[:len(want)-1]) {
			e.t.Fatalf("after-walk\n got %v\nwant %v", back, want[:len(want)-1])
		}
		// Cursors combine with filters, and new records do not shift a cursor's page.
		page1, _ := e.svc.InstanceHistory(e.ctx, b.ID, store.HistoryFilter{Limit: 5})
		e.create("newcomer")
		page2, _ := e.svc.InstanceHistory(e.ctx, b.ID, store.HistoryFilter{Limit: 5, Before: page1.Items[4].HistoryID})
		for _, h := range page2.Items {
			if h.OriginalID != b.ID || h.HistoryID >= page1.Items[4].HistoryID {
				e.t.Fatalf("filtered cursor page leaked %+v", h)
			}
		}
		if *page2.Total != 21 {
			e.t.Fatalf("total with a cursor counts the whole filtered history: %d", *page2.Total)
		}
		_, err := e.svc.ListHistory(e.ctx, store.HistoryFilter{Before: 99999})
		as[*instances.ValidationError](e.t, err)
		_, err = e.svc.ListHistory(e.ctx, store.HistoryFilter{Before: want[0], Offset: 3})
		as[*instances.ValidationError](e.t, err)
	})

	register("FieldFilterFindsChangesOfAField", func(e *env) {
		a := e.create("a")
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](3)}, nil)
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Status: ptr("error")}, nil)
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Status: ptr("active"), Replicas: ptr[int64](4)}, nil)
		_ = e.svc.Delete(e.ctx, a.ID, nil)
		count := func(op string, fields ...string) int {
			page, err := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 100, OperationType: op, Fields: fields})
			if err != nil {
				e.t.Fatal(err)
			}
			return len(page.Items)
		}
		if n := count("update", "replicas"); n != 2 {
			e.t.Errorf("replicas updates: %d", n)
		}
		if n := count("update", "status"); n != 2 {
			e.t.Errorf("status updates: %d", n)
		}
		if n := count("update", "status", "replicas"); n != 3 {
			e.t.Errorf("status or replicas: %d", n)
		}
		if n := count("", "tp"); n != 1 {
			e.t.Errorf("tp (only the create sets it): %d", n)
		}
		if n := count("update", "description"); n != 0 {
			e.t.Errorf("description: %d", n)
		}
	})

	register("ExportIteratorsStreamEveryMatchingRowInOrder", func(e *env) {
		e.fleet()
		var names []string
		err := e.st.EachInstance(e.ctx, store.InstanceFilter{Statuses: []string{"active", "error"}, Sort: []store.SortKey{{Field: "name", Desc: true}}},
			func(i store.Instance) error { names = append(names, i.Name); return nil })
		if err != nil || !slices.Equal(names, []string{"llama-7b-chat", "gptXturbo", "GPT_Turbo%"}) {
			e.t.Fatalf("EachInstance: %v %v", names, err)
		}
		var got []int64
		err = e.st.EachHistory(e.ctx, store.HistoryFilter{Limit: 1, Offset: 3}, func(h store.HistoryRecord) error {
			got = append(got, h.HistoryID)
			return nil
		})
		full, _ := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 100})
		if err != nil || !slices.Equal(got, ids(full.Items)) {
			e.t.Fatalf("EachHistory ignores paging and keeps the order: %v vs %v (%v)", got, ids(full.Items), err)
		}
	})
}

func ids(items []store.HistoryRecord) []int64 {
	out := make([]int64, len(items))
	for i, h := range items {
		out[i] = h.HistoryID
	}
	return out
}
