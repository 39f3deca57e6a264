package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// A filtered list sorted by another column (all error instances of one cluster, by name) has two
// plans: find the matching rows through the filter's index and sort them all, or walk the sort
// column's index in order and keep the rows that match until the page is full. SQLite, with no
// per-value statistics (IIMS never runs ANALYZE), always takes the first: at 1M instances it
// sorted the 50,000 instances of a cluster to return 100 (60–140 ms), where the walk reads about
// 2,000 (2 ms).
// PostgreSQL makes this choice itself. On SQLite the running counts say exactly how many
// instances the filter matches, so the store makes it: it walks when the walk is expected to read
// far fewer rows than the sort would (uniformly spread matches: (offset+limit) × fleet / matched).
//
// Matches need not be spread uniformly (a cluster's instances may all sort last), so the walk is
// bounded: it reads the sort index only up to the row at four times the expected distance, and a
// page it cannot fill within that bound is read again with the late row lookup (instancePageQuery).
// The worst case is thus the bounded walk plus the sort, never a walk of the whole fleet.

// sortWalkReach is how many times the expected walk the bounded walk may read.
const sortWalkReach = 4

// sqlitePlanSorts says whether SQLite's plan for a sorted list's usual statement (query, args)
// sorts the matching rows itself; ListInstances then takes the bounded walk when that is cheaper,
// else reads the rows late (instancePageQuery). False on the other engines and for unsorted lists.
func (s *Store) sqlitePlanSorts(ctx context.Context, f InstanceFilter, query string, args []any) (bool, error) {
	if s.engine != EngineSQLite || len(f.Sort) == 0 {
		return false, nil
	}
	p, err := s.plans.of(ctx, s.rawReadDB, query, args)
	return p.sorts, err
}

// sqliteSortWalk answers a list by the bounded walk when that is the cheaper plan; ok is false
// when it does not apply or could not fill the page.
func (s *Store) sqliteSortWalk(ctx context.Context, f InstanceFilter) (items []Instance, total int64, ok bool, err error) {
	column, desc, walkable := sortWalkKey(f)
	dim, keys, counted := countedFilter(f)
	if !walkable || !counted || dim == "total" {
		return nil, 0, false, nil
	}
	matched, fleet, err := s.matchedOfFleet(ctx, dim, keys)
	if err != nil || matched == 0 {
		return nil, 0, false, err
	}
	reach := sortWalkReach * (f.Offset + f.Limit) * fleet / matched
	if reach >= matched {
		return nil, 0, false, nil // the walk would read about as many rows as the sort
	}
	// The bound: the sort index's entry reach rows in (read from the index alone). A fleet
	// shorter than that has none and is walked to its end.
	var boundValue any
	var boundID int64
	order, err := orderBy(f.Sort, s.dialect.priorityOrder())
	if err != nil {
		return nil, 0, false, err
	}
	err = s.readDB.QueryRowContext(ctx, "SELECT +"+column+", id FROM instances"+order+" LIMIT 1 OFFSET ?", reach).
		Scan(&boundValue, &boundID)
	bounded := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, false, fmt.Errorf("list instances: %w", err)
	}
	b := &queryBuilder{d: s.dialect}
	totalSQL := s.instanceTotal(b, f)
	b.unindexed = true // the sort's index drives the scan, not the filter's
	s.instanceConditions(b, f)
	if bounded {
		cmp := " <= "
		if desc {
			cmp = " >= "
		}
		b.where("(" + column + ", id)" + cmp + "(" + b.arg(boundValue) + ", " + b.arg(boundID) + ")")
	}
	walk := "SELECT " + totalSQL + ", " + s.dialect.instanceColumns + " FROM instances" + b.whereSQL() + order + pageClause(b, f)
	if p, err := s.plans.of(ctx, s.rawReadDB, walk, b.args); err != nil || p.sorts || !p.searches {
		return nil, 0, false, err // no index gives this order: nothing to walk
	}
	items, total, err = s.instancePage(ctx, s.eachRow, walk, b.args, f.Limit)
	if err != nil {
		return nil, 0, false, err
	}
	if len(items) == 0 || int64(len(items)) < min(f.Limit, total-f.Offset) {
		// The bound came first: the matches sort later than expected. (With no row the statement
		// says no total either; the counts said there are matches.)
		return nil, 0, false, nil
	}
	return items, total, true, nil
}

// sortWalkKey is the column of a list's one sort key, when a walk could serve it: one key other
// than id (several keys of mixed directions have no single index range to stop at), and not
// priority (its index is on an expression, and SQLite reads no index range for a row value of an
// expression: the walk's bound could never stop the scan).
func sortWalkKey(f InstanceFilter) (column string, desc, ok bool) {
	if len(f.Sort) != 1 || f.Sort[0].Field == "id" || f.Sort[0].Field == "priority" || f.hasSubstring() {
		return "", false, false
	}
	column, ok = sortColumns[f.Sort[0].Field]
	return column, f.Sort[0].Desc, ok
}

// matchedOfFleet reads from the running counts how many instances a counted filter matches and
// how many there are.
func (s *Store) matchedOfFleet(ctx context.Context, dim string, keys []string) (matched, fleet int64, err error) {
	b := &queryBuilder{d: s.dialect}
	q := "SELECT (" + s.sumQuery(b, dim, countedKeys(keys)) + "), (" + s.sumQuery(b, "total", []string{""}) + ")"
	if err := s.readDB.QueryRowContext(ctx, q, b.args...).Scan(&matched, &fleet); err != nil {
		return 0, 0, fmt.Errorf("read the running counts: %w", err)
	}
	return matched, fleet, nil
}

// countedKeys are a counted filter's keys, each once: a repeated value counts once.
func countedKeys(keys []string) []string { return slices.Compact(slices.Sorted(slices.Values(keys))) }

// queryPlan is what matters of SQLite's plan for a statement: whether it sorts its rows itself,
// and whether it reads an index by range (rather than scanning).
type queryPlan struct{ sorts, searches bool }

// planCache remembers the plans of the statements the sort walk considers, by their text: without
// sqlite_stat4 samples (IIMS never runs ANALYZE) SQLite plans a statement the same whatever its
// arguments. Should an operator ANALYZE the file, a plan could depend on the bound's value; the
// results stay right (a walk's page is kept only when it is full), only the bound might then not
// stop the scan. It asks through the untraced pool, whose statements are not kept: an EXPLAIN
// runs once per statement and must not take a place in the prepared-statement cache. A list's
// text depends only on its filter's shape, so few recur; past planCacheSize the cache starts again.
type planCache struct {
	mu    sync.Mutex
	plans map[string]queryPlan
}

const planCacheSize = 1024

func (c *planCache) of(ctx context.Context, db sqlDB, query string, args []any) (queryPlan, error) {
	c.mu.Lock()
	p, ok := c.plans[query]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return p, fmt.Errorf("plan a list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int64
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return p, fmt.Errorf("plan a list: %w", err)
		}
		p.sorts = p.sorts || strings.Contains(detail, "TEMP B-TREE FOR") && strings.Contains(detail, "ORDER BY")
		p.searches = p.searches || strings.HasPrefix(detail, "SEARCH instances USING")
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("plan a list: %w", err)
	}
	c.mu.Lock()
	if c.plans == nil || len(c.plans) >= planCacheSize {
		c.plans = map[string]queryPlan{}
	}
	c.plans[query] = p
	c.mu.Unlock()
	return p, nil
}
