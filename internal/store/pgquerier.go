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

func (p pgQuerier) InstanceForUpdateByName(ctx context.Context, name string) (Instance, error) {
	r, err := p.q.InstanceForUpdateByName(ctx, name)
	return Instance(r), err
}

func (p pgQuerier) InstancesForUpdate(ctx context.Context, ids []int64) ([]Instance, error) {
	rows, err := p.q.InstancesForUpdate(ctx, ids)
	out := make([]Instance, len(rows))
	for i, r := range rows {
		out[i] = Instance(r)
	}
	return out, err
}

func (p pgQuerier) InstanceInsert(ctx context.Context, arg sqlitedb.InstanceInsertParams) error {
	return p.q.InstanceInsert(ctx, pgdb.InstanceInsertParams(arg))
}

func (p pgQuerier) InstanceDelete(ctx context.Context, arg sqlitedb.InstanceDeleteParams) (int64, error) {
	return p.q.InstanceDelete(ctx, pgdb.InstanceDeleteParams(arg))
}

func (p pgQuerier) HistoryInsert(ctx context.Context, arg sqlitedb.HistoryInsertParams) error {
	return p.q.HistoryInsert(ctx, pgdb.HistoryInsertParams(arg))
}

func (p pgQuerier) HistoryGet(ctx context.Context, historyID int64) (HistoryRecord, error) {
	r, err := p.q.HistoryGet(ctx, historyID)
	return HistoryRecord(r), err
}

func (p pgQuerier) HistoryFirstOf(ctx context.Context, originalID int64) (int64, error) {
	return p.q.HistoryFirstOf(ctx, originalID)
}

func (p pgQuerier) HistoryLastOf(ctx context.Context, originalID int64) (HistoryRecord, error) {
	r, err := p.q.HistoryLastOf(ctx, originalID)
	return HistoryRecord(r), err
}

func (p pgQuerier) HistoryRange(ctx context.Context, arg sqlitedb.HistoryRangeParams) ([]HistoryRecord, error) {
	rows, err := p.q.HistoryRange(ctx, pgdb.HistoryRangeParams(arg))
	out := make([]HistoryRecord, len(rows))
	for i, r := range rows {
		out[i] = HistoryRecord(r)
	}
	return out, err
}

func (p pgQuerier) TreeHeadInsert(ctx context.Context, arg sqlitedb.TreeHeadInsertParams) error {
	return p.q.TreeHeadInsert(ctx, pgdb.TreeHeadInsertParams(arg))
}

func (p pgQuerier) TreeHeadLatest(ctx context.Context) (sqlitedb.HistoryTreeHead, error) {
	r, err := p.q.TreeHeadLatest(ctx)
	return sqlitedb.HistoryTreeHead(r), err
}

func (p pgQuerier) TreeHeads(ctx context.Context) ([]sqlitedb.HistoryTreeHead, error) {
	rows, err := p.q.TreeHeads(ctx)
	out := make([]sqlitedb.HistoryTreeHead, len(rows))
	for i, r := range rows {
		out[i] = sqlitedb.HistoryTreeHead(r)
	}
	return out, err
}

func (p pgQuerier) HistoryLastBefore(ctx context.Context, arg sqlitedb.HistoryLastBeforeParams) (HistoryRecord, error) {
	r, err := p.q.HistoryLastBefore(ctx, pgdb.HistoryLastBeforeParams(arg))
	return HistoryRecord(r), err
}

func (p pgQuerier) HistoryByRequestID(ctx context.Context, arg sqlitedb.HistoryByRequestIDParams) ([]HistoryRecord, error) {
	rows, err := p.q.HistoryByRequestID(ctx, pgdb.HistoryByRequestIDParams(arg))
	out := make([]HistoryRecord, len(rows))
	for i, r := range rows {
		out[i] = HistoryRecord(r)
	}
	return out, err
}
