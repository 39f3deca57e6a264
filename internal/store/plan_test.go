package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iims/iims/internal/testutil/pgtest"
)

// TestIndexesServeEveryFilterAndSort asks each engine's planner how it would run the exact SQL
// the store generates, and fails when a list filter, a sort key or a history lookup would read the
// whole table (or sort it) instead of using an index. This is what keeps lists fast at 1M
// instances and 10M history rows; bench/ measures it.
func TestIndexesServeEveryFilterAndSort(t *testing.T) {
	for _, engine := range []Engine{EngineSQLite, EnginePostgres} {
		t.Run(string(engine), func(t *testing.T) {
			s := openMigrated(t, engine)
			since := time.Now().Add(-time.Hour)
			filters := map[string]InstanceFilter{
				"status":         {Statuses: []string{"active", "error"}},
				"priority":       {Priorities: []string{"critical"}},
				"model_name":     {ModelNames: []string{"llama-7b"}},
				"cluster_name":   {ClusterNames: []string{"gpu-cluster-1", "gpu-cluster-2"}},
				"name substring": {Name: "llama"},
				"free text":      {Q: "gpu-cluster"},
				"sort name":      {Sort: []SortKey{{Field: "name"}}},
				"sort -updated":  {Sort: []SortKey{{Field: "updated_at", Desc: true}}},
				"sort created":   {Sort: []SortKey{{Field: "created_at"}}},
				"sort -priority": {Sort: []SortKey{{Field: "priority", Desc: true}}},
				"sort replicas":  {Sort: []SortKey{{Field: "replicas"}}},
				"sort -id":       {Sort: []SortKey{{Field: "id", Desc: true}}},
				"sort status":    {Sort: []SortKey{{Field: "status"}}},
				"sort model":     {Sort: []SortKey{{Field: "model_name"}}},
				"sort cluster":   {Sort: []SortKey{{Field: "cluster_name", Desc: true}}},
				"status + sort":  {Statuses: []string{"active"}, Sort: []SortKey{{Field: "updated_at", Desc: true}}},
			}
			for name, f := range filters {
				f.Limit = 100
				searches, err := s.planSearches(context.Background(), f)
				if err != nil {
					t.Fatal(err)
				}
				query, args, err := s.instancePageQuery(f, searches, false)
				if err != nil {
					t.Fatal(err)
				}
				// The page and its total in one statement. A single status or priority with a sort
				// by updated_at is served in order too.
				checkPlan(t, s, "instances "+name, query, args, "instances", len(f.Sort) > 0 && len(f.Statuses) <= 1)
			}
			cursor := seedHistory(t, s)
			history := map[string]HistoryFilter{
				"one instance":        {InstanceID: 42},
				"date range":          {Start: &since},
				"fleet newest":        {},
				"instance + op":       {InstanceID: 42, OperationType: "update"},
				"fleet before cursor": {Before: cursor},
				"fleet after cursor":  {After: cursor},
				"instance + cursor":   {InstanceID: 42, Before: cursor},
			}
			for name, f := range history {
				f.Limit = 50
				query, args, err := s.historyPageQuery(context.Background(), f)
				if err != nil {
					t.Fatal(err)
				}
				checkPlan(t, s, "history "+name, query, args, "instance_history", f.OperationType == "")
			}
		})
	}
}

// checkPlan fails when the plan reads the whole table without an index, or (when ordered is
// set) sorts instead of reading an index in order.
func checkPlan(t *testing.T, s *Store, name, query string, args []any, table string, ordered bool) {
	t.Helper()
	plan := explain(t, s, query, args)
	var fullScan, sorts bool
	if s.engine == EngineSQLite {
		for _, line := range strings.Split(plan, "\n") {
			line = strings.TrimSpace(line)
			// A bare SCAN is a full scan unless it reads the rowid in the requested order and
			// stops at LIMIT (no WHERE, no sort).
			// (The page's own FROM is the statement's last one: its total comes first.)
			filtered := strings.Contains(query[strings.LastIndex(query, " FROM "+table):], " WHERE ")
			fullScan = fullScan || (line == "SCAN "+table && (filtered || !ordered))
			sorts = sorts || strings.Contains(line, "USE TEMP B-TREE FOR ORDER BY")
		}
	} else {
		fullScan = strings.Contains(plan, "Seq Scan on "+table)
		sorts = strings.Contains(plan, "Sort")
	}
	if fullScan || (ordered && sorts) {
		t.Errorf("%s: the planner would scan or sort the whole table:\n%s\n%s", name, query, plan)
	}
}

func explain(t *testing.T, s *Store, query string, args []any) string {
	t.Helper()
	ctx := context.Background()
	conn, err := s.rawReadDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	prefix := "EXPLAIN QUERY PLAN "
	if s.engine == EnginePostgres {
		// Tiny tables make sequential scans and sorts cheapest; penalise them to learn whether an
		// index *can* serve the filter and the order.
		for _, set := range []string{"enable_seqscan", "enable_sort", "enable_incremental_sort"} {
			if _, err := conn.ExecContext(ctx, "SET "+set+" = off"); err != nil {
				t.Fatal(err)
			}
			defer conn.ExecContext(ctx, "RESET "+set) //nolint:errcheck
		}
		prefix = "EXPLAIN "
	}
	rows, err := conn.QueryContext(ctx, prefix+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%v\n", vals[len(vals)-1])
	}
	return b.String()
}

