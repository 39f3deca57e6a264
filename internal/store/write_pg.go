package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/iims/iims/gen/pgdb"
)

// pgWriteTx is a PostgreSQL write transaction in as few round trips as it can be: its first read
// is sent together with BEGIN, and its changes are queued and sent together with COMMIT. An
// update is two round trips: BEGIN + SELECT … FOR UPDATE, then UPDATE + INSERT history + COMMIT.
// (No cluster-wide lock: events are put in commit-safe order by their readers, see follow.go.)
type pgWriteTx struct {
	pool   *pgxpool.Pool
	conn   *pgxpool.Conn
	began  bool          // BEGIN has been sent
	reads  *pgdb.Queries // run at once (the first one with BEGIN)
	writes *pgdb.Queries // queued into staged
	staged pgx.Batch
	guards []guard // one per staged statement
}

// guard is what a staged statement must do: change one row (a versioned Update or Delete).
type guard struct {
	oneRow       bool
	id, expected int64
}

// pgRollbackTimeout bounds the ROLLBACK that ends an abandoned transaction.
const pgRollbackTimeout = 5 * time.Second

func pgWrite(pool *pgxpool.Pool) func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
	return func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
		tx := &pgWriteTx{pool: pool}
		tx.reads = pgdb.New(readsDBTX{tx})
		tx.writes = pgdb.New(stagingDBTX{tx})
		defer tx.release()
		if err := fn(tx); err != nil {
			return err
		}
		return tx.finish(ctx, dryRun)
	}
}

func (t *pgWriteTx) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	if t.conn == nil {
		c, err := t.pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		t.conn = c
	}
	return t.conn, nil
}

