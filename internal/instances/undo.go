package instances

import (
	"context"
	"fmt"
	"slices"

	"github.com/iims/iims/internal/store"
)

// Undoing a batch of changes — one request's (a bulk change, an import, a revert, an undo) or a
// list of records — puts every instance it touched back to its state before the batch, in one
// transaction: deleted if the batch created it, restored if it deleted it, reverted otherwise.

// MaxUndoRecords bounds one undo (its transaction holds every instance it touches).
const MaxUndoRecords = 10000

// UndoInput names the batch to undo: RequestID or HistoryIDs.
type UndoInput struct {
	RequestID     string
	HistoryIDs    []int64
	DryRun, Force bool
}

// Undo actions.
const (
	UndoDelete  = "delete"
	UndoRestore = "restore"
	UndoRevert  = "revert"
	UndoNone    = "none"
)

// UndoItem is what undoing does to one instance.
type UndoItem struct {
	ID           int64
	Name         string
	Action       string
	RevertedFrom *int64
	Changes      Changes
	Conflict     bool      // it changed since the batch touched it
	After        *Instance // nil when undoing deletes it
	conflict     UndoConflict
	before       *HistoryRecord // the state it goes back to (nil: absent), read once by the plan
}

// UndoResult is an undo: one item per instance, in id order.
type UndoResult struct {
	DryRun, Forced     bool
	Items              []UndoItem
	Changed, Unchanged int
}

// UndoConflict is an instance that changed since the batch touched it: the version the batch
// left it at and its version now (nil: absent).
type UndoConflict struct {
	ID              int64
	Name            string
	Expected, Found *int64
}

// UndoConflictError lists the instances that changed since the batch (HTTP 409).
type UndoConflictError struct{ Conflicts []UndoConflict }

func (e *UndoConflictError) Error() string {
	return fmt.Sprintf("%d of the instances changed since that change; nothing was undone (force undoes them anyway)", len(e.Conflicts))
}

// UndoTooLargeError says the batch has more records than one undo takes (HTTP 422).
type UndoTooLargeError struct{}

func (e *UndoTooLargeError) Error() string {
	return fmt.Sprintf("the batch has more than %d records: undo it in parts (by history_ids)", MaxUndoRecords)
}

// touched is one instance of the batch: its first and last record in the batch.
type touched struct{ first, last HistoryRecord }

// Undo undoes a batch; with DryRun it reports the plan and any conflicts and writes nothing.
func (s *Service) Undo(ctx context.Context, in UndoInput) (UndoResult, error) {
	batch, err := s.undoBatch(ctx, in)
	if err != nil {
		return UndoResult{}, err
	}
	res := UndoResult{DryRun: in.DryRun, Forced: in.Force}
	var failedName string // the name an instance coming back wanted, when that failed
	err = s.write(ctx, in.DryRun, func(w *writeTx) error {
		res.Items, res.Changed, res.Unchanged = nil, 0, 0
		var err error
		res.Items, failedName, err = w.undo(batch, in.Force, in.DryRun)
		for _, it := range res.Items {
			if it.Action == UndoNone {
				res.Unchanged++
			} else {
				res.Changed++
			}
		}
		return err
	})
	if err != nil {
		return UndoResult{}, s.nameConflict(ctx, failedName, err)
	}
	return res, nil
}

// undoBatch reads the batch's records and groups them by instance, in instance id order.
func (s *Service) undoBatch(ctx context.Context, in UndoInput) ([]touched, error) {
	var recs []HistoryRecord
	switch {
	case in.RequestID != "" && len(in.HistoryIDs) > 0, in.RequestID == "" && len(in.HistoryIDs) == 0:
		return nil, &ValidationError{Errors: []FieldError{{Field: "request_id", Message: "give exactly one of request_id and history_ids"}}}
	case in.RequestID != "":
		var err error
		recs, err = s.store.Q().HistoryByRequestID(ctx, store.HistoryByRequestIDParams{RequestID: &in.RequestID, MaxRecords: MaxUndoRecords + 1})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, &UnknownRequestError{RequestID: in.RequestID}
		}
	default:
		var missing []int64
		for _, id := range slices.Compact(slices.Sorted(slices.Values(in.HistoryIDs))) {
			rec, err := s.store.Q().HistoryGet(ctx, id)
			if store.IsNotFound(err) {
				missing = append(missing, id)
				continue
			} else if err != nil {
				return nil, err
			}
			recs = append(recs, rec)
		}
		if len(missing) > 0 {
			return nil, &UndoMissingError{IDs: missing}
		}
		// Chosen records of one instance with another of its records between them: putting the
		// instance back before the first would silently undo that one too.
		if err := s.checkNoSkippedRecords(ctx, recs); err != nil {
			return nil, err
		}
	}
	if len(recs) > MaxUndoRecords {
		return nil, &UndoTooLargeError{}
	}
	byInstance := map[int64]*touched{}
	for _, r := range recs { // oldest first
		if t, ok := byInstance[r.OriginalID]; ok {
			t.last = r
		} else {
			byInstance[r.OriginalID] = &touched{first: r, last: r}
		}
	}
	out := make([]touched, 0, len(byInstance))
	for _, t := range byInstance {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b touched) int { return int(a.first.OriginalID - b.first.OriginalID) })
	return out, nil
}

