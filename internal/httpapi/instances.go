package httpapi

import (
	"context"
	"fmt"
	"net/http"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/instances"
)

// Each handler maps the request to one domain call and the result (or the domain's expected
// failure) to the typed response the spec declares; anything else goes to the error handler.

func (s *Server) InstanceList(ctx context.Context, req api.InstanceListRequestObject) (api.InstanceListResponseObject, error) {
	f := apiconv.FromListParams(req.Params)
	var items []instances.Instance
	var total int64
	var err error
	if req.Params.AsOf != nil {
		items, total, err = s.svc.ListAsOf(ctx, f, *req.Params.AsOf)
	} else {
		items, total, err = s.svc.List(ctx, f)
	}
	if err != nil {
		return nil, err
	}
	return instanceListResponse{items: items, total: total}, nil
}

func (s *Server) InstanceCreate(ctx context.Context, req api.InstanceCreateRequestObject) (api.InstanceCreateResponseObject, error) {
	ctx, err := withBodyReason(ctx, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	inst, err := s.svc.Create(ctx, apiconv.FromCreate(*req.Body))
	if err != nil {
		e, ok := domainError(err)
		if !ok {
			return nil, err
		}
		switch e.Status {
		case 409:
			return api.InstanceCreate409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse(e.envelope(ctx))}, nil
		case 422:
			return api.InstanceCreate422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	return instanceResponse{inst: inst, status: http.StatusCreated, location: fmt.Sprintf("/api/instances/%d", inst.ID)}, nil
}

func (s *Server) InstanceGet(ctx context.Context, req api.InstanceGetRequestObject) (api.InstanceGetResponseObject, error) {
	inst, err := s.svc.Get(ctx, req.Id)
	if err != nil {
		if e, ok := domainError(err); ok && e.Status == 404 {
			return api.InstanceGet404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
		}
		return nil, err
	}
	if noneMatch(req.Params.IfNoneMatch, inst.Version) {
		return api.InstanceGet304Response{Headers: api.InstanceGet304ResponseHeaders{ETag: etag(inst.Version)}}, nil
	}
	return instanceResponse{inst: inst, status: http.StatusOK}, nil
}

func (s *Server) InstanceUpdate(ctx context.Context, req api.InstanceUpdateRequestObject) (api.InstanceUpdateResponseObject, error) {
	ctx, err := withBodyReason(ctx, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	inst, _, err := s.svc.Update(ctx, req.Id, apiconv.FromUpdate(*req.Body), ifMatch(req.Params.IfMatch))
	if err != nil {
		e, ok := domainError(err)
		if !ok {
			return nil, err
		}
		env := e.envelope(ctx)
		switch e.Status {
		case 404:
			return api.InstanceUpdate404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(env)}, nil
		case 409:
			return api.InstanceUpdate409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse(env)}, nil
		case 412:
			return api.InstanceUpdate412JSONResponse{PreconditionFailedJSONResponse: api.PreconditionFailedJSONResponse(env)}, nil
		case 422:
			return api.InstanceUpdate422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(env)}, nil
		}
		return nil, err
	}
	return instanceResponse{inst: inst, status: http.StatusOK}, nil
}

func (s *Server) InstanceDelete(ctx context.Context, req api.InstanceDeleteRequestObject) (api.InstanceDeleteResponseObject, error) {
	if err := s.svc.Delete(ctx, req.Id, ifMatch(req.Params.IfMatch)); err != nil {
		e, ok := domainError(err)
		if !ok {
			return nil, err
		}
		switch e.Status {
		case 404:
			return api.InstanceDelete404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(e.envelope(ctx))}, nil
		case 412:
			return api.InstanceDelete412JSONResponse{PreconditionFailedJSONResponse: api.PreconditionFailedJSONResponse(e.envelope(ctx))}, nil
		case 422: // a reason (REQUIRE_REASON)
			return api.InstanceDelete422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(reasonInHeader(e).envelope(ctx))}, nil
		}
		return nil, err
	}
	return api.InstanceDelete200JSONResponse{Message: "Instance deleted successfully"}, nil
}
