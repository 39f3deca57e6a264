package store

import (
	"context"

	"github.com/iims/iims/gen/pgdb"
	"github.com/iims/iims/gen/sqlitedb"
)

// pgQuerier makes gen/pgdb satisfy gen/sqlitedb's Querier. The generated structs are identical,
// so each method is a plain struct conversion; if the two schemas ever drift apart, this file
// stops compiling.
type pgQuerier struct{ q *pgdb.Queries }

var _ Querier = pgQuerier{}

func (p pgQuerier) InstanceGet(ctx context.Context, id int64) (Instance, error) {
	r, err := p.q.InstanceGet(ctx, id)
	return Instance(r), err
}

func (p pgQuerier) InstanceGetByName(ctx context.Context, name string) (Instance, error) {
	r, err := p.q.InstanceGetByName(ctx, name)
	return Instance(r), err
}

func (p pgQuerier) InstanceGetForUpdate(ctx context.Context, id int64) (Instance, error) {
	r, err := p.q.InstanceGetForUpdate(ctx, id)
	return Instance(r), err
}

func (p pgQuerier) InstanceInsert(ctx context.Context, arg sqlitedb.InstanceInsertParams) (Instance, error) {
	r, err := p.q.InstanceInsert(ctx, pgdb.InstanceInsertParams(arg))
	return Instance(r), err
}

func (p pgQuerier) InstanceUpdate(ctx context.Context, arg sqlitedb.InstanceUpdateParams) (Instance, error) {
	r, err := p.q.InstanceUpdate(ctx, pgdb.InstanceUpdateParams(arg))
	return Instance(r), err
}

func (p pgQuerier) InstanceDelete(ctx context.Context, arg sqlitedb.InstanceDeleteParams) (int64, error) {
	return p.q.InstanceDelete(ctx, pgdb.InstanceDeleteParams(arg))
}

func (p pgQuerier) HistoryInsert(ctx context.Context, arg sqlitedb.HistoryInsertParams) (HistoryRecord, error) {
	r, err := p.q.HistoryInsert(ctx, pgdb.HistoryInsertParams(arg))
	return HistoryRecord(r), err
}

func (p pgQuerier) HistoryGet(ctx context.Context, historyID int64) (HistoryRecord, error) {
	r, err := p.q.HistoryGet(ctx, historyID)
	return HistoryRecord(r), err
}

func (p pgQuerier) HistoryFirstOf(ctx context.Context, originalID int64) (int64, error) {
	return p.q.HistoryFirstOf(ctx, originalID)
}

func (p pgQuerier) HistoryTail(ctx context.Context) (sqlitedb.HistoryTailRow, error) {
	r, err := p.q.HistoryTail(ctx)
	return sqlitedb.HistoryTailRow(r), err
}

func (p pgQuerier) HistoryLastID(ctx context.Context) (int64, error) { return p.q.HistoryLastID(ctx) }

func (p pgQuerier) HistorySince(ctx context.Context, arg sqlitedb.HistorySinceParams) ([]HistoryRecord, error) {
	rows, err := p.q.HistorySince(ctx, pgdb.HistorySinceParams(arg))
	out := make([]HistoryRecord, len(rows))
	for i, r := range rows {
		out[i] = HistoryRecord(r)
	}
	return out, err
}

func (p pgQuerier) HistoryLock(ctx context.Context) error { return p.q.HistoryLock(ctx) }

func (p pgQuerier) EventNotify(ctx context.Context, historyID string) error {
	return p.q.EventNotify(ctx, historyID)
}
