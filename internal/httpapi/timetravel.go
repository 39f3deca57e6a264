package httpapi

import (
	"context"
	"fmt"
	"net/http"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/instances"
)

// Putting earlier states back (revert, restore, undo). The fleet as it was (as_of, diff) is in
// timetravel_reads.go.

func (s *Server) InstanceRevert(ctx context.Context, req api.InstanceRevertRequestObject) (api.InstanceRevertResponseObject, error) {
	ctx, err := withBodyReason(ctx, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	res, err := s.svc.Revert(ctx, req.Id, req.Body.ToHistoryId, ifMatch(req.Params.IfMatch), apiconv.Deref(req.Body.DryRun, false))
	if err != nil {
		e, ok := domainError(err)
		if !ok {
			return nil, err
		}
		env := e.envelope(ctx)
		switch e.Status {
		case http.StatusNotFound:
			return api.InstanceRevert404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(env)}, nil
		case http.StatusConflict:
			return api.InstanceRevert409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse(env)}, nil
		case http.StatusPreconditionFailed:
			return api.InstanceRevert412JSONResponse{PreconditionFailedJSONResponse: api.PreconditionFailedJSONResponse(env)}, nil
		case http.StatusUnprocessableEntity:
			return api.InstanceRevert422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(env)}, nil
		}
		return nil, err
	}
	return api.InstanceRevert200JSONResponse{
		Body: api.RevertResult{DryRun: res.DryRun, RevertedFrom: res.RevertedFrom, Changes: apiconv.ToChanges(res.Changes),
			Instance: apiconv.ToInstance(res.Instance)},
		Headers: api.InstanceRevert200ResponseHeaders{ETag: etag(res.Instance.Version)}}, nil
}

func (s *Server) InstanceRestore(ctx context.Context, req api.InstanceRestoreRequestObject) (api.InstanceRestoreResponseObject, error) {
	ctx, err := withBodyReason(ctx, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	dryRun := apiconv.Deref(req.Body.DryRun, false)
	res, err := s.svc.Restore(ctx, req.Id, dryRun)
	if err != nil {
		e, ok := domainError(err)
		if !ok {
			return nil, err
		}
		env := e.envelope(ctx)
		switch e.Status {
		case http.StatusNotFound:
			return api.InstanceRestore404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(env)}, nil
		case http.StatusConflict:
			return api.InstanceRestore409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse(env)}, nil
		case http.StatusUnprocessableEntity:
			return api.InstanceRestore422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(env)}, nil
		}
		return nil, err
	}
	body := api.RestoreResult{DryRun: res.DryRun, RevertedFrom: res.RevertedFrom, Instance: apiconv.ToInstance(res.Instance)}
	if dryRun {
		return api.InstanceRestore200JSONResponse(body), nil
	}
	return api.InstanceRestore201JSONResponse{Body: body, Headers: api.InstanceRestore201ResponseHeaders{
		Location: fmt.Sprintf("/api/instances/%d", res.Instance.ID), ETag: etag(res.Instance.Version)}}, nil
}

func (s *Server) HistoryUndo(ctx context.Context, req api.HistoryUndoRequestObject) (api.HistoryUndoResponseObject, error) {
	ctx, err := withBodyReason(ctx, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	b := req.Body
	res, err := s.svc.Undo(ctx, instances.UndoInput{RequestID: apiconv.Deref(b.RequestId, ""), HistoryIDs: apiconv.Deref(b.HistoryIds, nil),
		DryRun: apiconv.Deref(b.DryRun, false), Force: apiconv.Deref(b.Force, false)})
	if err != nil {
		e, ok := undoError(err)
		if !ok {
			return nil, err
		}
		env := e.envelope(ctx)
		switch e.Status {
		case http.StatusNotFound:
			return api.HistoryUndo404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(env)}, nil
		case http.StatusConflict:
			return api.HistoryUndo409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse(env)}, nil
		case http.StatusUnprocessableEntity:
			return api.HistoryUndo422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(env)}, nil
		}
		return nil, err
	}
	return api.HistoryUndo200JSONResponse(toUndoResult(res)), nil
}

// undoError maps an undo's own failures, which name the records or instances concerned.
func undoError(err error) (*apiError, bool) {
	switch e := err.(type) {
	case *instances.UndoConflictError:
		conflicts := make([]api.UndoConflict, len(e.Conflicts))
		for i, c := range e.Conflicts {
			conflicts[i] = api.UndoConflict{Id: c.ID, Name: c.Name, ExpectedVersion: apiconv.NullableInt(c.Expected), CurrentVersion: apiconv.NullableInt(c.Found)}
		}
		return &apiError{Status: http.StatusConflict, Type: api.ErrorTypeConflict, Message: e.Error(),
			Details: &api.ErrorDetails{Conflicts: &conflicts}}, true
	case *instances.UndoMissingError:
		return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound, Message: e.Error(),
			Details: &api.ErrorDetails{MissingIds: &e.IDs}}, true
	case *instances.UndoTooLargeError:
		return validationError([]api.FieldError{{In: api.FieldErrorInBody, Field: "request_id", Message: e.Error()}}), true
	}
	return domainError(err)
}

func toUndoResult(r instances.UndoResult) api.UndoResult {
	out := api.UndoResult{DryRun: r.DryRun, Forced: r.Forced, ChangedCount: r.Changed, UnchangedCount: r.Unchanged,
		Items: make([]api.UndoItem, len(r.Items))}
	for i, it := range r.Items {
		item := api.UndoItem{InstanceId: it.ID, Name: it.Name, Action: api.UndoItemAction(it.Action),
			RevertedFrom: apiconv.NullableInt(it.RevertedFrom), Changes: apiconv.ToChanges(it.Changes), Conflict: it.Conflict}
		if it.After != nil {
			inst := apiconv.ToInstance(*it.After)
			item.Instance = &inst
		}
		out.Items[i] = item
	}
	return out
}
