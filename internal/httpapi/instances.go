package httpapi

import (
	"context"
	"fmt"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
)

// Each handler maps the request to one domain call and the result (or the domain's expected
// failure) to the typed response the spec declares; anything else goes to the error handler.

func (s *Server) InstanceList(ctx context.Context, req api.InstanceListRequestObject) (api.InstanceListResponseObject, error) {
	items, total, err := s.svc.List(ctx, apiconv.FromListParams(req.Params))
	if err != nil {
		return nil, err
	}
	return api.InstanceList200JSONResponse{Body: apiconv.ToInstances(items), Headers: api.InstanceList200ResponseHeaders{XTotalCount: total}}, nil
}

func (s *Server) InstanceCreate(ctx context.Context, req api.InstanceCreateRequestObject) (api.InstanceCreateResponseObject, error) {
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
	return api.InstanceCreate201JSONResponse{Body: apiconv.ToInstance(inst), Headers: api.InstanceCreate201ResponseHeaders{
		Location: fmt.Sprintf("/api/instances/%d", inst.ID), ETag: etag(inst.Version)}}, nil
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
	return api.InstanceGet200JSONResponse{Body: apiconv.ToInstance(inst), Headers: api.InstanceGet200ResponseHeaders{ETag: etag(inst.Version)}}, nil
}

func (s *Server) InstanceUpdate(ctx context.Context, req api.InstanceUpdateRequestObject) (api.InstanceUpdateResponseObject, error) {
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
	return api.InstanceUpdate200JSONResponse{Body: apiconv.ToInstance(inst), Headers: api.InstanceUpdate200ResponseHeaders{ETag: etag(inst.Version)}}, nil
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
		}
		return nil, err
	}
	return api.InstanceDelete200JSONResponse{Message: "Instance deleted successfully"}, nil
}
