package httpapi

import (
	"context"
	"fmt"
	"sync"
	"time"

	api "github.com/iims/iims/gen/api"
)

// healthTimeout bounds the database round trips of a health or readiness check.
const healthTimeout = 2 * time.Second

// retryAfterSeconds is what a not-ready answer asks callers to wait.
const retryAfterSeconds = 5

// HealthGet is liveness: the process answers and so does its database.
func (s *Server) HealthGet(ctx context.Context, _ api.HealthGetRequestObject) (api.HealthGetResponseObject, error) {
	db, err := s.databaseHealth(ctx)
	h := api.Health{Status: api.HealthStatusOk, Version: s.version, Database: db}
	if err != nil {
		h.Status = api.HealthStatusUnavailable
		return api.HealthGet503JSONResponse(h), nil
	}
	return api.HealthGet200JSONResponse(h), nil
}

// ReadyGet is readiness: the database answers and its schema is fully migrated.
func (s *Server) ReadyGet(ctx context.Context, _ api.ReadyGetRequestObject) (api.ReadyGetResponseObject, error) {
	r := api.Readiness{Status: api.ReadinessStatusReady, Version: s.version}
	db, err := s.databaseHealth(ctx)
	r.Database = db
	if err == nil {
		applied, pending, merr := s.migrations.counts(ctx, s.svc.Store())
		r.Migrations.Applied, r.Migrations.Pending = applied, pending
		switch {
		case merr != nil:
			err = fmt.Errorf("read migration state: %w", merr)
		case r.Migrations.Pending > 0:
			err = fmt.Errorf("%d migration(s) pending", r.Migrations.Pending)
		}
	}
	if err != nil {
		reason := err.Error()
		r.Status, r.Reason = api.ReadinessStatusNotReady, &reason
		return api.ReadyGet503JSONResponse{Body: r, Headers: api.ReadyGet503ResponseHeaders{RetryAfter: retryAfterSeconds}}, nil
	}
	return api.ReadyGet200JSONResponse(r), nil
}

// databaseHealth pings the database and reads its version; err says why it is unavailable.
func (s *Server) databaseHealth(ctx context.Context) (api.DatabaseHealth, error) {
	st := s.svc.Store()
	db := api.DatabaseHealth{Engine: api.DatabaseHealthEngine(st.Engine())}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	latency, err := st.Ping(ctx)
	var v string
	if err == nil {
		v, err = st.ServerVersion(ctx)
	}
	if err != nil {
		msg := err.Error()
		db.Error = &msg
		s.log.WarnContext(ctx, "database unavailable", "error", msg)
		return db, err
	}
	ms := float64(latency.Microseconds()) / 1000
	db.ServerVersion, db.LatencyMs = &v, &ms
	return db, nil
}

// migrationState remembers a fully migrated schema for a while, so that a readiness probe costs
// one ping: migrations only change when a binary starts (or someone runs `iims migrate`).
type migrationState struct {
	mu      sync.Mutex
	applied int
	checked time.Time // when every known migration was last seen applied
}

// migrationRecheck is how long a fully migrated schema is believed without asking again.
const migrationRecheck = 10 * time.Second

type migrationCounter interface {
	MigrationCounts(ctx context.Context) (applied, pending int, err error)
}

func (m *migrationState) counts(ctx context.Context, st migrationCounter) (applied, pending int, err error) {
	m.mu.Lock()
	if !m.checked.IsZero() && time.Since(m.checked) < migrationRecheck {
		defer m.mu.Unlock()
		return m.applied, 0, nil
	}
	m.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	applied, pending, err = st.MigrationCounts(ctx)
	if err == nil && pending == 0 {
		m.mu.Lock()
		m.applied, m.checked = applied, time.Now()
		m.mu.Unlock()
	}
	return applied, pending, err
}
