package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestKillDuringWritesLosesNothing kills `iims serve` with SIGKILL in the middle of a write-heavy
// load, three times, on each engine. Every change it acknowledged must be there afterwards, no
// instance may differ from its newest history record, and `iims verify` must find the history
// intact: a crash can only lose writes that were never acknowledged, and never half of one.
func TestKillDuringWritesLosesNothing(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			url := dbtest.URL(t, e)
			dir := t.TempDir()
			acked := &ackLog{created: map[int64]string{}, replicas: map[int64]int64{}}
			for round := range 3 {
				port := freePort(t)
				srv := startServe(t, dir, []string{"DATABASE_URL=" + url}, "--port", fmt.Sprint(port))
				srv.waitHealthy(t, port)
				stop := make(chan struct{})
				var wg sync.WaitGroup
				for w := range 8 {
					wg.Add(1)
					go func() { defer wg.Done(); writeUntilKilled(srv.base, fmt.Sprintf("r%d-w%d", round, w), acked, stop) }()
				}
				time.Sleep(700 * time.Millisecond)
				_ = srv.cmd.Process.Kill() // SIGKILL, mid-write
				_ = srv.cmd.Wait()
				close(stop)
				wg.Wait()
			}
			checkAfterCrashes(t, url, dir, acked)
		})
	}
}

// ackLog is what the server acknowledged: the instances it created, and their replicas as of the
// newest acknowledged update.
type ackLog struct {
	mu       sync.Mutex
	created  map[int64]string
	replicas map[int64]int64
}

func writeUntilKilled(base, prefix string, acked *ackLog, stop <-chan struct{}) {
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		name := fmt.Sprintf("%s-%d", prefix, i)
		res, err := client.Post(base+"/api/instances", "application/json",
			strings.NewReader(fmt.Sprintf(`{"name":%q,"model_name":"m","cluster_name":"c","image_tag":"i"}`, name)))
		if err != nil {
			return // killed
		}
		var inst struct{ ID int64 }
		_ = json.NewDecoder(res.Body).Decode(&inst)
		res.Body.Close()
		if res.StatusCode != 201 {
			continue
		}
		acked.mu.Lock()
		acked.created[inst.ID] = name
		acked.mu.Unlock()
		for r := int64(2); r <= 4; r++ {
			req, _ := http.NewRequest("PUT", fmt.Sprintf("%s/api/instances/%d", base, inst.ID), strings.NewReader(fmt.Sprintf(`{"replicas":%d}`, r)))
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil {
				return
			}
			res.Body.Close()
			if res.StatusCode == 200 {
				acked.mu.Lock()
				acked.replicas[inst.ID] = r
				acked.mu.Unlock()
			}
		}
	}
}

func checkAfterCrashes(t *testing.T, url, dir string, acked *ackLog) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url, store.PoolConfig{Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := instances.NewService(st)
	if len(acked.created) < 10 {
		t.Fatalf("only %d creates were acknowledged: the load did not run", len(acked.created))
	}
	for id, name := range acked.created {
		inst, err := svc.Get(ctx, id)
		if err != nil || inst.Name != name {
			t.Fatalf("acknowledged create of %s (id %d) lost: %v", name, id, err)
		}
		if want, ok := acked.replicas[id]; ok && inst.Replicas < want {
			t.Errorf("instance %d has replicas %d, but an update to %d was acknowledged", id, inst.Replicas, want)
		}
	}
	n := 0
	err = st.EachInstance(ctx, store.InstanceFilter{}, func(inst store.Instance) error {
		n++
		page, err := svc.InstanceHistory(ctx, inst.ID, store.HistoryFilter{Limit: 1, SkipTotal: true})
		if err != nil || len(page.Items) != 1 {
			return fmt.Errorf("history of %d: %v", inst.ID, err)
		}
		if h := page.Items[0]; h.Version != inst.Version || !instances.SpecOfRecord(h).Equal(instances.SpecOf(inst)) {
			t.Errorf("instance %d (version %d) differs from its newest history record (version %d)", inst.ID, inst.Version, h.Version)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := iims(t, dir, nil, "verify", "--database-url", url); r.code != 0 {
		t.Fatalf("verify after the crashes: %d\n%s", r.code, r.out)
	}
	t.Logf("%d instances after 3 crashes (%d acknowledged creates), every one equal to its newest record", n, len(acked.created))
}
