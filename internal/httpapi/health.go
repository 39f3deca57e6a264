package httpapi

import (
	"context"
	"time"

	api "github.com/iims/iims/gen/api"
)

// healthTimeout bounds the database round trip of a health check.
const healthTimeout = 2 * time.Second

func (s *Server) HealthGet(ctx context.Context, _ api.HealthGetRequestObject) (api.HealthGetResponseObject, error) {
	st := s.svc.Store()
	h := api.Health{Status: api.HealthStatusOk, Version: s.version, Database: api.DatabaseHealth{Engine: api.DatabaseHealthEngine(st.Engine())}}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	latency, err := st.Ping(ctx)
	if err == nil {
		var v string
		if v, err = st.ServerVersion(ctx); err == nil {
			ms := float64(latency.Microseconds()) / 1000
			h.Database.ServerVersion, h.Database.LatencyMs = &v, &ms
			return api.HealthGet200JSONResponse(h), nil
		}
	}
	msg := err.Error()
	h.Status, h.Database.Error = api.HealthStatusUnavailable, &msg
	s.log.WarnContext(ctx, "health check failed", "error", msg)
	return api.HealthGet503JSONResponse(h), nil
}
