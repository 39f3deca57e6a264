package store

import (
	"context"
	"errors"
	"fmt"
)

// WriteTx is one write transaction as the domain sees it: read what the write needs (locked until
// it ends), then change instances, each change with its history record. The engines run it
// their own way — SQLite groups concurrent writes into one commit on its single writer
// connection; PostgreSQL sends every change of a transaction, with its COMMIT, in one round trip —
// behind this one interface, so the domain's write path is written once.
type WriteTx interface {
	// Lock reads the instances with these ids and holds them for the rest of the transaction
	// (PostgreSQL: row locks, taken in id order so that concurrent writes cannot deadlock). The
	// result is in id order; an id that does not exist is left out.
	Lock(ctx context.Context, ids ...int64) ([]Instance, error)
	// LockByName is Lock for one instance by its name (sql.ErrNoRows when there is none).
	LockByName(ctx context.Context, name string) (Instance, error)
	// LastRecord is an instance's newest history record (sql.ErrNoRows when it never existed).
	LastRecord(ctx context.Context, originalID int64) (HistoryRecord, error)
	// LastBefore is an instance's newest record older than record beforeID (sql.ErrNoRows when
	// there is none): its state before that change.
	LastBefore(ctx context.Context, originalID, beforeID int64) (HistoryRecord, error)
	// Record is one history record (sql.ErrNoRows when there is none): the state a revert,
	// restore or undo puts back.
	Record(ctx context.Context, historyID int64) (HistoryRecord, error)
	// NextInstanceID takes the id of an instance about to be created (its create record is
	// hashed with it before either row is written).
	NextInstanceID(ctx context.Context) (int64, error)
	// Insert, Update and Delete change one instance and append its history record. Update sets
	// the changed fields (and the version, updated_at, chain hash); Update and Delete change the
	// row only at the version given (ExpectedVersion). On PostgreSQL they are sent with the
	// commit, so their errors (a duplicate name) come back from Write.
	Insert(ctx context.Context, inst InstanceInsertParams, rec HistoryInsertParams) error
	Update(ctx context.Context, upd InstanceUpdateParams, changed []string, rec HistoryInsertParams) error
	Delete(ctx context.Context, del InstanceDeleteParams, rec HistoryInsertParams) error
	// AppendTreeHead stores a tree head of the history's Merkle log (the sealer's one write).
	AppendTreeHead(ctx context.Context, head TreeHeadInsertParams) error
}

// Write runs fn in one write transaction and commits what it wrote when fn returns nil. With
// dryRun it applies every write and then rolls the transaction back, so that a preview meets
// exactly the checks (constraints, unique names) a real write would.
func (s *Store) Write(ctx context.Context, dryRun bool, fn func(tx WriteTx) error) error {
	return s.write(ctx, dryRun, fn)
}

// errRolledBack is what a write transaction returns to roll back after a successful dry run.
var errRolledBack = errors.New("dry run: rolled back")

// VersionConflictError says a guarded Update or Delete found the instance at another version than
// the one it was read at: a writer that did not lock it first (never the domain's write path).
type VersionConflictError struct{ ID, Expected int64 }

func (e *VersionConflictError) Error() string {
	return fmt.Sprintf("instance %d is no longer at version %d: it changed during the write", e.ID, e.Expected)
}