// checkNoSkippedRecords refuses chosen records (oldest first) of one instance that leave out a
// record of it between them. (A request's own records of an instance are consecutive: its
// transaction holds the instance's row lock.)
func (s *Service) checkNoSkippedRecords(ctx context.Context, recs []HistoryRecord) error {
	newest := map[int64]int64{} // instance → its newest chosen record so far
	for _, r := range recs {
		prev, ok := newest[r.OriginalID]
		newest[r.OriginalID] = r.HistoryID
		if !ok {
			continue
		}
		before, err := s.store.Q().HistoryLastBefore(ctx, store.HistoryLastBeforeParams{OriginalID: r.OriginalID, BeforeID: r.HistoryID})
		if err != nil {
			return err
		}
		if before.HistoryID != prev {
			return &ValidationError{Errors: []FieldError{{Field: "history_ids", Message: fmt.Sprintf(
				"instance %d's record %d lies between the chosen %d and %d: add it, or undo the records after it only", r.OriginalID, before.HistoryID, prev, r.HistoryID)}}}
		}
	}
	return nil
}

// UnknownRequestError says no change has the request id (HTTP 404).
type UnknownRequestError struct{ RequestID string }

func (e *UnknownRequestError) Error() string {
	return fmt.Sprintf("no change has request id %q", e.RequestID)
}

// UndoMissingError lists the history ids of an undo that do not exist (HTTP 404).
type UndoMissingError struct{ IDs []int64 }

func (e *UndoMissingError) Error() string {
	return fmt.Sprintf("%d of the history records do not exist; nothing was undone", len(e.IDs))
}

// undo applies the batch's undo: every instance locked at once (in id order), conflicts checked
// against the state the batch left, then deletes, reverts and restores, in that order, so that a
// name a deleted instance frees can be taken by an instance coming back. Conflicts stop a real
// undo unless forced; a dry run goes on and marks them, to show what forcing would do. When an
// instance cannot come back, failedName is the name it wanted (for the 409).
func (w *writeTx) undo(batch []touched, force, dryRun bool) (items []UndoItem, failedName string, err error) {
	ids := make([]int64, len(batch))
	for i, t := range batch {
		ids[i] = t.first.OriginalID
	}
	locked, err := w.tx.Lock(w.ctx, ids...)
	if err != nil {
		return nil, "", err
	}
	current := map[int64]Instance{}
	for _, inst := range locked {
		current[inst.ID] = inst
	}
	items = make([]UndoItem, len(batch))
	var conflicts []UndoConflict
	for i, t := range batch {
		cur, exists := current[t.first.OriginalID]
		before, err := w.stateBefore(t.first)
		if err != nil {
			return nil, "", err
		}
		items[i] = planUndo(t, before, cur, exists)
		if items[i].Conflict {
			conflicts = append(conflicts, items[i].conflict)
		}
	}
	if len(conflicts) > 0 && !force && !dryRun {
		return items, "", &UndoConflictError{Conflicts: conflicts}
	}
	for _, action := range []string{UndoDelete, UndoRevert, UndoRestore} {
		for i := range items {
			if items[i].Action == action {
				if err := w.applyUndo(&items[i], current[items[i].ID]); err != nil {
					if before := items[i].before; before != nil {
						failedName = before.Name
					}
					return items, failedName, err
				}
			}
		}
	}
	return items, "", nil
}

// stateBefore is the record holding an instance's state before the batch's first change of it
// (nil when it did not exist then: the batch created it, or it was deleted).
func (w *writeTx) stateBefore(first HistoryRecord) (*HistoryRecord, error) {
	rec, err := w.tx.LastBefore(w.ctx, first.OriginalID, first.HistoryID)
	if store.IsNotFound(err) || err == nil && rec.OperationType == OpDelete {
		return nil, nil
	}
	return &rec, err
}

// planUndo decides what undoing does to one instance: make its state before the batch (before;
// nil: absent) out of its state now (cur, if it exists), and whether it changed since the
// batch's last change of it.
func planUndo(t touched, before *HistoryRecord, cur Instance, exists bool) UndoItem {
	it := UndoItem{ID: t.first.OriginalID, Name: t.last.Name, Action: UndoNone, before: before}
	leftDeleted := t.last.OperationType == OpDelete
	if exists != !leftDeleted || exists && cur.Version != t.last.Version {
		it.Conflict = true
		it.conflict = UndoConflict{ID: it.ID, Name: it.Name}
		if !leftDeleted {
			it.conflict.Expected = &t.last.Version
		}
		if exists {
			it.conflict.Found = &cur.Version
		}
	}
	switch {
	case before == nil && exists:
		it.Action, it.RevertedFrom, it.Name = UndoDelete, &t.first.HistoryID, cur.Name
	case before != nil && !exists:
		it.Action, it.RevertedFrom = UndoRestore, &before.HistoryID
	case before != nil && exists:
		it.Action, it.RevertedFrom, it.Name = UndoRevert, &before.HistoryID, cur.Name
	}
	return it
}

// applyUndo carries out one planned item.
func (w *writeTx) applyUndo(it *UndoItem, cur Instance) error {
	switch it.Action {
	case UndoDelete:
		it.Changes = deleteChanges(cur)
		return w.remove(cur, it.RevertedFrom)
	case UndoRestore:
		inst, _, err := w.restore(it.ID, it.before.HistoryID)
		if err != nil {
			return err
		}
		it.After, it.Changes, it.Name = &inst, createChanges(inst), inst.Name
	case UndoRevert:
		after, changes, changed, err := w.updateTo(cur, SpecOfRecord(*it.before), it.RevertedFrom)
		if err != nil {
			return err
		}
		it.After, it.Changes = &after, changes
		if !changed {
			it.Action, it.RevertedFrom = UndoNone, nil
		}
	}
	return nil
}
