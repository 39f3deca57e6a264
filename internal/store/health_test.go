package store

import (
	"context"
	"testing"
	"time"
)

// TestHealthChecksDoNotQueueBehindQueries holds every pooled connection, as a burst of slow
// queries would: the health check still answers at once (it used to wait for a connection and
// time out, so that a busy server looked dead to its load balancer).
func TestHealthChecksDoNotQueueBehindQueries(t *testing.T) {
	for _, engine := range []Engine{EngineSQLite, EnginePostgres} {
		t.Run(string(engine), func(t *testing.T) {
			s := openMigrated(t, engine)
			ctx := context.Background()
			conns := s.PoolStats().Max // PostgreSQL: the pool's
			if engine == EngineSQLite {
				conns = s.rawReadDB.Stats().MaxOpenConnections // the readers (the writer is apart)
			}
			for range conns {
				conn, err := s.rawReadDB.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
			}
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			if _, err := s.Ping(ctx); err != nil {
				t.Fatalf("ping with every pooled connection busy: %v", err)
			}
			if v, err := s.ServerVersion(ctx); err != nil || v == "" {
				t.Fatalf("server version with every pooled connection busy: %q %v", v, err)
			}
		})
	}
}
