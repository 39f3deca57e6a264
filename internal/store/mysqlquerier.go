package store

import (
	"context"
	"database/sql"

	"github.com/iims/iims/gen/mysqldb"
	"github.com/iims/iims/gen/sqlitedb"
)

// mysqlQuerier makes gen/mysqldb satisfy gen/sqlitedb's Querier, as pgQuerier does for gen/pgdb:
// the generated structs are identical (sqlc.yaml's overrides), so most methods are a conversion.
// MySQL has no RETURNING: the token writes read their row back.
type mysqlQuerier struct{ q *mysqldb.Queries }

var _ Querier = mysqlQuerier{}

func (m mysqlQuerier) InstanceGet(ctx context.Context, id int64) (Instance, error) {
	r, err := m.q.InstanceGet(ctx, id)
	return Instance(r), err
}

func (m mysqlQuerier) InstanceGetByName(ctx context.Context, name string) (Instance, error) {
	r, err := m.q.InstanceGetByName(ctx, name)
	return Instance(r), err
}

func (m mysqlQuerier) InstanceForUpdateByName(ctx context.Context, name string) (Instance, error) {
	r, err := m.q.InstanceForUpdateByName(ctx, name)
	return Instance(r), err
}

func (m mysqlQuerier) InstancesForUpdate(ctx context.Context, ids []int64) ([]Instance, error) {
	rows, err := m.q.InstancesForUpdate(ctx, ids)
	out := make([]Instance, len(rows))
	for i, r := range rows {
		out[i] = Instance(r)
	}
	return out, err
}

func (m mysqlQuerier) InstanceInsert(ctx context.Context, arg sqlitedb.InstanceInsertParams) error {
	return m.q.InstanceInsert(ctx, mysqldb.InstanceInsertParams(arg))
}

func (m mysqlQuerier) InstanceDelete(ctx context.Context, arg sqlitedb.InstanceDeleteParams) (int64, error) {
	return m.q.InstanceDelete(ctx, mysqldb.InstanceDeleteParams(arg))
}

func (m mysqlQuerier) HistoryInsert(ctx context.Context, arg sqlitedb.HistoryInsertParams) error {
	return m.q.HistoryInsert(ctx, mysqldb.HistoryInsertParams(arg))
}

func (m mysqlQuerier) HistoryGet(ctx context.Context, historyID int64) (HistoryRecord, error) {
	r, err := m.q.HistoryGet(ctx, historyID)
	return HistoryRecord(r), err
}

func (m mysqlQuerier) HistoryFirstOf(ctx context.Context, originalID int64) (int64, error) {
	return m.q.HistoryFirstOf(ctx, originalID)
}

func (m mysqlQuerier) HistoryLastOf(ctx context.Context, originalID int64) (HistoryRecord, error) {
	r, err := m.q.HistoryLastOf(ctx, originalID)
	return HistoryRecord(r), err
}

func (m mysqlQuerier) HistoryLastBefore(ctx context.Context, arg sqlitedb.HistoryLastBeforeParams) (HistoryRecord, error) {
	r, err := m.q.HistoryLastBefore(ctx, mysqldb.HistoryLastBeforeParams(arg))
	return HistoryRecord(r), err
}

func (m mysqlQuerier) HistoryRange(ctx context.Context, arg sqlitedb.HistoryRangeParams) ([]HistoryRecord, error) {
	return historyRecords(m.q.HistoryRange(ctx, mysqldb.HistoryRangeParams{AfterID: arg.AfterID, UpTo: arg.UpTo, Limit: int32(arg.MaxRows)}))
}

func (m mysqlQuerier) HistoryByRequestID(ctx context.Context, arg sqlitedb.HistoryByRequestIDParams) ([]HistoryRecord, error) {
	return historyRecords(m.q.HistoryByRequestID(ctx, mysqldb.HistoryByRequestIDParams{RequestID: arg.RequestID, Limit: int32(arg.MaxRecords)}))
}

func historyRecords(rows []mysqldb.InstanceHistory, err error) ([]HistoryRecord, error) {
	out := make([]HistoryRecord, len(rows))
	for i, r := range rows {
		out[i] = HistoryRecord(r)
	}
	return out, err
}

func (m mysqlQuerier) TreeHeadLatest(ctx context.Context) (TreeHead, error) {
	r, err := m.q.TreeHeadLatest(ctx)
	return TreeHead(r), err
}

func (m mysqlQuerier) TreeHeadInsert(ctx context.Context, arg sqlitedb.TreeHeadInsertParams) error {
	return m.q.TreeHeadInsert(ctx, mysqldb.TreeHeadInsertParams(arg))
}

func (m mysqlQuerier) TreeHeads(ctx context.Context) ([]TreeHead, error) {
	rows, err := m.q.TreeHeads(ctx)
	out := make([]TreeHead, len(rows))
	for i, r := range rows {
		out[i] = TreeHead(r)
	}
	return out, err
}

func (m mysqlQuerier) TokenByHash(ctx context.Context, tokenHash string) (Token, error) {
	r, err := m.q.TokenByHash(ctx, tokenHash)
	return Token(r), err
}

func (m mysqlQuerier) TokenGet(ctx context.Context, id int64) (Token, error) {
	r, err := m.q.TokenGet(ctx, id)
	return Token(r), err
}

func (m mysqlQuerier) TokenGetByName(ctx context.Context, name string) (Token, error) {
	r, err := m.q.TokenGetByName(ctx, name)
	return Token(r), err
}

func (m mysqlQuerier) TokenInsert(ctx context.Context, arg sqlitedb.TokenInsertParams) (Token, error) {
	id, err := m.q.TokenInsert(ctx, mysqldb.TokenInsertParams(arg))
	if err != nil {
		return Token{}, err
	}
	return m.TokenGet(ctx, id)
}

func (m mysqlQuerier) TokenList(ctx context.Context) ([]Token, error) {
	rows, err := m.q.TokenList(ctx)
	out := make([]Token, len(rows))
	for i, r := range rows {
		out[i] = Token(r)
	}
	return out, err
}

// TokenRevoke answers as the other engines' UPDATE … RETURNING does: the row when it revoked
// one, sql.ErrNoRows when the token is unknown or was revoked already.
func (m mysqlQuerier) TokenRevoke(ctx context.Context, arg sqlitedb.TokenRevokeParams) (Token, error) {
	n, err := m.q.TokenRevoke(ctx, mysqldb.TokenRevokeParams(arg))
	if err != nil {
		return Token{}, err
	}
	if n == 0 {
		return Token{}, sql.ErrNoRows
	}
	return m.TokenGet(ctx, arg.ID)
}

func (m mysqlQuerier) TokenTouch(ctx context.Context, arg sqlitedb.TokenTouchParams) error {
	return m.q.TokenTouch(ctx, mysqldb.TokenTouchParams(arg))
}
