package httpapi

import (
	"context"
	"fmt"
	"net/http"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func (s *Server) InstanceBulk(ctx context.Context, req api.InstanceBulkRequestObject) (api.InstanceBulkResponseObject, error) {
	ctx, err := withBodyReason(ctx, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	in, fieldErrs := apiconv.FromBulk(*req.Body)
	if len(fieldErrs) > 0 {
		return api.InstanceBulk422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(validationError(fieldErrs).envelope(ctx))}, nil
	}
	res, err := s.svc.Bulk(ctx, in)
	if err != nil {
		e, ok := bulkError(err)
		if !ok {
			return nil, err
		}
		env := e.envelope(ctx)
		switch e.Status {
		case http.StatusNotFound:
			return api.InstanceBulk404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(env)}, nil
		case http.StatusPreconditionFailed:
			return api.InstanceBulk412JSONResponse{PreconditionFailedJSONResponse: api.PreconditionFailedJSONResponse(env)}, nil
		case http.StatusUnprocessableEntity:
			return api.InstanceBulk422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(env)}, nil
		}
		return nil, err
	}
	return api.InstanceBulk200JSONResponse(apiconv.ToBulkResult(res)), nil
}

// bulkError maps the batch's failures, which name every offending instance.
func bulkError(err error) (*apiError, bool) {
	switch e := err.(type) {
	case *instances.BulkNotFoundError:
		return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound,
			Message: fmt.Sprintf("%d of the instances do not exist; nothing was changed", len(e.IDs)),
			Details: &api.ErrorDetails{MissingIds: &e.IDs}}, true
	case *instances.BulkPreconditionError:
		stale := make([]api.StaleVersion, len(e.Stale))
		for i, sv := range e.Stale {
			stale[i] = api.StaleVersion{Id: sv.ID, ExpectedVersion: sv.Expected, CurrentVersion: sv.Current}
		}
		return &apiError{Status: http.StatusPreconditionFailed, Type: api.ErrorTypePreconditionFailed,
			Message: fmt.Sprintf("%d of the instances changed since the versions given; nothing was changed", len(e.Stale)),
			Details: &api.ErrorDetails{Stale: &stale}}, true
	}
	return domainError(err)
}

func (s *Server) StatsGet(ctx context.Context, req api.StatsGetRequestObject) (api.StatsGetResponseObject, error) {
	var st store.FleetStats
	var err error
	if req.Params.AsOf != nil {
		st, err = s.svc.StatsAsOf(ctx, *req.Params.AsOf)
	} else {
		st, err = s.svc.Stats(ctx)
	}
	if err != nil {
		return nil, err
	}
	return api.StatsGet200JSONResponse(apiconv.ToFleetStats(st)), nil
}
