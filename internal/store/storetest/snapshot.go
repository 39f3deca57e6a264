package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func init() {
	// A page and its total are read from one snapshot: with creates racing the reads, a first
	// page that is not full must hold exactly the total, and never more than it (with the count
	// and the page read separately, an insert between them broke both).
	register("ListTotalsAgreeWithTheirPageUnderConcurrentWrites", func(e *env) {
		var stop atomic.Bool
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load() && i < 400; i++ {
					if _, err := e.svc.Create(e.ctx, instances.CreateInput{Name: fmt.Sprintf("w%d-%d", w, i), ModelName: "m",
						ClusterName: "c", ImageTag: "i", Status: ptr("error")}); err != nil {
						e.t.Error(err)
						return
					}
				}
			}()
		}
		defer func() { stop.Store(true); wg.Wait() }()
		for range 150 {
			// Filtered (a COUNT) and unfiltered (the running counts) totals alike.
			for _, f := range []store.InstanceFilter{{Limit: 1000}, {Statuses: []string{"error"}, ClusterNames: []string{"c"}, Limit: 1000}} {
				items, total, err := e.svc.List(e.ctx, f)
				if err != nil {
					e.t.Fatal(err)
				}
				if int64(len(items)) != total {
					e.t.Fatalf("a first page of %d instances (not full) with X-Total-Count %d", len(items), total)
				}
			}
			page, err := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 1000})
			if err != nil {
				e.t.Fatal(err)
			}
			if int64(len(page.Items)) != *page.Total {
				e.t.Fatalf("a first history page of %d records (not full) with total %d", len(page.Items), *page.Total)
			}
		}
	})
}