// seedHistory writes one instance and its record and returns the record's id (a cursor must name
// a record).
func seedHistory(t *testing.T, s *Store) int64 {
	t.Helper()
	ctx := context.Background()
	var instanceID int64
	err := s.Write(ctx, false, func(tx WriteTx) error {
		id, err := tx.NextInstanceID(ctx)
		if err != nil {
			return err
		}
		instanceID = id
		now := time.Now().UTC()
		return tx.Insert(ctx, InstanceInsertParams{ID: id, Name: "n", ModelName: "m", ModelVersion: "v", ClusterName: "c",
			ImageTag: "i", Replicas: 1, Pp: 1, Cp: 1, Tp: 1, Status: "active", Priority: "low", Version: 1, CreatedAt: now, UpdatedAt: now},
			HistoryInsertParams{OriginalID: id, OperationType: "create", OperationTimestamp: now,
				Name: "n", ModelName: "m", ModelVersion: "v", ClusterName: "c", ImageTag: "i", Replicas: 1, Pp: 1, Cp: 1, Tp: 1,
				Status: "active", Priority: "low", Version: 1, CreatedAt: now, UpdatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Q().HistoryLastOf(ctx, instanceID)
	if err != nil {
		t.Fatal(err)
	}
	return rec.HistoryID
}

func openMigrated(t *testing.T, engine Engine) *Store {
	t.Helper()
	ctx := context.Background()
	url := "sqlite:///" + filepath.Join(t.TempDir(), "plan.db")
	if engine == EnginePostgres {
		url = pgtest.NewDatabase(t, "plan-migrated", func(ctx context.Context, url string) error {
			s, err := Open(ctx, url, PoolConfig{Size: 1})
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = s.Migrate(ctx)
			return err
		})
	}
	s, err := Open(ctx, url, PoolConfig{Size: 1, MaxOverflow: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPostgresListsSettleOnOneCachedPlan: the prepared statement of a filtered list is planned a
// few times and then runs on its cached generic plan, instead of being planned on every call
// (which a LIMIT passed as an argument caused: pageClause).
func TestPostgresListsSettleOnOneCachedPlan(t *testing.T) {
	s := openMigrated(t, EnginePostgres)
	ctx := context.Background()
	for _, stmt := range []string{
		`INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp, status, priority, version, created_at, updated_at)
		 SELECT 'i-' || n, 'm-' || n % 50, 'v', 'cluster-' || n % 20, 'img', 1, 1, 1, 1,
		        CASE WHEN n % 2 = 0 THEN 'active' ELSE 'inactive' END, 'medium', 1, now(), now()
		 FROM generate_series(1, 10000) AS n`,
		"ANALYZE instances",
	} {
		if _, err := s.migrationDB.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	query, args, err := s.instancePageQuery(InstanceFilter{Statuses: []string{"active"}, ClusterNames: []string{"cluster-4"}, Limit: 20}, searchPlan{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if generic, custom := preparedPlans(t, s, query, args); generic == 0 {
		t.Errorf("8 runs of the list statement planned it %d times, never used a cached plan:\n%s", custom, query)
	}
}

// preparedPlans runs a statement 8 times on one connection and says how often PostgreSQL gave
// it a generic (cached) plan and how often a custom one. A statement planned for its arguments
// on every call (customPlan) is never kept prepared: 0 and 0.
func preparedPlans(t *testing.T, s *Store, query string, args []any) (generic, custom int64) {
	t.Helper()
	ctx := context.Background()
	conn, err := s.rawReadDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for range 8 {
		rows, err := conn.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := conn.QueryRowContext(ctx, "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "+
		"FROM pg_prepared_statements WHERE statement = $1", query).Scan(&generic, &custom); err != nil {
		t.Fatal(err)
	}
	return generic, custom
}

// pageOf runs one list statement as plan writes it, without ListInstances' own choices: the
// reference the tests compare ListInstances, or another plan, against.
func pageOf(t *testing.T, s *Store, f InstanceFilter, plan searchPlan) ([]Instance, int64) {
	t.Helper()
	query, args, err := s.instancePageQuery(f, plan, false)
	if err != nil {
		t.Fatal(err)
	}
	items, total, err := s.instancePage(context.Background(), s.eachRow, query, args, f.Limit)
	if err != nil {
		t.Fatal(err)
	}
	return items, total
}

// sameIDs tells whether two pages hold the same instances in the same order.
func sameIDs(a, b []Instance) bool {
	return slices.EqualFunc(a, b, func(x, y Instance) bool { return x.ID == y.ID })
}
