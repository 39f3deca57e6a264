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

// fleetStatsQuery computes every figure in one statement (portable: no GROUPING SETS on SQLite);
// the group-bys are served by the status/priority/cluster/model indexes.
const fleetStatsQuery = `
SELECT 'status', status, COUNT(*), 0, 0 FROM instances GROUP BY status
UNION ALL SELECT 'priority', priority, COUNT(*), 0, 0 FROM instances GROUP BY priority
UNION ALL SELECT 'cluster', cluster_name, COUNT(*), 0, 0 FROM instances GROUP BY cluster_name
UNION ALL SELECT 'model', model_name, COUNT(*), 0, 0 FROM instances GROUP BY model_name
UNION ALL SELECT 'total', '', COUNT(*), CAST(COALESCE(SUM(replicas), 0) AS BIGINT),
    CAST(COALESCE(SUM(replicas * pp * cp * tp), 0) AS BIGINT) FROM instances`

// FleetStats returns the fleet summary.
func (s *Store) FleetStats(ctx context.Context) (FleetStats, error) {
	st := FleetStats{ByStatus: map[string]int64{}, ByPriority: map[string]int64{}, ByCluster: []NameCount{}, ByModel: []NameCount{}}
	rows, err := s.readDB.QueryContext(ctx, fleetStatsQuery)
	if err != nil {
		return st, fmt.Errorf("fleet stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dim, key string
		var n, replicas, gpus int64
		if err := rows.Scan(&dim, &key, &n, &replicas, &gpus); err != nil {
			return st, fmt.Errorf("scan fleet stats: %w", err)
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
	}
	sortCounts(st.ByCluster)
	sortCounts(st.ByModel)
	return st, rows.Err()
}

func sortCounts(c []NameCount) {
	slices.SortFunc(c, func(a, b NameCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Name, b.Name)
	})
}
