package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func (s *Server) InstanceBulk(ctx context.Context, req api.InstanceBulkRequestObject) (api.InstanceBulkResponseObject, error) {
	in, fieldErrs := fromBulk(*req.Body)
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
	return api.InstanceBulk200JSONResponse(toBulkResult(res)), nil
}

// bulkError maps the batch's failures, which name every offending instance.
func bulkError(err error) (*apiError, bool) {
	switch e := err.(type) {
	case *instances.BulkNotFoundError:
		return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound,
			Message: fmt.Sprintf("%d of the instances do not exist; nothing was changed", len(e.IDs)),
			Details: map[string]any{"missing_ids": e.IDs}}, true
	case *instances.BulkPreconditionError:
		stale := make([]map[string]any, len(e.Stale))
		for i, sv := range e.Stale {
			stale[i] = map[string]any{"id": sv.ID, "expected_version": sv.Expected, "current_version": sv.Current}
		}
		return &apiError{Status: http.StatusPreconditionFailed, Type: api.ErrorTypePreconditionFailed,
			Message: fmt.Sprintf("%d of the instances changed since the versions given; nothing was changed", len(e.Stale)),
			Details: map[string]any{"stale": stale}}, true
	}
	return domainError(err)
}

func fromBulk(b api.BulkRequest) (instances.BulkInput, []api.FieldError) {
	in := instances.BulkInput{Action: string(b.Action), IDs: b.Ids, DryRun: deref(b.DryRun, false)}
	if b.Patch != nil {
		in.Patch = fromUpdate(*b.Patch)
	}
	var errs []api.FieldError
	if b.Action == api.BulkRequestActionUpdate && b.Patch == nil {
		errs = append(errs, api.FieldError{In: api.FieldErrorInBody, Field: "patch", Message: "is required for action update"})
	}
	if b.Versions != nil {
		in.Versions = make(map[int64]int64, len(*b.Versions))
		for k, v := range *b.Versions {
			id, err := strconv.ParseInt(k, 10, 64)
			if err != nil || id < 1 {
				errs = append(errs, api.FieldError{In: api.FieldErrorInBody, Field: "versions/" + k, Message: "keys must be instance ids"})
				continue
			}
			in.Versions[id] = v
		}
	}
	return in, errs
}

func toBulkResult(r instances.BulkResult) api.BulkResult {
	out := api.BulkResult{Action: api.BulkResultAction(r.Action), DryRun: r.DryRun,
		ChangedCount: r.Changed, UnchangedCount: r.Unchanged, Items: make([]api.BulkItem, len(r.Items))}
	for i, it := range r.Items {
		item := api.BulkItem{Id: it.ID, Name: it.Name, Changed: it.Changed, Changes: toChanges(it.Changes)}
		if it.After != nil {
			inst := toInstance(*it.After)
			item.Instance = &inst
		}
		out.Items[i] = item
	}
	return out
}

func (s *Server) StatsGet(ctx context.Context, _ api.StatsGetRequestObject) (api.StatsGetResponseObject, error) {
	st, err := s.svc.Stats(ctx)
	if err != nil {
		return nil, err
	}
	return api.StatsGet200JSONResponse(toFleetStats(st)), nil
}

func toFleetStats(st store.FleetStats) api.FleetStats {
	counts := func(in []store.NameCount) []api.CountByName {
		out := make([]api.CountByName, len(in))
		for i, c := range in {
			out[i] = api.CountByName{Name: c.Name, Count: c.Count}
		}
		return out
	}
	return api.FleetStats{Total: st.Total, Replicas: st.Replicas, Gpus: st.GPUs, ByStatus: st.ByStatus,
		ByPriority: st.ByPriority, ByCluster: counts(st.ByCluster), ByModel: counts(st.ByModel)}
}
