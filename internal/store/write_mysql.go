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

// mysqlMaxAttempts bounds the retries of a transaction InnoDB chose as a deadlock victim: the
// domain's write functions can run again from the start.
const mysqlMaxAttempts = 4

func mysqlWrite(db *sql.DB) func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
	return func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
		return mysqlRetry(ctx, func() error {
			err := mysqlTx(ctx, db, func(tx *sql.Tx) error {
				if err := fn(mysqlWriteTx(ctx, tx)); err != nil {
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
	// Also on a panic in fn: an open transaction would keep its row locks and the history
	// sequence row, stalling every writer. (After Commit, Rollback does nothing.)
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// mysqlRetry runs attempt again when InnoDB rolled it back as a deadlock victim, a few times,
// backing off; other errors, and success, end it.
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

// isRetryable reports a MySQL deadlock (1213): InnoDB rolled the transaction back at once and it
// may simply run again. A lock wait timeout (1205) is not retried: it comes only after
// innodb_lock_wait_timeout (50 s by default) behind a long holder, so retries would keep a
// caller waiting minutes; it is a 503 to retry later (IsUnavailable) instead.
func isRetryable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1213
}

// mysqlWriteTx is a WriteTx on one MySQL transaction: instance ids from instance_id_sequence, and
// the history_sequence row taken before the first change.
func mysqlWriteTx(ctx context.Context, tx *sql.Tx) *sqlWriteTx {
	held := false
	return &sqlWriteTx{ctx: ctx, q: mysqlQuerier{mysqldb.New(tx)}, db: tx, d: mysqlDialect,
		beforeChange: func() error {
			if held {
				return nil
			}
			// Held through commit: transactions that change something commit one after another,
			// so history ids (AUTO_INCREMENT, taken after this) are in commit order.
			var one int
			if err := tx.QueryRowContext(ctx, "SELECT 1 FROM history_sequence WHERE id = 1 FOR UPDATE").Scan(&one); err != nil {
				return err
			}
			held = true
			return nil
		},
		nextID: func(ctx context.Context) (int64, error) {
			// Take an id from instance_id_sequence and remove its row: only the counter is needed.
			res, err := tx.ExecContext(ctx, "INSERT INTO instance_id_sequence () VALUES ()")
			if err != nil {
				return 0, err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return 0, err
			}
			_, err = tx.ExecContext(ctx, "DELETE FROM instance_id_sequence WHERE id = ?", id)
			return id, err
		}}
}
