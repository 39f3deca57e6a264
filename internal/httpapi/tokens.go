package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/oapi-codegen/nullable"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
)

// GET /api/me and the API tokens (/api/tokens, admin only: authorizeRequests has checked).

func (s *Server) MeGet(ctx context.Context, _ api.MeGetRequestObject) (api.MeGetResponseObject, error) {
	p, _ := auth.PrincipalFrom(ctx)
	cfg := s.auth.Config()
	me := api.Me{Actor: p.Actor, Kind: api.MeKind(p.Kind), Role: api.Role(p.Role),
		AuthMode: api.MeAuthMode(cfg.Mode.String()), RequireReason: s.svc.RequiresReason()}
	if p.Email != "" {
		me.Email = &p.Email
	}
	if p.Kind == auth.KindToken {
		tok, err := auth.GetToken(ctx, s.svc.Store(), p.TokenID)
		if err != nil {
			return nil, err
		}
		t := s.apiToken(tok)
		me.Token = &t
	}
	return api.MeGet200JSONResponse(me), nil
}

func (s *Server) TokenList(ctx context.Context, _ api.TokenListRequestObject) (api.TokenListResponseObject, error) {
	toks, err := s.svc.Store().Q().TokenList(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.ApiToken, len(toks))
	for i, t := range toks {
		out[i] = s.apiToken(t)
	}
	return api.TokenList200JSONResponse(out), nil
}

func (s *Server) TokenCreate(ctx context.Context, req api.TokenCreateRequestObject) (api.TokenCreateResponseObject, error) {
	p, _ := auth.PrincipalFrom(ctx)
	tok, secret, err := auth.CreateToken(ctx, s.svc.Store(), auth.NewTokenRequest{Name: req.Body.Name,
		Role: auth.Role(req.Body.Role), ExpiresAt: req.Body.ExpiresAt, CreatedBy: p.Actor}, time.Now())
	var input *auth.TokenInputError
	switch {
	case errors.Is(err, auth.ErrTokenNameTaken):
		e := &apiError{Status: http.StatusConflict, Type: api.ErrorTypeConflict,
			Message: fmt.Sprintf("a token named %q already exists (revoked tokens keep their names)", req.Body.Name),
			Details: &api.ErrorDetails{Field: ptr("name")}}
		return api.TokenCreate409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse(e.envelope(ctx))}, nil
	case errors.As(err, &input):
		e := validationError([]api.FieldError{{In: api.FieldErrorInBody, Field: input.Field, Message: input.Message}})
		return api.TokenCreate422JSONResponse{ValidationErrorJSONResponse: api.ValidationErrorJSONResponse(e.envelope(ctx))}, nil
	case err != nil:
		return nil, err
	}
	// Who made which token is worth a line in the log; the secret never is.
	s.log.InfoContext(ctx, "token created", "request_id", requestid.From(ctx), "token", tok.Name, "token_id", tok.ID,
		"role", tok.Role, "by", p.Actor)
	return api.TokenCreate201JSONResponse{Body: api.TokenCreated{Token: s.apiToken(tok), Secret: secret},
		Headers: api.TokenCreate201ResponseHeaders{Location: fmt.Sprintf("/api/tokens/%d", tok.ID)}}, nil
}

func (s *Server) TokenGet(ctx context.Context, req api.TokenGetRequestObject) (api.TokenGetResponseObject, error) {
	tok, err := auth.GetToken(ctx, s.svc.Store(), req.TokenId)
	if errors.Is(err, auth.ErrTokenNotFound) {
		return api.TokenGet404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(tokenNotFound(req.TokenId).envelope(ctx))}, nil
	} else if err != nil {
		return nil, err
	}
	return api.TokenGet200JSONResponse(s.apiToken(tok)), nil
}

func (s *Server) TokenRevoke(ctx context.Context, req api.TokenRevokeRequestObject) (api.TokenRevokeResponseObject, error) {
	tok, err := auth.RevokeToken(ctx, s.svc.Store(), req.TokenId, time.Now())
	if errors.Is(err, auth.ErrTokenNotFound) {
		return api.TokenRevoke404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse(tokenNotFound(req.TokenId).envelope(ctx))}, nil
	} else if err != nil {
		return nil, err
	}
	s.auth.Forget(tok.ID)
	p, _ := auth.PrincipalFrom(ctx)
	s.log.InfoContext(ctx, "token revoked", "request_id", requestid.From(ctx), "token", tok.Name, "token_id", tok.ID, "by", p.Actor)
	return api.TokenRevoke200JSONResponse(s.apiToken(tok)), nil
}

func tokenNotFound(id int64) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: api.ErrorTypeNotFound, Message: fmt.Sprintf("token %d not found", id)}
}

func (s *Server) apiToken(t store.Token) api.ApiToken {
	return api.ApiToken{Id: t.ID, Name: t.Name, Role: api.Role(t.Role), Prefix: t.Prefix,
		State: api.ApiTokenState(auth.TokenState(t, time.Now())), CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt.UTC(),
		ExpiresAt: nullableTime(t.ExpiresAt), LastUsedAt: nullableTime(t.LastUsedAt), RevokedAt: nullableTime(t.RevokedAt)}
}

func nullableTime(t *time.Time) nullable.Nullable[time.Time] {
	if t == nil {
		return nullable.NewNullNullable[time.Time]()
	}
	return nullable.NewNullableWithValue(t.UTC())
}
