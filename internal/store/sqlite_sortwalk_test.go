package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestSQLiteSortedListsWalkOrReadRowsLate: on SQLite a filtered, sorted list answered by the
// bounded walk or by the late row reads returns exactly the page and total of the plain
// statement, including when the matches all sort after the walk's bound; and each plan is taken
// where it should be (so that this test fails if a path is never used).
func TestSQLiteSortedListsWalkOrReadRowsLate(t *testing.T) {
	s := openMigrated(t, EngineSQLite)
	ctx := context.Background()
	// 2,000 instances: four clusters of 400 spread through every order, and a fifth ("late") of
	// 400 whose names all sort after the others' but three, which sort first.
	for _, stmt := range []string{`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 2000)
		INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
		    status, priority, version, created_at, updated_at)
		SELECT CASE WHEN n > 1997 THEN 'a-' WHEN n > 1600 THEN 'zz-' ELSE 'i-' END || printf('%05d', (n * 7919) % 2003), 'm', 'v',
		    CASE WHEN n > 1600 THEN 'late' ELSE 'c' || (n % 4) END, 'img', n % 7 + 1, 1, 1, 1,
		    CASE n % 2 WHEN 0 THEN 'active' ELSE 'error' END,
		    CASE n % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'high' ELSE 'critical' END, 1,
		    strftime('%Y-%m-%d %H:%M:%S', 1700000000 + n, 'unixepoch') || '+00:00',
		    strftime('%Y-%m-%d %H:%M:%S', 1700000000 + (n * 37) % 5000, 'unixepoch') || '+00:00'
		FROM seq`, "ANALYZE"} {
		if _, err := s.migrationDB.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	sorts := []SortKey{{Field: "name"}, {Field: "name", Desc: true}, {Field: "updated_at", Desc: true}, {Field: "created_at"},
		{Field: "replicas"}, {Field: "priority", Desc: true}, {Field: "status"}}
	filters := []InstanceFilter{{ClusterNames: []string{"c1"}}, {ClusterNames: []string{"late"}},
		{Statuses: []string{"error"}, ClusterNames: []string{"c2", "c3"}}, {Priorities: []string{"high"}}, {ModelNames: []string{"m"}}}
	for _, base := range filters {
		for _, key := range sorts {
			for _, page := range [][2]int64{{0, 10}, {5, 3}, {390, 20}} {
				f := base
				f.Sort, f.Offset, f.Limit = []SortKey{key}, page[0], page[1]
				name := fmt.Sprintf("%+v", f)
				want, wantTotal := pageOf(t, s, f, searchPlan{})
				got, total, err := s.ListInstances(ctx, f)
				if err != nil {
					t.Fatal(name, err)
				}
				if total != wantTotal || !sameIDs(got, want) {
					t.Errorf("%s: %d rows of %d, want %d of %d", name, len(got), total, len(want), wantTotal)
				}
			}
		}
	}

	// ListInstances itself reached the walk: its statement (filter columns written +col) was
	// planned. (The checks below call the walk directly.)
	s.plans.mu.Lock()
	reached := false
	for query := range s.plans.plans {
		reached = reached || strings.Contains(query, "+cluster_name IN")
	}
	s.plans.mu.Unlock()
	if !reached {
		t.Error("no list went through the bounded walk")
	}

	// Where each plan is taken: a spread cluster by name is walked (reach 4 × 10 × 5 = 200 of
	// its 400); the late cluster's walk stops at its bound with three rows of ten; priority (an expression:
	// no index range to bound a walk) and a deep page read their rows late.
	walked := func(f InstanceFilter) bool {
		t.Helper()
		_, _, ok, err := s.sqliteSortWalk(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	byName := []SortKey{{Field: "name"}}
	if !walked(InstanceFilter{ClusterNames: []string{"c1"}, Sort: byName, Limit: 10}) {
		t.Error("a cluster spread through the name order was not walked")
	}
	if walked(InstanceFilter{ClusterNames: []string{"late"}, Sort: byName, Limit: 10}) {
		t.Error("the walk answered for a cluster that sorts after its bound")
	}
	for _, f := range []InstanceFilter{
		{ClusterNames: []string{"c1"}, Sort: []SortKey{{Field: "priority", Desc: true}}, Limit: 10},
		{ClusterNames: []string{"c1"}, Sort: byName, Offset: 390, Limit: 20},
	} {
		if walked(f) {
			t.Errorf("%+v was walked", f)
		}
		query, args, err := s.instancePageQuery(f, searchPlan{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.plans.of(ctx, s.rawReadDB, query, args); err != nil || !p.sorts {
			t.Errorf("%+v: the plain plan does not sort (%v), so its rows are not read late", f, err)
		}
	}
}
