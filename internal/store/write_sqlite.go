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
// writes that wait into one transaction: each succeeds or fails alone (runGroup), and one commit
// covers the group. A page that several writes of the group change is written once, and BEGIN
// IMMEDIATE and COMMIT are paid once per group instead of per write.
type sqliteWriter struct {
	db    *sql.DB
	stmts *stmtCache
	jobs  chan *writeJob
	mu    sync.RWMutex // held for reading while submitting, for writing while closing
	done  bool
	quit  chan struct{}
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

func newSQLiteWriter(db *sql.DB, stmts *stmtCache) *sqliteWriter {
	w := &sqliteWriter{db: db, stmts: stmts, jobs: make(chan *writeJob, maxGroup), quit: make(chan struct{})}
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
		w.stmts.prepareWanted(context.Background())
	}
}

// runGroup runs a group of writes in one transaction and tells each its outcome after the
// commit. A write that fails before it changed anything (not found, a stale version, invalid
// input) simply fails. One that fails after it changed something (a duplicate name, a panic) has
// the transaction rolled back, and the others of the group run again without it: savepoints
// would isolate it too, but cost every write (SQLite journals each page they cover, and the
// full-text index flushes at each one). A dry run runs alone and is rolled back.
func (w *sqliteWriter) runGroup(group []*writeJob) {
	var grouped []*writeJob
	for _, job := range group {
		if job.dryRun {
			w.finish([]*writeJob{job}, w.attempt([]*writeJob{job}, true))
		} else {
			grouped = append(grouped, job)
		}
	}
	for len(grouped) > 0 {
		out := w.attempt(grouped, false)
		w.finish(grouped, out)
		grouped = out.rerun
	}
}

// attemptOutcome is what one transaction over a group did: each job's result, or, when a job
// failed after writing, that the others must run again (rerun).
type attemptOutcome struct {
	results []jobResult
	done    []bool // which jobs have their final result
	rerun   []*writeJob
}

func (w *sqliteWriter) attempt(jobs []*writeJob, dryRun bool) (out attemptOutcome) {
	out.results, out.done = make([]jobResult, len(jobs)), make([]bool, len(jobs))
	tx, err := w.db.BeginTx(context.Background(), nil) // BEGIN IMMEDIATE (the writer's _txlock)
	if err != nil {
		return out.failAll(fmt.Errorf("begin transaction: %w", err))
	}
	db := tracedDB{db: tx, stmts: w.stmts, tx: tx}
	q := sqlitedb.New(db)
	ran := make([]bool, len(jobs))
	for i, job := range jobs {
		if err := job.ctx.Err(); err != nil {
			out.results[i], out.done[i] = jobResult{err: err}, true // its caller gave up before its turn
			continue
		}
		wtx := sqliteWriteTx(context.WithoutCancel(job.ctx), q, db)
		r := runJob(job, wtx)
		out.results[i], ran[i] = r, true
		if (r.err != nil || r.panic != nil) && wtx.changed && !dryRun {
			_ = tx.Rollback()
			// Every other job runs again, those that already ran too: the rollback undid their
			// writes (and what they read included the failed job's), so their results are void.
			for j, other := range jobs {
				if j != i && (ran[j] || !out.done[j]) {
					out.done[j] = false
					out.rerun = append(out.rerun, other)
				}
			}
			out.done[i] = true
			return out
		}
		out.done[i] = true
	}
	if dryRun {
		if err := tx.Rollback(); err != nil {
			return out.failAll(fmt.Errorf("roll back the dry run: %w", err))
		}
		return out
	}
	if err := syncSearch(db); err != nil {
		_ = tx.Rollback()
		return out.failAll(err)
	}
	if err := tx.Commit(); err != nil {
		return out.failAll(fmt.Errorf("commit: %w", err))
	}
	return out
}

// sqliteSyncSearch brings the full-text index in step with the instances the transaction changed
// (noted by the triggers of migration 00008): out with what it held for them, in with what they
// are now. Once per commit: FTS5 writes a new index segment at every statement savepoint, so
// keeping it from triggers cost every statement of the transaction after the first change.
// Nothing reads the index inside a write transaction (writes find their rows by id or by name).
var sqliteSyncSearch = []string{
	`INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
	 SELECT 'delete', id, name, model_name, cluster_name, image_tag, description FROM instances_search_pending WHERE indexed = 1`,
	`INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
	 SELECT i.id, i.name, i.model_name, i.cluster_name, i.image_tag, i.description
	 FROM instances_search_pending p JOIN instances i ON i.id = p.id`,
	`DELETE FROM instances_search_pending`,
}

func syncSearch(db sqlDB) error {
	for _, stmt := range sqliteSyncSearch {
		if _, err := db.ExecContext(context.Background(), stmt); err != nil {
			return fmt.Errorf("update the search index: %w", err)
		}
	}
	return nil
}

// failAll fails every job that has no error of its own: the transaction itself failed.
func (out attemptOutcome) failAll(err error) attemptOutcome {
	for i := range out.results {
		if out.results[i].err == nil && out.results[i].panic == nil {
			out.results[i].err = err
		}
		out.done[i] = true
	}
	return out
}

// finish tells the jobs whose outcome is final.
func (w *sqliteWriter) finish(jobs []*writeJob, out attemptOutcome) {
	for i, job := range jobs {
		if !out.done[i] {
			continue
		}
		r := out.results[i]
		if errors.Is(r.err, errRolledBack) {
			r.err = nil
		}
		job.result <- r
	}
}

// runJob runs one write's function, catching its panic.
func runJob(job *writeJob, wtx *sqlWriteTx) (r jobResult) {
	defer func() {
		if p := recover(); p != nil {
			r.panic = p
		}
	}()
	r.err = job.fn(wtx)
	if r.err == nil && job.dryRun {
		r.err = errRolledBack
	}
	return r
}

// The writer is the only one taking ids, so the next AUTOINCREMENT value is free until it commits.
const sqliteNextInstanceID = `SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'instances'), 0) + 1`

// sqliteWriteTx is a job's WriteTx on the group's transaction.
func sqliteWriteTx(ctx context.Context, q *sqlitedb.Queries, db sqlDB) *sqlWriteTx {
	return &sqlWriteTx{ctx: ctx, q: q, db: db, d: sqliteDialect, nextID: func(ctx context.Context) (int64, error) {
		var id int64
		err := db.QueryRowContext(ctx, sqliteNextInstanceID).Scan(&id)
		return id, err
	}}
}
