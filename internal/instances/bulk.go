package instances

import (
	"context"
	"fmt"
	"slices"

	"github.com/iims/iims/internal/dbtypes"
)

// Bulk actions.
const (
	BulkUpdate = "update"
	BulkDelete = "delete"
	// BulkMaxIDs bounds one batch (one transaction holding that many row locks).
	BulkMaxIDs = 1000
)

// BulkInput is one change applied to an explicit list of instances.
type BulkInput struct {
	Action   string
	IDs      []int64
	Patch    Patch           // for BulkUpdate
	Versions map[int64]int64 // optional preconditions: id → version the caller saw
	DryRun   bool
}

// BulkItem is the outcome for one instance.
type BulkItem struct {
	ID      int64
	Name    string
	Changed bool
	Changes Changes
	After   *Instance // the instance after an update (nil for a delete)
}

// BulkResult is the outcome of a batch, items in the order of the input ids.
type BulkResult struct {
	Action             string
	DryRun             bool
	Items              []BulkItem
	Changed, Unchanged int
}

// BulkNotFoundError lists the requested ids that do not exist (HTTP 404).
type BulkNotFoundError struct{ IDs []int64 }

func (e *BulkNotFoundError) Error() string { return fmt.Sprintf("instances not found: %v", e.IDs) }

// BulkPreconditionError lists the instances whose version differs from the caller's (HTTP 412).
type BulkPreconditionError struct{ Stale []StaleVersion }

// StaleVersion is one failed precondition.
type StaleVersion struct{ ID, Expected, Current int64 }

func (e *BulkPreconditionError) Error() string {
	return fmt.Sprintf("%d instance(s) changed since the versions given", len(e.Stale))
}

// Bulk applies one update or delete to every listed instance in one transaction: all of them or
// none. Unknown ids, stale versions and invalid results fail the whole batch. Each instance that
// changes gets its own history record. A dry run does the same and rolls it back.
func (s *Service) Bulk(ctx context.Context, in BulkInput) (BulkResult, error) {
	if err := in.validate(); err != nil {
		return BulkResult{}, err
	}
	ids := slices.Clone(in.IDs)
	slices.Sort(ids) // locks are taken in id order: concurrent batches cannot deadlock
	ids = slices.Compact(ids)

	byID := map[int64]BulkItem{}
	err := s.write(ctx, in.DryRun, func(w *writeTx) error {
		current, err := w.tx.Lock(ctx, ids...)
		if err != nil {
			return err
		}
		if err := checkBatch(ids, current, in.Versions); err != nil {
			return err
		}
		for _, cur := range current {
			item, err := bulkOne(w, in, cur)
			if err != nil {
				return err
			}
			byID[cur.ID] = item
		}
		return nil
	})
	if err != nil {
		return BulkResult{}, err
	}
	res := BulkResult{Action: in.Action, DryRun: in.DryRun, Items: make([]BulkItem, 0, len(ids))}
	seen := map[int64]bool{}
	for _, id := range in.IDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		item := byID[id]
		res.Items = append(res.Items, item)
		if item.Changed {
			res.Changed++
		} else {
			res.Unchanged++
		}
	}
	return res, nil
}

func (in BulkInput) validate() error {
	var v fieldErrors
	switch in.Action {
	case BulkUpdate:
		if in.Patch.Name != nil {
			v.add("patch/name", "cannot be set in bulk: names are unique")
		}
	case BulkDelete:
	default:
		v.add("action", "must be update or delete")
	}
	if len(in.IDs) == 0 || len(in.IDs) > BulkMaxIDs {
		v.add("ids", fmt.Sprintf("must list between 1 and %d instance ids", BulkMaxIDs))
	}
	return v.err()
}

// checkBatch fails on unknown ids and stale versions, each reported in full.
func checkBatch(ids []int64, current []Instance, versions map[int64]int64) error {
	found := make(map[int64]Instance, len(current))
	for _, cur := range current {
		found[cur.ID] = cur
	}
	var missing []int64
	var stale []StaleVersion
	for _, id := range ids {
		cur, ok := found[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		if want, ok := versions[id]; ok && want != cur.Version {
			stale = append(stale, StaleVersion{ID: id, Expected: want, Current: cur.Version})
		}
	}
	if len(missing) > 0 {
		return &BulkNotFoundError{IDs: missing}
	}
	if len(stale) > 0 {
		return &BulkPreconditionError{Stale: stale}
	}
	return nil
}

// bulkOne applies the batch's change to one instance.
func bulkOne(w *writeTx, in BulkInput, cur Instance) (BulkItem, error) {
	item := BulkItem{ID: cur.ID, Name: cur.Name}
	if in.Action == BulkDelete {
		item.Changed, item.Changes = true, deleteChanges(cur)
		return item, w.remove(cur, nil)
	}
	after, changes, changed, err := w.update(cur, in.Patch.apply(SpecOf(cur)))
	if err != nil {
		return item, prefixFields(err, "patch/")
	}
	item.Changed, item.Changes, item.After = changed, changes, &after
	return item, nil
}

// deleteChanges describes a delete field by field: {old: value, new: null}.
func deleteChanges(i Instance) Changes {
	changes := Changes{}
	for f, v := range SpecOf(i).values() {
		changes[f] = dbtypes.FieldChange{Old: v, New: nil}
	}
	return changes
}

// applySpec writes a spec into an instance.
func applySpec(i *Instance, sp Spec) {
	i.Name, i.ModelName, i.ModelVersion, i.ClusterName, i.ImageTag = sp.Name, sp.ModelName, sp.ModelVersion, sp.ClusterName, sp.ImageTag
	i.Replicas, i.Pp, i.Cp, i.Tp = sp.Replicas, sp.PP, sp.CP, sp.TP
	i.Status, i.Priority, i.Description = sp.Status, sp.Priority, sp.Description
}

// prefixFields puts a prefix on every field of a *ValidationError (patch/replicas).
func prefixFields(err error, prefix string) error {
	ve, ok := err.(*ValidationError)
	if !ok {
		return err
	}
	out := &ValidationError{Errors: make([]FieldError, len(ve.Errors))}
	for i, fe := range ve.Errors {
		out.Errors[i] = FieldError{Field: prefix + fe.Field, Message: fe.Message}
	}
	return out
}

func eventType(op string) string {
	switch op {
	case OpCreate:
		return "instance.created"
	case OpDelete:
		return "instance.deleted"
	}
	return "instance.updated"
}
