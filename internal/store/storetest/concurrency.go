package storetest

import (
	"encoding/json"
	"fmt"
	"github.com/iims/iims/internal/store"
	"strings"
	"sync"
	"time"

	"github.com/iims/iims/internal/instances"
)

func init() {
	register("ConcurrentUpdatesKeepAnExactHistoryChain", func(e *env) {
		inst := e.create("hot")
		const writers = 20
		var wg sync.WaitGroup
		var mu sync.Mutex
		changedCount := 0
		errs := make(chan error, writers)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				// Half the writers repeat a value someone else sets: some updates are no-ops.
				replicas := int64(w%10 + 1)
				_, changed, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: &replicas,
					Description: ptr(fmt.Sprintf("writer %d", w%10)), SetDescription: true}, nil)
				if err != nil {
					errs <- err
					return
				}
				if changed {
					mu.Lock()
					changedCount++
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			e.t.Fatalf("concurrent update failed: %v", err)
		}
		hist := e.history(inst.ID)
		if got := len(hist) - 1; got != changedCount {
			e.t.Fatalf("%d update records, %d updates reported a change", got, changedCount)
		}
		for i := 1; i < len(hist); i++ {
			prev, cur := hist[i-1], hist[i]
			if cur.Version != prev.Version+1 {
				e.t.Fatalf("record %d: version %d after %d", i, cur.Version, prev.Version)
			}
			for field, ch := range cur.Changes {
				if field == "updated_at" {
					continue
				}
				if old := valueOf(prev, field); jsonOf(ch.Old) != old {
					e.t.Fatalf("record %d: %s old %s, but the previous record holds %s", i, field, jsonOf(ch.Old), old)
				}
				if nw := valueOf(cur, field); jsonOf(ch.New) != nw {
					e.t.Fatalf("record %d: %s new %s, but the record holds %s", i, field, jsonOf(ch.New), nw)
				}
			}
			if old, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(cur.Changes["updated_at"].Old)); !old.Equal(prev.UpdatedAt) {
				e.t.Fatalf("record %d: updated_at old %v, previous %v", i, cur.Changes["updated_at"].Old, prev.UpdatedAt)
			}
		}
		final, _ := e.svc.Get(e.ctx, inst.ID)
		if last := hist[len(hist)-1]; final.Version != last.Version || final.Replicas != last.Replicas {
			e.t.Fatalf("instance %+v disagrees with its last record %+v", final, last)
		}
	})

	register("ConcurrentCreatesOfOneNameHaveOneWinner", func(e *env) {
		const racers = 10
		var wg sync.WaitGroup
		results := make(chan error, racers)
		for i := 0; i < racers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.Create(e.ctx, instances.CreateInput{Name: "contested", ModelName: "m", ClusterName: "c", ImageTag: "i"})
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		wins, conflicts := 0, 0
		for err := range results {
			switch err.(type) {
			case nil:
				wins++
			case *instances.ConflictError:
				conflicts++
			default:
				e.t.Fatalf("unexpected error: %v", err)
			}
		}
		if wins != 1 || conflicts != racers-1 {
			e.t.Fatalf("%d wins, %d conflicts", wins, conflicts)
		}
		if n := e.historyCount(); n != 1 {
			e.t.Fatalf("%d history records, want 1", n)
		}
	})

	register("ManyConcurrentWritersNeverSeeLockErrors", func(e *env) {
		const writers = 50
		var wg sync.WaitGroup
		errs := make(chan error, writers*2)
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				inst, err := e.svc.Create(e.ctx, instances.CreateInput{Name: fmt.Sprintf("w-%d", i), ModelName: "m", ClusterName: "c", ImageTag: "i"})
				if err != nil {
					errs <- err
					return
				}
				if _, _, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](2)}, nil); err != nil {
					errs <- err
				}
				if _, _, err := e.svc.List(e.ctx, listAll); err != nil {
					errs <- err
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy") {
				e.t.Fatalf("lock error under concurrency: %v", err)
			}
			e.t.Fatalf("concurrent writer failed: %v", err)
		}
		if n := e.historyCount(); n != writers*2 {
			e.t.Fatalf("%d history records, want %d", n, writers*2)
		}
	})
}

// valueOf returns a record's field as JSON, for comparing with change values.
func valueOf(h instances.HistoryRecord, field string) string {
	var m map[string]any
	b, _ := json.Marshal(h)
	_ = json.Unmarshal(b, &m)
	return jsonOf(m[field])
}

var listAll = store.InstanceFilter{Limit: 10}
