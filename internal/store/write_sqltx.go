package store

import "context"

// sqlWriteTx is the WriteTx of the engines written through database/sql — SQLite (inside the
// group committer's transaction) and MySQL — whose statements are the same: each runs at once on
// the transaction. What differs is handed in: beforeChange (MySQL: take the history sequence row
// before the first change, so history ids follow commit order) and nextID (how an instance id is
// taken). Its statements run to the end even if the caller leaves (ctx has no cancellation on
// SQLite): an interrupted statement could roll back a whole group.
type sqlWriteTx struct {
	ctx          context.Context
	q            Querier
	db           sqlDB
	d            dialect
	beforeChange func() error // nil: nothing to do
	nextID       func(ctx context.Context) (int64, error)
	changed      bool // it wrote something (SQLite: a failure then needs the group rolled back)
}

func (t *sqlWriteTx) Lock(_ context.Context, ids ...int64) ([]Instance, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return t.q.InstancesForUpdate(t.ctx, ids)
}

func (t *sqlWriteTx) LockByName(_ context.Context, name string) (Instance, error) {
	return t.q.InstanceForUpdateByName(t.ctx, name)
}

func (t *sqlWriteTx) LastRecord(_ context.Context, originalID int64) (HistoryRecord, error) {
	return t.q.HistoryLastOf(t.ctx, originalID)
}

func (t *sqlWriteTx) LastBefore(_ context.Context, originalID, beforeID int64) (HistoryRecord, error) {
	return t.q.HistoryLastBefore(t.ctx, HistoryLastBeforeParams{OriginalID: originalID, BeforeID: beforeID})
}

func (t *sqlWriteTx) Record(_ context.Context, historyID int64) (HistoryRecord, error) {
	return t.q.HistoryGet(t.ctx, historyID)
}

func (t *sqlWriteTx) NextInstanceID(context.Context) (int64, error) { return t.nextID(t.ctx) }

// change runs before every statement that changes an instance.
func (t *sqlWriteTx) change() error {
	t.changed = true
	if t.beforeChange == nil {
		return nil
	}
	return t.beforeChange()
}

func (t *sqlWriteTx) Insert(_ context.Context, inst InstanceInsertParams, rec HistoryInsertParams) error {
	if err := t.change(); err != nil {
		return err
	}
	if err := t.q.InstanceInsert(t.ctx, inst); err != nil {
		return err
	}
	return t.q.HistoryInsert(t.ctx, rec)
}

func (t *sqlWriteTx) Update(_ context.Context, upd InstanceUpdateParams, changed []string, rec HistoryInsertParams) error {
	if err := t.change(); err != nil {
		return err
	}
	query, args, err := instanceUpdateSQL(t.d, upd, changed)
	if err != nil {
		return err
	}
	res, err := t.db.ExecContext(t.ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return &VersionConflictError{ID: upd.ID, Expected: upd.ExpectedVersion}
	}
	return t.q.HistoryInsert(t.ctx, rec)
}

func (t *sqlWriteTx) Delete(_ context.Context, del InstanceDeleteParams, rec HistoryInsertParams) error {
	if err := t.change(); err != nil {
		return err
	}
	n, err := t.q.InstanceDelete(t.ctx, del)
	if err != nil {
		return err
	}
	if n != 1 {
		return &VersionConflictError{ID: del.ID, Expected: del.ExpectedVersion}
	}
	return t.q.HistoryInsert(t.ctx, rec)
}

// AppendTreeHead writes no instance: it marks the transaction written, without beforeChange.
func (t *sqlWriteTx) AppendTreeHead(_ context.Context, head TreeHeadInsertParams) error {
	t.changed = true
	return t.q.TreeHeadInsert(t.ctx, head)
}
