// Package dbtest opens real, migrated stores of every engine for tests: a SQLite file in the
// test's temp dir, a PostgreSQL database from pgtest and a MySQL-family database from mysqltest
// (the test binary's TestMain must call dbtest.Main, which stops the servers they start).
package dbtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/mysqltest"
	"github.com/iims/iims/internal/testutil/pgtest"
)

// Engines lists the engines every behaviour test runs on.
var Engines = []store.Engine{store.EngineSQLite, store.EnginePostgres, store.EngineMySQL}

// Main runs a test binary's tests and then stops the database servers they started.
func Main(m *testing.M) int {
	defer mysqltest.Stop()
	return pgtest.Main(m)
}

// ForEachEngine runs fn as a subtest per engine, each with a fresh migrated store.
func ForEachEngine(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// URL returns the DATABASE_URL of a fresh migrated database of the engine.
func URL(t testing.TB, e store.Engine) string {
	t.Helper()
	switch e {
	case store.EnginePostgres:
		return pgtest.NewDatabase(t, "iims-migrated", migrate)
	case store.EngineMySQL:
		return mysqltest.NewDatabase(t, migrate)
	}
	path := filepath.Join(t.TempDir(), "iims.db")
	u := "sqlite:///" + path // absolute path: four slashes
	if err := migrate(context.Background(), u); err != nil {
		t.Fatalf("migrate SQLite: %v", err)
	}
	return u
}

// Open returns a fresh migrated store of the engine, closed when the test ends.
func Open(t testing.TB, e store.Engine) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), URL(t, e), store.PoolConfig{Size: 2, MaxOverflow: 20})
	if err != nil {
		t.Fatalf("open %s store: %v", e, err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func migrate(ctx context.Context, url string) error {
	st, err := store.Open(ctx, url, store.PoolConfig{Size: 1, MaxOverflow: 1})
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.Migrate(ctx)
	return err
}
