package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/iims/iims/internal/store"
)

// Token management, shared by the API (/api/tokens) and the CLI (`iims token`).

// TokenNameMaxLen bounds a token's name (it becomes the actor of the changes made with it).
const TokenNameMaxLen = 100

// tokenName is the spec's TokenCreate.name pattern.
var tokenName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@:/-]*$`)

// Token states.
const (
	StateActive  = "active"
	StateExpired = "expired"
	StateRevoked = "revoked"
)

// TokenState is whether tok works at now.
func TokenState(tok store.Token, now time.Time) string {
	switch {
	case tok.RevokedAt != nil:
		return StateRevoked
	case tok.ExpiresAt != nil && !now.Before(*tok.ExpiresAt):
		return StateExpired
	}
	return StateActive
}

// TokenInputError says what is wrong with a new token's name, role or expiry (HTTP 422).
type TokenInputError struct{ Field, Message string }

func (e *TokenInputError) Error() string { return e.Field + " " + e.Message }

// ErrTokenNameTaken says another token has the name (HTTP 409).
var ErrTokenNameTaken = errors.New("a token with this name already exists")

// ErrTokenNotFound says no token has the id (HTTP 404).
var ErrTokenNotFound = errors.New("no such token")

// NewTokenRequest is a token to make.
type NewTokenRequest struct {
	Name      string
	Role      Role
	ExpiresAt *time.Time
	CreatedBy string
}

// CreateToken makes a token and returns it with its secret, which is not kept and cannot be
// shown again.
func CreateToken(ctx context.Context, st *store.Store, req NewTokenRequest, now time.Time) (store.Token, string, error) {
	switch {
	case len(req.Name) == 0 || len(req.Name) > TokenNameMaxLen:
		return store.Token{}, "", &TokenInputError{"name", fmt.Sprintf("must be 1 to %d characters", TokenNameMaxLen)}
	case !tokenName.MatchString(req.Name):
		return store.Token{}, "", &TokenInputError{"name", "may hold letters, digits and . _ @ : / - and must start with a letter or digit"}
	case req.Role.rank() == 0:
		return store.Token{}, "", &TokenInputError{"role", "must be viewer, editor or admin"}
	case req.ExpiresAt != nil && !req.ExpiresAt.After(now):
		return store.Token{}, "", &TokenInputError{"expires_at", "must be in the future"}
	}
	secret, hash, err := NewToken()
	if err != nil {
		return store.Token{}, "", err
	}
	params := store.TokenInsertParams{Name: req.Name, Role: string(req.Role), TokenHash: hash,
		Prefix: DisplayPrefix(secret), CreatedBy: req.CreatedBy, CreatedAt: now.UTC().Truncate(time.Microsecond)}
	if req.ExpiresAt != nil {
		at := req.ExpiresAt.UTC().Truncate(time.Microsecond)
		params.ExpiresAt = &at
	}
	var tok store.Token
	err = st.ApplyOther(ctx, func(q store.Querier) (err error) {
		tok, err = q.TokenInsert(ctx, params)
		return err
	})
	if store.IsUniqueViolation(err) {
		return store.Token{}, "", ErrTokenNameTaken
	}
	return tok, secret, err
}

// GetToken returns the token with id.
func GetToken(ctx context.Context, st *store.Store, id int64) (store.Token, error) {
	tok, err := st.Q().TokenGet(ctx, id)
	if store.IsNotFound(err) {
		return tok, ErrTokenNotFound
	}
	return tok, err
}

// FindToken returns the token with a name.
func FindToken(ctx context.Context, st *store.Store, name string) (store.Token, error) {
	tok, err := st.Q().TokenGetByName(ctx, name)
	if store.IsNotFound(err) {
		return tok, ErrTokenNotFound
	}
	return tok, err
}

// RevokeToken revokes the token with id; revoking a revoked token changes nothing.
func RevokeToken(ctx context.Context, st *store.Store, id int64, now time.Time) (store.Token, error) {
	at := now.UTC().Truncate(time.Microsecond)
	var tok store.Token
	err := st.ApplyOther(ctx, func(q store.Querier) (err error) {
		tok, err = q.TokenRevoke(ctx, store.TokenRevokeParams{ID: id, RevokedAt: &at})
		return err
	})
	if store.IsNotFound(err) { // unknown, or revoked already
		return GetToken(ctx, st, id)
	}
	return tok, err
}
