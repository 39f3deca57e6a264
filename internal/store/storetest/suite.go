// Package storetest is the one behaviour suite every storage engine must pass: it drives the
// domain service over a real, migrated store (a SQLite file or a PostgreSQL database) and checks
// the results in the database itself. No fakes: what passes here passes in production.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// env is what each test gets: a fresh store of one engine and a service over it.
type env struct {
	t   *testing.T
	ctx context.Context
	st  *store.Store
	svc *instances.Service
	url string
}

type testCase struct {
	name string
	fn   func(e *env)
}

// cases is filled by the init functions of this package's files.
var cases []testCase

func register(name string, fn func(e *env)) { cases = append(cases, testCase{name, fn}) }

// Run runs every behaviour test against fresh databases of the engine.
func Run(t *testing.T, engine store.Engine) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			url := dbtest.URL(t, engine)
			st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 2, MaxOverflow: 30})
			if err != nil {
				t.Fatalf("open store: %v", err)
			}
			t.Cleanup(func() { _ = st.Close() })
			c.fn(&env{t: t, ctx: context.Background(), st: st, svc: instances.NewService(st), url: url})
		})
	}
}

// create makes an instance from the required fields plus overrides, failing the test on error.
func (e *env) create(name string, mods ...func(*instances.CreateInput)) instances.Instance {
	e.t.Helper()
	in := instances.CreateInput{Name: name, ModelName: "llama-7b", ClusterName: "gpu-cluster-1", ImageTag: "llama:7b-latest"}
	for _, m := range mods {
		m(&in)
	}
	inst, err := e.svc.Create(e.ctx, in)
	if err != nil {
		e.t.Fatalf("create %q: %v", name, err)
	}
	return inst
}

// history returns every record of an instance, oldest first.
func (e *env) history(id int64) []instances.HistoryRecord {
	e.t.Helper()
	page, err := e.svc.InstanceHistory(e.ctx, id, store.HistoryFilter{Limit: 1000})
	if err != nil {
		e.t.Fatalf("history of %d: %v", id, err)
	}
	out := make([]instances.HistoryRecord, len(page.Items))
	for i, h := range page.Items {
		out[len(page.Items)-1-i] = h
	}
	return out
}

// historyCount counts every history record in the database.
func (e *env) historyCount() int64 {
	e.t.Helper()
	page, err := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 1})
	if err != nil {
		e.t.Fatalf("count history: %v", err)
	}
	return *page.Total
}

func ptr[T any](v T) *T { return &v }

func as[T error](t *testing.T, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error = %v (%T), want %T", err, err, target)
	}
	return target
}
