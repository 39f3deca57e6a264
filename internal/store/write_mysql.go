package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/iims/iims/gen/mysqldb"
)

// MySQL writes run as ordinary transactions (READ COMMITTED) with row locks, like PostgreSQL's but
// statement by statement. What PostgreSQL's follower learns from transaction snapshots, MySQL
// cannot tell, so history ids must be handed out in commit order (ADR 0008): before its first
// change a write locks the one row of history_sequence and holds it through its commit. Writers
// still read and lock their instances in parallel; only their changes and commits take turns.

// mysqlMaxAttempts bounds the retries of a transaction InnoDB chose as a deadlock victim (or that
// waited too long for a lock): the domain's write functions can run again from the start.
const mysqlMaxAttempts = 4

func mysqlWrite(db *sql.DB) func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
	return func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
		return mysqlRetry(ctx, func() error {
			err := mysqlTx(ctx, db, func(tx *sql.Tx) error {
				t := &mysqlWriteTx{ctx: ctx, tx: tx, q: mysqldb.New(tx)}
				if err := fn(t); err != nil {
					return err
				}
				if dryRun {
					return errRolledBack
				}
				return nil
			})
			if errors.Is(err, errRolledBack) {
				return nil
			}
			return err
		})
	}
}

// mysqlTx runs fn in a READ COMMITTED transaction (no gap locks: concurrent creates of different
// names do not block each other), committing when fn returns nil.
func mysqlTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// mysqlRetry runs attempt again when InnoDB rolled it back as a deadlock victim or after a lock
// wait timeout, a few times, backing off; other errors, and success, end it.
func mysqlRetry(ctx context.Context, attempt func() error) error {
	var err error
	for i := range mysqlMaxAttempts {
		if err = attempt(); !isRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(i+1) * 5 * time.Millisecond):
		}
	}
	return err
}

// isRetryable reports a MySQL deadlock (1213) or lock wait timeout (1205): the transaction was
// rolled back and may simply run again.
func isRetryable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// mysqlWriteTx runs each statement at once on the transaction.
type mysqlWriteTx struct {
	ctx      context.Context
	tx       *sql.Tx
	q        *mysqldb.Queries
	sequence bool // the history_sequence lock is held
}

func (t *mysqlWriteTx) Lock(_ context.Context, ids ...int64) ([]Instance, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return mysqlQuerier{t.q}.InstancesForUpdate(t.ctx, ids)
}

func (t *mysqlWriteTx) LockByName(_ context.Context, name string) (Instance, error) {
	return mysqlQuerier{t.q}.InstanceForUpdateByName(t.ctx, name)
}

func (t *mysqlWriteTx) LastRecord(_ context.Context, originalID int64) (HistoryRecord, error) {
	return mysqlQuerier{t.q}.HistoryLastOf(t.ctx, originalID)
}

func (t *mysqlWriteTx) LastBefore(_ context.Context, originalID, beforeID int64) (HistoryRecord, error) {
	r, err := t.q.HistoryLastBefore(t.ctx, mysqldb.HistoryLastBeforeParams{OriginalID: originalID, BeforeID: beforeID})
	return HistoryRecord(r), err
}

func (t *mysqlWriteTx) Record(_ context.Context, historyID int64) (HistoryRecord, error) {
	return mysqlQuerier{t.q}.HistoryGet(t.ctx, historyID)
}

// NextInstanceID takes an id from instance_id_sequence (and removes its row: only the counter is
// needed).
func (t *mysqlWriteTx) NextInstanceID(context.Context) (int64, error) {
	res, err := t.tx.ExecContext(t.ctx, "INSERT INTO instance_id_sequence () VALUES ()")
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	_, err = t.tx.ExecContext(t.ctx, "DELETE FROM instance_id_sequence WHERE id = ?", id)
	return id, err
}

// inSequence takes the history_sequence lock before the transaction's first change (once).
func (t *mysqlWriteTx) inSequence() error {
	if t.sequence {
		return nil
	}
	var commits int64
	if err := t.tx.QueryRowContext(t.ctx, "SELECT commits FROM history_sequence WHERE id = 1 FOR UPDATE").Scan(&commits); err != nil {
		return err
	}
	t.sequence = true
	return nil
}

func (t *mysqlWriteTx) Insert(_ context.Context, inst InstanceInsertParams, rec HistoryInsertParams) error {
	if err := t.inSequence(); err != nil {
		return err
	}
	if err := t.q.InstanceInsert(t.ctx, mysqldb.InstanceInsertParams(inst)); err != nil {
		return err
	}
	return t.q.HistoryInsert(t.ctx, mysqldb.HistoryInsertParams(rec))
}

func (t *mysqlWriteTx) Update(_ context.Context, upd InstanceUpdateParams, changed []string, rec HistoryInsertParams) error {
	if err := t.inSequence(); err != nil {
		return err
	}
	query, args, err := instanceUpdateSQL(mysqlDialect, upd, changed)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(t.ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return &VersionConflictError{ID: upd.ID, Expected: upd.ExpectedVersion}
	}
	return t.q.HistoryInsert(t.ctx, mysqldb.HistoryInsertParams(rec))
}

func (t *mysqlWriteTx) Delete(_ context.Context, del InstanceDeleteParams, rec HistoryInsertParams) error {
	if err := t.inSequence(); err != nil {
		return err
	}
	n, err := t.q.InstanceDelete(t.ctx, mysqldb.InstanceDeleteParams(del))
	if err != nil {
		return err
	}
	if n != 1 {
		return &VersionConflictError{ID: del.ID, Expected: del.ExpectedVersion}
	}
	return t.q.HistoryInsert(t.ctx, mysqldb.HistoryInsertParams(rec))
}

func (t *mysqlWriteTx) AppendTreeHead(_ context.Context, head TreeHeadInsertParams) error {
	return t.q.TreeHeadInsert(t.ctx, mysqldb.TreeHeadInsertParams(head))
}
