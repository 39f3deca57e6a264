package httpapi

import (
	"context"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
)

func (s *Server) InstanceHistoryList(ctx context.Context, req api.InstanceHistoryListRequestObject) (api.InstanceHistoryListResponseObject, error) {
	p := req.Params
	f := apiconv.HistoryParams{Limit: p.Limit, Offset: p.Offset, Op: p.OperationType, Start: p.StartDate, End: p.EndDate, Fields: p.Field, Before: p.Before, After: p.After, IncludeTotal: p.IncludeTotal,
		Actors: p.Actor, Vias: p.Via, RequestIDs: p.RequestId, From: p.From, To: p.To}.Filter()
	page, err := s.svc.InstanceHistory(ctx, req.InstanceId, f)
	if err != nil {
		if e, ok := domainError(err); ok {
			switch e.Status {
			case 404:
				return api.InstanceHistoryList404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
			case 422:
				return api.InstanceHistoryList422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(e.envelope(ctx))}, nil
			}
		}
		return nil, err
	}
	return api.InstanceHistoryList200JSONResponse(apiconv.ToHistoryPage(page, f)), nil
}

func (s *Server) HistoryList(ctx context.Context, req api.HistoryListRequestObject) (api.HistoryListResponseObject, error) {
	p := req.Params
	f := apiconv.HistoryParams{Limit: p.Limit, Offset: p.Offset, Op: p.OperationType, Start: p.StartDate, End: p.EndDate, Fields: p.Field, Before: p.Before, After: p.After, IncludeTotal: p.IncludeTotal,
		Actors: p.Actor, Vias: p.Via, RequestIDs: p.RequestId, From: p.From, To: p.To}.Filter()
	f.InstanceID = apiconv.Deref(p.InstanceId, 0)
	f.Q = apiconv.Deref(p.Q, "")
	page, err := s.svc.ListHistory(ctx, f)
	if err != nil {
		if e, ok := domainError(err); ok && e.Status == 422 {
			return api.HistoryList422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	return api.HistoryList200JSONResponse(apiconv.ToHistoryPage(page, f)), nil
}

func (s *Server) HistoryGet(ctx context.Context, req api.HistoryGetRequestObject) (api.HistoryGetResponseObject, error) {
	rec, err := s.svc.GetHistory(ctx, req.HistoryId)
	if err != nil {
		if e, ok := domainError(err); ok && e.Status == 404 {
			return api.HistoryGet404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	return api.HistoryGet200JSONResponse(apiconv.ToHistoryRecord(rec)), nil
}

func (s *Server) HistoryCompare(ctx context.Context, req api.HistoryCompareRequestObject) (api.HistoryCompareResponseObject, error) {
	c, err := s.svc.Compare(ctx, req.Params.From, req.Params.To)
	if err != nil {
		e, ok := domainError(err)
		if !ok {
			return nil, err
		}
		switch e.Status {
		case 404:
			return api.HistoryCompare404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
		case 422:
			return api.HistoryCompare422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	return api.HistoryCompare200JSONResponse(apiconv.ToComparison(c)), nil
}