// finish sends the queued changes and the end of the transaction (COMMIT; ROLLBACK for a dry
// run) in one batch, and returns the first failure among them.
func (t *pgWriteTx) finish(ctx context.Context, dryRun bool) error {
	if len(t.guards) == 0 && !t.began {
		return nil // nothing read, nothing written
	}
	conn, err := t.acquire(ctx)
	if err != nil {
		return err
	}
	var b pgx.Batch
	sendBegin := !t.began
	if sendBegin {
		b.Queue("BEGIN")
	}
	b.QueuedQueries = append(b.QueuedQueries, t.staged.QueuedQueries...)
	if dryRun {
		b.Queue("ROLLBACK")
	} else {
		b.Queue("COMMIT")
	}
	t.began = true
	br := conn.SendBatch(ctx, &b)
	err = t.readResults(br, sendBegin)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

func (t *pgWriteTx) readResults(br pgx.BatchResults, sentBegin bool) error {
	if sentBegin {
		if _, err := br.Exec(); err != nil {
			return err
		}
	}
	for _, g := range t.guards {
		tag, err := br.Exec()
		if err != nil {
			return err
		}
		if g.oneRow && tag.RowsAffected() != 1 {
			return &VersionConflictError{ID: g.id, Expected: g.expected}
		}
	}
	if _, err := br.Exec(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// release ends a transaction that did not finish (rolling it back) and gives the connection back.
func (t *pgWriteTx) release() {
	if t.conn == nil {
		return
	}
	if status := t.conn.Conn().PgConn().TxStatus(); status != 'I' {
		ctx, cancel := context.WithTimeout(context.Background(), pgRollbackTimeout)
		if _, err := t.conn.Exec(ctx, "ROLLBACK"); err != nil {
			_ = t.conn.Conn().Close(ctx) // in an unknown state: never give it back to the pool
		}
		cancel()
	}
	t.conn.Release()
	t.conn = nil
}

func (t *pgWriteTx) stage(oneRow bool, id, expected int64, write func() error, rec HistoryInsertParams) error {
	n := t.staged.Len()
	if err := write(); err != nil {
		return err
	}
	t.guards = append(t.guards, guard{oneRow: oneRow, id: id, expected: expected})
	if err := t.writes.HistoryInsert(context.Background(), pgdb.HistoryInsertParams(rec)); err != nil {
		return err
	}
	t.guards = append(t.guards, guard{})
	if t.staged.Len() != n+2 {
		return errors.New("pgWriteTx: a change did not queue exactly two statements")
	}
	return nil
}

func (t *pgWriteTx) Lock(ctx context.Context, ids ...int64) ([]Instance, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := t.reads.InstancesForUpdate(ctx, ids)
	out := make([]Instance, len(rows))
	for i, r := range rows {
		out[i] = Instance(r)
	}
	return out, err
}

func (t *pgWriteTx) LockByName(ctx context.Context, name string) (Instance, error) {
	r, err := t.reads.InstanceForUpdateByName(ctx, name)
	return Instance(r), err
}

func (t *pgWriteTx) LastRecord(ctx context.Context, originalID int64) (HistoryRecord, error) {
	r, err := t.reads.HistoryLastOf(ctx, originalID)
	return HistoryRecord(r), err
}

func (t *pgWriteTx) LastBefore(ctx context.Context, originalID, beforeID int64) (HistoryRecord, error) {
	r, err := t.reads.HistoryLastBefore(ctx, pgdb.HistoryLastBeforeParams{OriginalID: originalID, BeforeID: beforeID})
	return HistoryRecord(r), err
}

func (t *pgWriteTx) Record(ctx context.Context, historyID int64) (HistoryRecord, error) {
	r, err := t.reads.HistoryGet(ctx, historyID)
	return HistoryRecord(r), err
}

func (t *pgWriteTx) NextInstanceID(ctx context.Context) (int64, error) {
	var id int64
	err := readsDBTX{t}.QueryRow(ctx, "SELECT nextval('instances_id_seq')").Scan(&id)
	return id, err
}

func (t *pgWriteTx) Insert(ctx context.Context, inst InstanceInsertParams, rec HistoryInsertParams) error {
	return t.stage(false, inst.ID, 0, func() error { return t.writes.InstanceInsert(ctx, pgdb.InstanceInsertParams(inst)) }, rec)
}

func (t *pgWriteTx) Update(_ context.Context, upd InstanceUpdateParams, changed []string, rec HistoryInsertParams) error {
	return t.stage(true, upd.ID, upd.ExpectedVersion, func() error {
		query, args, err := instanceUpdateSQL(postgresDialect, upd, changed)
		if err == nil {
			t.staged.Queue(query, args...)
		}
		return err
	}, rec)
}

func (t *pgWriteTx) Delete(ctx context.Context, del InstanceDeleteParams, rec HistoryInsertParams) error {
	return t.stage(true, del.ID, del.ExpectedVersion, func() error {
		_, err := t.writes.InstanceDelete(ctx, pgdb.InstanceDeleteParams(del))
		return err
	}, rec)
}

func (t *pgWriteTx) AppendTreeHead(ctx context.Context, head TreeHeadInsertParams) error {
	if err := t.writes.TreeHeadInsert(ctx, pgdb.TreeHeadInsertParams(head)); err != nil {
		return err
	}
	t.guards = append(t.guards, guard{})
	return nil
}

// readsDBTX runs the generated queries at once; the transaction's first one goes out in the same
// round trip as its BEGIN.
type readsDBTX struct{ t *pgWriteTx }

func (d readsDBTX) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, errors.New("pgWriteTx: changes are staged, not executed")
}

func (d readsDBTX) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	conn, err := d.t.acquire(ctx)
	if err != nil {
		return nil, err
	}
	if d.t.began {
		return conn.Query(ctx, sql, args...)
	}
	var b pgx.Batch
	b.Queue("BEGIN")
	b.Queue(sql, args...)
	d.t.began = true
	br := conn.SendBatch(ctx, &b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return batchRows{Rows: rows, br: br}, nil
}

func (d readsDBTX) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	rows, err := d.Query(ctx, sql, args...)
	return firstRow{rows: rows, err: err}
}

// batchRows are the rows of a batch's last query: closing them closes the batch.
type batchRows struct {
	pgx.Rows
	br pgx.BatchResults
}

func (r batchRows) Close() {
	r.Rows.Close()
	_ = r.br.Close()
}

// firstRow is pgx.Row over rows, as pgx's own QueryRow: the first row, or ErrNoRows.
type firstRow struct {
	rows pgx.Rows
	err  error
}

func (r firstRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}

// stagingDBTX queues the generated statements into the transaction's batch.
type stagingDBTX struct{ t *pgWriteTx }

func (d stagingDBTX) Exec(_ context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	d.t.staged.Queue(sql, args...)
	return pgconn.CommandTag{}, nil // the real tag comes with the commit's batch
}

func (d stagingDBTX) Query(context.Context, string, ...any) (pgx.Rows, error) {
	return nil, errors.New("pgWriteTx: staged statements return no rows")
}

func (d stagingDBTX) QueryRow(context.Context, string, ...any) pgx.Row {
	return firstRow{err: errors.New("pgWriteTx: staged statements return no rows")}
}
