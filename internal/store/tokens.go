package store

import (
	"context"

	"github.com/iims/iims/gen/sqlitedb"
)

// The API tokens' rows. Tokens change rarely (made, revoked, and marked used about once a
// minute) and have no history, so their writes do not go through WriteTx: ApplyOther runs them
// on the engine's write connection, one short transaction each.
type (
	Token             = sqlitedb.ApiToken
	TokenInsertParams = sqlitedb.TokenInsertParams
	TokenRevokeParams = sqlitedb.TokenRevokeParams
	TokenTouchParams  = sqlitedb.TokenTouchParams
)

// ApplyOther runs fn's writes to the tables beside the instances and their history (the API
// tokens) in one transaction: on SQLite on the single writer connection (a second writer would
// only wait for its lock), on PostgreSQL as ordinary statements on the pool.
func (s *Store) ApplyOther(ctx context.Context, fn func(q Querier) error) error {
	return s.applyOther(ctx, fn)
}

// applyOther on SQLite: a job of the group committer that only uses its queries.
func (w *sqliteWriter) applyOther(ctx context.Context, fn func(q Querier) error) error {
	return w.write(ctx, false, func(tx WriteTx) error {
		t := tx.(*sqlWriteTx) // the writer's own transactions
		t.changed = true
		return fn(t.q)
	})
}
