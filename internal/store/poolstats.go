package store

import (
	"database/sql"
	"time"
)

// PoolStats describes the store's connections, summed over its pools.
type PoolStats struct {
	Open, InUse, Idle, Max int
	// Waits counts acquisitions that had to wait for a connection; WaitTime is their total wait.
	Waits    int64
	WaitTime time.Duration
}

// PoolStats reports the connection pools' state (for /metrics).
func (s *Store) PoolStats() PoolStats { return s.poolStats() }

func sqlPoolStats(dbs ...*sql.DB) PoolStats {
	var p PoolStats
	seen := map[*sql.DB]bool{}
	for _, db := range dbs {
		if seen[db] {
			continue
		}
		seen[db] = true
		st := db.Stats()
		p.Open += st.OpenConnections
		p.InUse += st.InUse
		p.Idle += st.Idle
		p.Max += st.MaxOpenConnections
		p.Waits += st.WaitCount
		p.WaitTime += st.WaitDuration
	}
	return p
}
