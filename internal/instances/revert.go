package instances

import (
	"context"
	"fmt"

	"github.com/iims/iims/internal/store"
)

// Putting earlier states back. A history record holds an instance's whole state, so any version
// can be put back as it was: a revert is an update to a recorded state, a restore recreates a
// deleted instance from its delete record, and each new record names the record it put back
// (reverted_from). They go through the one write path like every other change.

// RevertResult is a revert: the record put back, what changes, and the instance after it.
type RevertResult struct {
	DryRun       bool
	RevertedFrom int64
	Changes      Changes
	Instance     Instance
}

// ExistsError says an instance to restore exists (HTTP 409: revert it instead).
type ExistsError struct{ ID int64 }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("instance %d exists: revert it to an earlier version instead of restoring it", e.ID)
}

// DeletedError says the instance to change was deleted (HTTP 404): it can be restored.
type DeletedError struct{ ID int64 }

func (e *DeletedError) Error() string {
	return fmt.Sprintf("instance %d is deleted: restore it first (POST /api/instances/%d/restore)", e.ID, e.ID)
}

// Revert sets instance id to the state recorded by toHistoryID, one of its own records; with
// dryRun it reports what would change and writes nothing.
func (s *Service) Revert(ctx context.Context, id, toHistoryID int64, pre *Precondition, dryRun bool) (RevertResult, error) {
	target, err := s.store.Q().HistoryGet(ctx, toHistoryID)
	if store.IsNotFound(err) {
		return RevertResult{}, &NotFoundError{Kind: "history record", ID: toHistoryID}
	} else if err != nil {
		return RevertResult{}, err
	}
	if target.OriginalID != id {
		return RevertResult{}, &ValidationError{Errors: []FieldError{{Field: "to_history_id",
			Message: fmt.Sprintf("record %d is a record of instance %d, not of instance %d", toHistoryID, target.OriginalID, id)}}}
	}
	res := RevertResult{DryRun: dryRun, RevertedFrom: toHistoryID}
	err = s.write(ctx, dryRun, func(w *writeTx) error {
		cur, err := w.lock(id, pre)
		if _, missing := err.(*NotFoundError); missing {
			return &DeletedError{ID: id}
		} else if err != nil {
			return err
		}
		after, changes, changed, err := w.updateTo(cur, SpecOfRecord(target), &target.HistoryID)
		if err != nil {
			return err
		}
		if !changed {
			return &ValidationError{Errors: []FieldError{{Field: "to_history_id",
				Message: fmt.Sprintf("instance %d already has the values of record %d: nothing would change", id, toHistoryID)}}}
		}
		res.Changes, res.Instance = changes, after
		return nil
	})
	if err != nil {
		return RevertResult{}, s.nameConflict(ctx, target.Name, err)
	}
	return res, nil
}

// RestoreResult is a restore: the delete record whose state comes back, and the instance.
type RestoreResult struct {
	DryRun       bool
	RevertedFrom int64
	Instance     Instance
}

// Restore recreates deleted instance id under its id, from its last state; with dryRun it
// reports what would be restored and writes nothing.
func (s *Service) Restore(ctx context.Context, id int64, dryRun bool) (RestoreResult, error) {
	res := RestoreResult{DryRun: dryRun}
	var name string
	err := s.write(ctx, dryRun, func(w *writeTx) error {
		inst, from, err := w.restore(id, 0)
		res.Instance, res.RevertedFrom, name = inst, from, inst.Name
		return err
	})
	if err != nil {
		return RestoreResult{}, s.nameConflict(ctx, name, err)
	}
	return res, nil
}

// restore brings deleted instance id back in the state of record stateOf (0: its delete record,
// which holds its last state) and returns it with the record it restored.
func (w *writeTx) restore(id, stateOf int64) (Instance, int64, error) {
	if found, err := w.tx.Lock(w.ctx, id); err != nil {
		return Instance{}, 0, err
	} else if len(found) > 0 {
		return Instance{}, 0, &ExistsError{ID: id}
	}
	last, err := w.tx.LastRecord(w.ctx, id)
	if store.IsNotFound(err) {
		return Instance{}, 0, &NotFoundError{Kind: "instance", ID: id}
	} else if err != nil {
		return Instance{}, 0, err
	}
	if last.OperationType != OpDelete {
		return Instance{}, 0, fmt.Errorf("instance %d has no row but its newest record (%d) is a %s, not a delete", id, last.HistoryID, last.OperationType)
	}
	state := last
	if stateOf != 0 && stateOf != last.HistoryID {
		if state, err = w.recordOf(id, stateOf); err != nil {
			return Instance{}, 0, err
		}
	}
	inst, _, err := w.create(SpecOfRecord(state), createOptions{restore: &restoreOptions{last: last, from: state.HistoryID}})
	return inst, state.HistoryID, err
}

// recordOf reads record historyID, which must be one of instance id's.
func (w *writeTx) recordOf(id, historyID int64) (HistoryRecord, error) {
	rec, err := w.tx.Record(w.ctx, historyID)
	if store.IsNotFound(err) || err == nil && rec.OriginalID != id {
		return HistoryRecord{}, &NotFoundError{Kind: "history record", ID: historyID}
	}
	return rec, err
}
