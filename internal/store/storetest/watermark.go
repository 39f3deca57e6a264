package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iims/iims/internal/instances"
)

func init() {
	// Readers that follow the history (the event stream, the sealer) move up to the watermark
	// only: with writers committing out of id order, every record at or below it must already be
	// readable, so that none turns up later below a position a client has passed.
	register("HistoryWatermarkNeverPassesAnUnsettledRecord", func(e *env) {
		var stop atomic.Bool
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 80 && !stop.Load(); i++ {
					inst, err := e.svc.Create(e.ctx, instances.CreateInput{Name: fmt.Sprintf("w%d-%d", w, i), ModelName: "m", ClusterName: "c", ImageTag: "i"})
					if err != nil {
						e.t.Error(err)
						return
					}
					_, _, _ = e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr(int64(i%5 + 2))}, nil)
				}
			}()
		}
		defer func() { stop.Store(true); wg.Wait() }()
		var settled int64
		for deadline := time.Now().Add(4 * time.Second); time.Now().Before(deadline); {
			wm, err := e.st.HistoryWatermark(e.ctx)
			if err != nil {
				e.t.Fatal(err)
			}
			recs, err := e.st.HistoryRange(e.ctx, settled, wm, 1_000_000)
			if err != nil {
				e.t.Fatal(err)
			}
			for i, r := range recs {
				if want := settled + int64(i) + 1; r.HistoryID != want {
					e.t.Fatalf("watermark %d, but record %d is not readable yet (next readable: %d)", wm, want, r.HistoryID)
				}
			}
			settled = wm
		}
	})
}
