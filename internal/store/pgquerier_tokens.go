package store

import (
	"context"

	"github.com/iims/iims/gen/pgdb"
	"github.com/iims/iims/gen/sqlitedb"
)

// The API tokens' queries of pgQuerier (see pgquerier.go).

func (p pgQuerier) TokenByHash(ctx context.Context, tokenHash string) (Token, error) {
	r, err := p.q.TokenByHash(ctx, tokenHash)
	return Token(r), err
}

func (p pgQuerier) TokenGet(ctx context.Context, id int64) (Token, error) {
	r, err := p.q.TokenGet(ctx, id)
	return Token(r), err
}

func (p pgQuerier) TokenGetByName(ctx context.Context, name string) (Token, error) {
	r, err := p.q.TokenGetByName(ctx, name)
	return Token(r), err
}

func (p pgQuerier) TokenInsert(ctx context.Context, arg sqlitedb.TokenInsertParams) (Token, error) {
	r, err := p.q.TokenInsert(ctx, pgdb.TokenInsertParams(arg))
	return Token(r), err
}

func (p pgQuerier) TokenList(ctx context.Context) ([]Token, error) {
	rows, err := p.q.TokenList(ctx)
	out := make([]Token, len(rows))
	for i, r := range rows {
		out[i] = Token(r)
	}
	return out, err
}

func (p pgQuerier) TokenRevoke(ctx context.Context, arg sqlitedb.TokenRevokeParams) (Token, error) {
	r, err := p.q.TokenRevoke(ctx, pgdb.TokenRevokeParams(arg))
	return Token(r), err
}

func (p pgQuerier) TokenTouch(ctx context.Context, arg sqlitedb.TokenTouchParams) error {
	return p.q.TokenTouch(ctx, pgdb.TokenTouchParams(arg))
}
