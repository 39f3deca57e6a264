package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// FleetStats summarises every instance.
type FleetStats struct {
	Total, Replicas, GPUs int64
	ByStatus, ByPriority  map[string]int64
	ByCluster, ByModel    []NameCount // largest first, then by name
}

// NameCount is a count for one cluster or model.
type NameCount struct {
	Name  string
	Count int64
}

// FleetStats returns the fleet summary from the running counts (migration 00003), so it costs
// the same with ten instances or ten million.
func (s *Store) FleetStats(ctx context.Context) (FleetStats, error) {
	st, err := s.fleetStats(ctx, s.readDB)
	if err != nil {
		return st, err
	}
	sortCounts(st.ByCluster)
	sortCounts(st.ByModel)
	return st, nil
}

// fleetStats reads the running counts through db (unsorted).
func (s *Store) fleetStats(ctx context.Context, db sqlDB) (FleetStats, error) {
	st := FleetStats{ByStatus: map[string]int64{}, ByPriority: map[string]int64{}, ByCluster: []NameCount{}, ByModel: []NameCount{}}
	err := eachRowOf(ctx, db, s.dialect.countsQuery("dimension IN ('total', 'status', 'priority', 'cluster', 'model')"), nil, func(rows rowScanner) error {
		var dim, key string
		var n, replicas, gpus int64
		if err := rows.Scan(&dim, &key, &n, &replicas, &gpus); err != nil {
			return err
		}
		switch dim {
		case "status":
			st.ByStatus[key] = n
		case "priority":
			st.ByPriority[key] = n
		case "cluster":
			st.ByCluster = append(st.ByCluster, NameCount{key, n})
		case "model":
			st.ByModel = append(st.ByModel, NameCount{key, n})
		case "total":
			st.Total, st.Replicas, st.GPUs = n, replicas, gpus
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("fleet stats: %w", err)
	}
	return st, nil
}

// countsQuery reads the running counts of the keys that match where: the folded counts plus the
// deltas not folded in yet (PostgreSQL), in one snapshot, so the sums are exact.
func (d dialect) countsQuery(where string) string {
	key := d.quoteKey()
	return `SELECT dimension, ` + key + `, ` + d.bigint("SUM(n)") + `, ` + d.bigint("SUM(replicas)") + `, ` + d.bigint("SUM(gpus)") + ` FROM (
		SELECT dimension, ` + key + `, n, replicas, gpus FROM instance_counts WHERE ` + where + `
		UNION ALL SELECT dimension, ` + key + `, n, replicas, gpus FROM instance_count_deltas WHERE ` + where + `
	) c GROUP BY dimension, ` + key + ` HAVING SUM(n) <> 0`
}

// sumQuery adds the running counts of several keys of one dimension (distinct keys count
// distinct instances, so the sum is the number of instances having any of them): a scalar
// SELECT, its arguments added to b.
func (s *Store) sumQuery(b *queryBuilder, dimension string, keys []string) string {
	where := func() string { // written twice: placeholders are positional on SQLite
		cond := "dimension = " + b.arg(dimension)
		ph := make([]string, len(keys))
		for i, k := range keys {
			ph[i] = b.arg(k)
		}
		return cond + " AND " + s.dialect.quoteKey() + " IN (" + strings.Join(ph, ", ") + ")"
	}
	return `SELECT COALESCE(` + s.dialect.bigint("SUM(n)") + `, 0) FROM (SELECT n FROM instance_counts WHERE ` + where() +
		` UNION ALL SELECT n FROM instance_count_deltas WHERE ` + where() + `) c`
}

// CompactCounts folds the PostgreSQL count deltas into the counts (one update per key); a no-op
// on SQLite, which keeps no deltas. Safe to run from every replica at any time.
func (s *Store) CompactCounts(ctx context.Context) error {
	if s.engine != EnginePostgres {
		return nil
	}
	var folded int64
	if err := s.readDB.QueryRowContext(ctx, "SELECT instance_counts_compact()").Scan(&folded); err != nil {
		return err
	}
	if folded > vacuumAfter {
		// Readers scan the deltas: clear the dead rows now rather than when autovacuum gets to it.
		_, err := s.readDB.ExecContext(ctx, "VACUUM instance_count_deltas")
		return err
	}
	return nil
}

// vacuumAfter is how many folded deltas make CompactCounts vacuum the table at once.
const vacuumAfter = 10000

func sortCounts(c []NameCount) {
	slices.SortFunc(c, func(a, b NameCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Name, b.Name)
	})
}

// StatusPriorityCount is the number of instances with one status and priority.
type StatusPriorityCount struct {
	Status, Priority string
	Count            int64
}

// CountByStatusAndPriority counts instances per (status, priority) pair that occurs.
func (s *Store) CountByStatusAndPriority(ctx context.Context) ([]StatusPriorityCount, error) {
	var out []StatusPriorityCount
	err := s.eachRow(ctx, s.dialect.countsQuery("dimension = 'status_priority'"), nil, func(rows rowScanner) error {
		var dim, key string
		var n, replicas, gpus int64
		if err := rows.Scan(&dim, &key, &n, &replicas, &gpus); err != nil {
			return err
		}
		status, priority, _ := strings.Cut(key, ":")
		out = append(out, StatusPriorityCount{Status: status, Priority: priority, Count: n})
		return nil
	})
	return out, err
}
