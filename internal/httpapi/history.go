package httpapi

import (
	"context"

	api "github.com/iims/iims/gen/api"
)

func (s *Server) InstanceHistoryList(ctx context.Context, req api.InstanceHistoryListRequestObject) (api.InstanceHistoryListResponseObject, error) {
	p := req.Params
	f := historyFilter(p.Limit, p.Offset, p.OperationType, p.StartDate, p.EndDate)
	items, total, err := s.svc.InstanceHistory(ctx, req.InstanceId, f)
	if err != nil {
		if e, ok := domainError(err); ok && e.Status == 404 {
			return api.InstanceHistoryList404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	return api.InstanceHistoryList200JSONResponse(toHistoryPage(items, total, int(f.Limit), f.Offset)), nil
}

func (s *Server) HistoryList(ctx context.Context, req api.HistoryListRequestObject) (api.HistoryListResponseObject, error) {
	p := req.Params
	f := historyFilter(p.Limit, p.Offset, p.OperationType, p.StartDate, p.EndDate)
	f.InstanceID = deref(p.InstanceId, 0)
	f.Q = deref(p.Q, "")
	items, total, err := s.svc.ListHistory(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.HistoryList200JSONResponse(toHistoryPage(items, total, int(f.Limit), f.Offset)), nil
}

func (s *Server) HistoryGet(ctx context.Context, req api.HistoryGetRequestObject) (api.HistoryGetResponseObject, error) {
	rec, err := s.svc.GetHistory(ctx, req.HistoryId)
	if err != nil {
		if e, ok := domainError(err); ok && e.Status == 404 {
			return api.HistoryGet404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	return api.HistoryGet200JSONResponse(toHistoryRecord(rec)), nil
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
	return api.HistoryCompare200JSONResponse(toComparison(c)), nil
}
