package specfuzz_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	apispec "github.com/iims/iims/api"
	"github.com/iims/iims/internal/app"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/specfuzz"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/apptest"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/spectest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// envInt reads a positive integer setting, or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestSpecDrivenFuzz sends requests generated from the spec — valid and broken — to the real
// server on each engine, from several clients at once. Every answer must keep the contract: no
// 5xx, only statuses the operation declares, the error envelope on every error, successes that
// match their schema. Afterwards every instance must equal its newest history record and the
// history's hash chain must verify. IIMS_FUZZ_REQUESTS sets the requests per engine (make test
// runs a few thousand; make fuzz-http 200,000), IIMS_FUZZ_SEED replays a run.
func TestSpecDrivenFuzz(t *testing.T) {
	requests := envInt("IIMS_FUZZ_REQUESTS", 3000)
	seed := uint64(envInt("IIMS_FUZZ_SEED", int(time.Now().UnixNano()%1e9)))
	spec, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, dbtest.URL(t, e), app.StreamSettings{}, true)
			r := run(t, specfuzz.New(spec, seed), srv.URL, requests)
			t.Logf("%s: seed %d, %d requests in %s (%.0f/s), p99 %s, statuses %s, %d violations",
				e, seed, r.sent, r.elapsed.Round(time.Millisecond), float64(r.sent)/r.elapsed.Seconds(), r.p99, r.statuses(), len(r.violations))
			for _, v := range r.violations[:min(len(r.violations), 20)] {
				t.Error(v)
			}
			checkInvariants(t, srv.Store)
		})
	}
}

type result struct {
	mu         sync.Mutex
	sent       int
	byStatus   map[int]int
	latencies  []time.Duration
	violations []string
	elapsed    time.Duration
	p99        time.Duration
}

func (r *result) statuses() string {
	var parts []string
	for _, s := range slices.Sorted(maps.Keys(r.byStatus)) {
		parts = append(parts, fmt.Sprintf("%d×%d", s, r.byStatus[s]))
	}
	return strings.Join(parts, " ")
}

func run(t *testing.T, g *specfuzz.Generator, base string, requests int) *result {
	const workers = 8
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	r := &result{byStatus: map[int]int{}}
	jobs := make(chan struct{})
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				one(t, g, client, base, r)
			}
		}()
	}
	for range requests {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	r.elapsed = time.Since(start)
	slices.Sort(r.latencies)
	if n := len(r.latencies); n > 0 {
		r.p99 = r.latencies[n*99/100]
	}
	return r
}

func one(t *testing.T, g *specfuzz.Generator, client *http.Client, base string, r *result) {
	req, op, err := g.Request(base)
	if err != nil {
		t.Errorf("build a request: %v", err)
		return
	}
	var sent strings.Builder
	fmt.Fprintf(&sent, "%s %s", req.Method, req.URL.RequestURI())
	start := time.Now()
	res, err := client.Do(req)
	took := time.Since(start)
	if err != nil {
		r.add(0, took, fmt.Sprintf("%s: no answer: %v", sent.String(), err))
		return
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	problem := ""
	switch {
	case err != nil:
		problem = "reading the body: " + err.Error()
	case res.StatusCode >= 500:
		problem = "a server error"
	default:
		problem = spectest.Check(req, res.StatusCode, res.Header, body)
	}
	if problem != "" {
		problem = fmt.Sprintf("%s → %d: %s\n%.300s", sent.String(), res.StatusCode, problem, body)
	}
	g.Observe(op, res.StatusCode, body)
	r.add(res.StatusCode, took, problem)
}

func (r *result) add(status int, took time.Duration, problem string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent++
	r.byStatus[status]++
	r.latencies = append(r.latencies, took)
	if problem != "" {
		r.violations = append(r.violations, problem)
	}
}

// checkInvariants: nothing stored is lost or half-written. Every instance equals the state its
// newest history record holds, and the history's hash chain is intact.
func checkInvariants(t *testing.T, st *store.Store) {
	ctx := context.Background()
	svc := instances.NewService(st)
	n := 0
	err := st.EachInstance(ctx, store.InstanceFilter{}, func(inst store.Instance) error {
		n++
		page, err := svc.InstanceHistory(ctx, inst.ID, store.HistoryFilter{Limit: 1, SkipTotal: true})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 {
			return fmt.Errorf("instance %d has no history", inst.ID)
		}
		h := page.Items[0]
		if h.OperationType == instances.OpDelete || h.Version != inst.Version || !instances.SpecOf(inst).Equal(instances.SpecOfRecord(h)) ||
			!h.UpdatedAt.Equal(inst.UpdatedAt) {
			t.Errorf("instance %d (version %d) differs from its newest history record %d (%s, version %d)",
				inst.ID, inst.Version, h.HistoryID, h.OperationType, h.Version)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Seal(ctx); err != nil {
		t.Fatal(err)
	}
	report, err := svc.VerifyHistory(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !report.Intact() {
		t.Errorf("the history's tamper evidence fails: %+v", report)
	}
	t.Logf("invariants: %d instances equal their newest history record; %d records verified", n, report.Checked)
}
