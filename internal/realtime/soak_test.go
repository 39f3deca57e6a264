package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestManyWritersOnTwoReplicas: 64 writers, half through each of two replicas on one PostgreSQL,
// for 30 s (IIMS_SOAK_SECONDS), then on one MySQL-family database for a third of that (its
// writers take turns at the history_sequence row, and make test must stay short). Meanwhile a client of each replica drops its connection at random
// moments and resumes with since=<the last event it saw>. Afterwards every instance's history is
// an exact chain of versions, the tamper evidence verifies, and each client has seen every
// committed change exactly once, in history id order.
func TestManyWritersOnTwoReplicas(t *testing.T) {
	seconds, err := strconv.Atoi(os.Getenv("IIMS_SOAK_SECONDS"))
	if err != nil || seconds <= 0 {
		seconds = 30
	}
	t.Run(string(store.EnginePostgres), func(t *testing.T) { soak(t, store.EnginePostgres, seconds) })
	t.Run(string(store.EngineMySQL), func(t *testing.T) { soak(t, store.EngineMySQL, max(seconds/3, 5)) })
}

func soak(t *testing.T, engine store.Engine, seconds int) {
	url := dbtest.URL(t, engine)
	// A client this test slows down (its goroutine shares two cores with 64 writers) may fall
	// further behind than the default replay limit, which would rightly tell it to reset.
	limits := app.StreamSettings{MaxReplay: 10_000_000}
	replicas := []*replica{newReplicaWith(t, url, limits), newReplicaWith(t, url, limits)}
	const writers = 64
	ids := make([]int64, writers)
	for w := range ids {
		inst, err := replicas[w%2].app.Service.Create(context.Background(),
			instances.CreateInput{Name: fmt.Sprintf("soak-%d", w), ModelName: "m", ClusterName: "c", ImageTag: "i"})
		if err != nil {
			t.Fatal(err)
		}
		ids[w] = inst.ID
	}
	stop := make(chan struct{})
	var writes atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svc := replicas[w%2].app.Service
			ctx := context.Background()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				// Half the writers share instances with a neighbour: concurrent writers of one row.
				id := ids[w]
				if w%4 == 1 && i%2 == 0 {
					id = ids[w-1]
				}
				r := int64(i%100 + 1)
				if _, _, err := svc.Update(ctx, id, instances.Patch{Replicas: &r}, nil); err != nil {
					t.Error(err)
					return
				}
				writes.Add(1)
			}
		}()
	}
	clients := make([]*resumingClient, len(replicas))
	for i, r := range replicas {
		clients[i] = &resumingClient{t: t, url: r.url, rnd: rand.New(rand.NewPCG(uint64(i), 7))}
		go clients[i].run(stop)
	}
	time.Sleep(time.Duration(seconds) * time.Second)
	close(stop)
	wg.Wait()

	st := replicas[0].app.Service.Store()
	ctx := context.Background()
	last, err := st.HistoryWatermark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, err := st.HistoryRange(ctx, 0, last, 10_000_000)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int64, len(all))
	for i, r := range all {
		want[i] = r.HistoryID
	}
	for i, c := range clients {
		got := c.waitFor(last)
		if !slices.Equal(got, want) {
			t.Errorf("client of replica %d: %d events (resumed %d times), the history has %d records; first difference at %d",
				i, len(got), c.resumes.Load(), len(want), firstDifference(got, want))
		}
	}
	checkExactChains(t, all)
	svc := replicas[1].app.Service
	if _, _, err := svc.Seal(ctx); err != nil {
		t.Fatal(err)
	}
	if r, err := svc.VerifyHistory(ctx, nil); err != nil || !r.Intact() {
		t.Fatalf("verify after the soak: %+v %v", r, err)
	}
	t.Logf("%d updates through two replicas in %d s; %d records; clients resumed %d and %d times",
		writes.Load(), seconds, len(all), clients[0].resumes.Load(), clients[1].resumes.Load())
}

// checkExactChains: each instance's records go up one version at a time, and each update's old
// values are the previous record's values.
func checkExactChains(t *testing.T, records []store.HistoryRecord) {
	t.Helper()
	prev := map[int64]store.HistoryRecord{}
	for _, r := range records {
		p, seen := prev[r.OriginalID]
		prev[r.OriginalID] = r
		if !seen {
			if r.OperationType != instances.OpCreate || r.Version != 1 {
				t.Errorf("instance %d starts with %s version %d", r.OriginalID, r.OperationType, r.Version)
			}
			continue
		}
		if r.Version != p.Version+1 {
			t.Errorf("instance %d: record %d is version %d after version %d", r.OriginalID, r.HistoryID, r.Version, p.Version)
		}
		if ch, ok := r.Changes["replicas"]; ok && fmt.Sprint(ch.Old) != strconv.FormatInt(p.Replicas, 10) {
			t.Errorf("instance %d: record %d says replicas was %v, the record before says %d", r.OriginalID, r.HistoryID, ch.Old, p.Replicas)
		}
	}
}

func firstDifference(a, b []int64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// resumingClient follows /api/events, dropping the connection now and then and resuming with
// since=<the last history id it saw>, and records every event's history id.
type resumingClient struct {
	t       *testing.T
	url     string
	rnd     *rand.Rand
	mu      sync.Mutex
	seen    []int64
	resumes atomic.Int64
}

func (c *resumingClient) last() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.seen) == 0 {
		return 0
	}
	return c.seen[len(c.seen)-1]
}

// run follows until stop, then keeps following (without dropping) so that waitFor can finish.
func (c *resumingClient) run(stop <-chan struct{}) {
	for {
		dropAfter := time.Duration(c.rnd.IntN(900)+100) * time.Millisecond
		select {
		case <-stop:
			dropAfter = time.Minute
		default:
		}
		c.follow(dropAfter)
		c.resumes.Add(1)
	}
}

func (c *resumingClient) follow(d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, strings.Replace(c.url, "http", "ws", 1)+"/api/events?since="+strconv.FormatInt(c.last(), 10), nil)
	if err != nil {
		return
	}
	conn.SetReadLimit(1 << 20)
	defer conn.CloseNow()
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var m message
		if decodeErr := json.Unmarshal(data, &m); decodeErr != nil || !strings.HasPrefix(m.Type, "instance.") {
			if m.Type == "reset" {
				c.t.Errorf("a resuming client was told to reset (since %d)", c.last())
			}
			continue
		}
		c.mu.Lock()
		c.seen = append(c.seen, m.HistoryID)
		c.mu.Unlock()
	}
}

// waitFor returns the history ids seen once the client has reached last (or after a minute).
func (c *resumingClient) waitFor(last int64) []int64 {
	for deadline := time.Now().Add(time.Minute); c.last() < last && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.seen)
}
