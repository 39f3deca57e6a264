package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/iims/iims/gen/sqlitedb"
)

// sqliteWriter runs every write of a SQLite store on its one writer connection and groups the
// writes that wait into one transaction: each runs in a savepoint of its own (so each succeeds or
// fails alone), and one commit covers the group. A page that several writes of the group change
// is written once, and BEGIN IMMEDIATE and COMMIT are paid once per group instead of per write.
type sqliteWriter struct {
	db   *sql.DB
	jobs chan *writeJob
	mu   sync.RWMutex // held for reading while submitting, for writing while closing
	done bool
	quit chan struct{}
}

// maxGroup bounds how many writes share one commit (and so how long the last of them waits).
const maxGroup = 64

type writeJob struct {
	ctx    context.Context
	dryRun bool
	fn     func(WriteTx) error
	result chan jobResult
}

type jobResult struct {
	err   error
	panic any
}

func newSQLiteWriter(db *sql.DB) *sqliteWriter {
	w := &sqliteWriter{db: db, jobs: make(chan *writeJob, maxGroup), quit: make(chan struct{})}
	go w.run()
	return w
}

// write submits one write and waits for its outcome: after the commit of its group.
func (w *sqliteWriter) write(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
	job := &writeJob{ctx: ctx, dryRun: dryRun, fn: fn, result: make(chan jobResult, 1)}
	w.mu.RLock()
	if w.done {
		w.mu.RUnlock()
		return errors.New("the store is closed")
	}
	select {
	case w.jobs <- job:
		w.mu.RUnlock()
	case <-ctx.Done():
		w.mu.RUnlock()
		return ctx.Err()
	}
	r := <-job.result // once taken, a write finishes even if its caller leaves: all or nothing
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

func (w *sqliteWriter) close() {
	w.mu.Lock()
	if !w.done {
		w.done = true
		close(w.jobs)
	}
	w.mu.Unlock()
	<-w.quit
}

func (w *sqliteWriter) run() {
	defer close(w.quit)
	for job := range w.jobs {
		group := []*writeJob{job}
	more:
		for len(group) < maxGroup {
			select {
			case j, ok := <-w.jobs:
				if !ok {
					break more
				}
				group = append(group, j)
			default:
				break more
			}
		}
		w.runGroup(group)
	}
}

// runGroup runs a group of writes in one transaction and tells each its outcome after the commit.
func (w *sqliteWriter) runGroup(group []*writeJob) {
	results := make([]jobResult, len(group))
	err := w.inGroupTx(func(tx *sql.Tx) error {
		db := tracedDB{tx}
		q := sqlitedb.New(db)
		for i, job := range group {
			if err := job.ctx.Err(); err != nil {
				results[i].err = err // its caller gave up before its turn: nothing was written
				continue
			}
			r, err := runInSavepoint(tx, job, &sqliteWriteTx{q: q, db: db, ctx: context.WithoutCancel(job.ctx)})
			if err != nil {
				return err // the transaction itself failed: the whole group fails
			}
			results[i] = r
		}
		return nil
	})
	for i, job := range group {
		r := results[i]
		if err != nil && r.err == nil && r.panic == nil {
			r.err = err
		}
		if errors.Is(r.err, errRolledBack) {
			r.err = nil
		}
		job.result <- r
	}
}

func (w *sqliteWriter) inGroupTx(fn func(tx *sql.Tx) error) error {
	tx, err := w.db.BeginTx(context.Background(), nil) // BEGIN IMMEDIATE (the writer's _txlock)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// runInSavepoint runs one write; a failed (or dry) write is rolled back to its savepoint and
// leaves the group's other writes alone. The error it returns is the transaction's own.
func runInSavepoint(tx *sql.Tx, job *writeJob, wtx *sqliteWriteTx) (r jobResult, txErr error) {
	if _, err := tx.Exec("SAVEPOINT write"); err != nil {
		return r, err
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				r.panic = p
			}
		}()
		r.err = job.fn(wtx)
		if r.err == nil && job.dryRun {
			r.err = errRolledBack
		}
	}()
	if r.err != nil || r.panic != nil {
		if _, err := tx.Exec("ROLLBACK TO write"); err != nil {
			return r, err
		}
	}
	_, err := tx.Exec("RELEASE write")
	return r, err
}

// sqliteWriteTx runs each statement at once, on the group's transaction. Its statements run to
// the end even if the caller leaves (ctx has no cancellation): an interrupted statement could roll
// back the whole group's transaction.
type sqliteWriteTx struct {
	q   *sqlitedb.Queries
	db  sqlDB
	ctx context.Context
}

func (t *sqliteWriteTx) Lock(_ context.Context, ids ...int64) ([]Instance, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return t.q.InstancesForUpdate(t.ctx, ids)
}

func (t *sqliteWriteTx) LockByName(_ context.Context, name string) (Instance, error) {
	return t.q.InstanceForUpdateByName(t.ctx, name)
}

func (t *sqliteWriteTx) LastRecord(_ context.Context, originalID int64) (HistoryRecord, error) {
	return t.q.HistoryLastOf(t.ctx, originalID)
}

// The writer is the only one taking ids, so the next AUTOINCREMENT value is free until it commits.
const sqliteNextInstanceID = `SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'instances'), 0) + 1`

func (t *sqliteWriteTx) NextInstanceID(context.Context) (int64, error) {
	var id int64
	err := t.db.QueryRowContext(t.ctx, sqliteNextInstanceID).Scan(&id)
	return id, err
}

func (t *sqliteWriteTx) Insert(_ context.Context, inst InstanceInsertParams, rec HistoryInsertParams) error {
	if err := t.q.InstanceInsert(t.ctx, inst); err != nil {
		return err
	}
	return t.q.HistoryInsert(t.ctx, rec)
}

func (t *sqliteWriteTx) Update(_ context.Context, upd InstanceUpdateParams, rec HistoryInsertParams) error {
	n, err := t.q.InstanceUpdate(t.ctx, upd)
	if err != nil {
		return err
	}
	if n != 1 {
		return &VersionConflictError{ID: upd.ID, Expected: upd.ExpectedVersion}
	}
	return t.q.HistoryInsert(t.ctx, rec)
}

func (t *sqliteWriteTx) Delete(_ context.Context, del InstanceDeleteParams, rec HistoryInsertParams) error {
	n, err := t.q.InstanceDelete(t.ctx, del)
	if err != nil {
		return err
	}
	if n != 1 {
		return &VersionConflictError{ID: del.ID, Expected: del.ExpectedVersion}
	}
	return t.q.HistoryInsert(t.ctx, rec)
}

func (t *sqliteWriteTx) AppendTreeHead(_ context.Context, head TreeHeadInsertParams) error {
	return t.q.TreeHeadInsert(t.ctx, head)
}
