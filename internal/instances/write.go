package instances

import (
	"context"
	"time"

	"github.com/iims/iims/internal/chain"
	"github.com/iims/iims/internal/provenance"
	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
)

// The one write path. Every entry point that changes instances — create, update, delete, bulk,
// import — runs in one write transaction (write) and changes each instance through create,
// update or remove below: read the current state under its lock, check the precondition, apply
// and validate, diff, and write the row together with its history record, hashed into the
// instance's chain. No other code writes an instance or a history record.

// writeTx is one write transaction: the store's, its clock, who makes it (provenance), and the
// operations it recorded.
type writeTx struct {
	ctx                context.Context
	tx                 store.WriteTx
	now                time.Time
	requestID          *string
	actor, via, reason *string
	ops                []string // the operations of the records written, for the commit hook
}

// write runs fn in one transaction; with dryRun every write is applied and then rolled back, so a
// preview meets the same checks as the real thing. Every record it writes carries the request id
// and provenance in ctx; a server that requires reasons refuses a real write without one before
// it starts.
func (s *Service) write(ctx context.Context, dryRun bool, fn func(w *writeTx) error) error {
	prov := provenance.From(ctx)
	if err := s.checkReason(prov.Reason, dryRun); err != nil {
		return err
	}
	var w *writeTx
	err := s.store.Write(ctx, dryRun, func(tx store.WriteTx) error {
		w = &writeTx{ctx: ctx, tx: tx, now: s.clock(), actor: &prov.Actor, via: &prov.Via}
		if id := requestid.From(ctx); id != "" {
			w.requestID = &id
		}
		if prov.Reason != "" {
			w.reason = &prov.Reason
		}
		return fn(w)
	})
	if err == nil && !dryRun && s.onCommit != nil && len(w.ops) > 0 {
		s.onCommit(w.ops)
	}
	return err
}

// createOptions are what an import may carry over from another system, or what a restore keeps.
type createOptions struct {
	createdAt, updatedAt *time.Time
	restore              *restoreOptions
}

// restoreOptions bring a deleted instance back under its id: its history goes on from its last
// record (the delete), whose state the new record restores.
type restoreOptions struct {
	last HistoryRecord // the instance's newest record (its delete)
	from int64         // the record whose state is restored (reverted_from)
}

// create stores a new instance in spec's state, with its create record.
func (w *writeTx) create(spec Spec, opt createOptions) (Instance, Changes, error) {
	if err := spec.Validate(); err != nil {
		return Instance{}, nil, err
	}
	at := w.now
	inst := Instance{Version: 1, CreatedAt: at, UpdatedAt: at}
	var revertedFrom *int64
	var prevHash *string
	if r := opt.restore; r != nil {
		at = notBefore(w.now, r.last.OperationTimestamp)
		inst = Instance{ID: r.last.OriginalID, Version: r.last.Version + 1, CreatedAt: r.last.CreatedAt, UpdatedAt: at}
		prevHash, revertedFrom = r.last.Hash, &r.from
	} else {
		id, err := w.tx.NextInstanceID(w.ctx)
		if err != nil {
			return Instance{}, nil, err
		}
		inst.ID = id
	}
	applySpec(&inst, spec)
	if opt.createdAt != nil {
		inst.CreatedAt = opt.createdAt.UTC().Truncate(time.Microsecond)
	}
	if opt.updatedAt != nil && !opt.updatedAt.After(w.now) {
		inst.UpdatedAt = opt.updatedAt.UTC().Truncate(time.Microsecond)
	}
	changes := createChanges(inst)
	rec, err := w.record(inst, OpCreate, at, changes, prevHash, revertedFrom)
	if err != nil {
		return Instance{}, nil, err
	}
	inst.ChainHash = rec.Hash
	return inst, changes, w.tx.Insert(w.ctx, insertParams(inst), rec)
}

// update changes cur to the state next with its update record; when next equals cur's state it
// writes nothing (changed false) and returns cur as it is.
func (w *writeTx) update(cur Instance, next Spec) (after Instance, changes Changes, changed bool, err error) {
	return w.updateTo(cur, next, nil)
}

// updateTo is update that puts back the state of an earlier record (revertedFrom: a revert or
// an undo), which its record names.
func (w *writeTx) updateTo(cur Instance, next Spec, revertedFrom *int64) (after Instance, changes Changes, changed bool, err error) {
	if err := next.Validate(); err != nil {
		return cur, nil, false, err
	}
	changes, _ = diffSpecs(SpecOf(cur), next)
	if len(changes) == 0 {
		return cur, changes, false, nil
	}
	at := notBefore(w.now, cur.UpdatedAt)
	after = cur
	applySpec(&after, next)
	after.Version, after.UpdatedAt = cur.Version+1, at
	fields := make([]string, 0, len(changes)) // in DataFields order: the same change is the same statement
	for _, field := range DataFields {
		if _, ok := changes[field]; ok {
			fields = append(fields, field)
		}
	}
	changes["updated_at"] = FieldChange{Old: timestamp(cur.UpdatedAt), New: timestamp(at)}
	rec, err := w.record(after, OpUpdate, at, changes, cur.ChainHash, revertedFrom)
	if err != nil {
		return cur, nil, false, err
	}
	after.ChainHash = rec.Hash
	return after, changes, true, w.tx.Update(w.ctx, updateParams(after, cur.Version), fields, rec)
}

// remove deletes cur with a delete record holding its last state; revertedFrom names the create
// it undoes, when it does (undo).
func (w *writeTx) remove(cur Instance, revertedFrom *int64) error {
	rec, err := w.record(cur, OpDelete, notBefore(w.now, cur.UpdatedAt), nil, cur.ChainHash, revertedFrom)
	if err != nil {
		return err
	}
	return w.tx.Delete(w.ctx, store.InstanceDeleteParams{ID: cur.ID, ExpectedVersion: cur.Version}, rec)
}

// record is the history record of inst after (for a delete: before) an operation at a time,
// hashed in the current chain format and chained to the instance's previous record (prev).
func (w *writeTx) record(inst Instance, op string, at time.Time, changes Changes, prev *string, revertedFrom *int64) (store.HistoryInsertParams, error) {
	version := int64(chain.Current)
	p := store.HistoryInsertParams{
		OriginalID: inst.ID, OperationType: op, OperationTimestamp: at,
		Name: inst.Name, ModelName: inst.ModelName, ModelVersion: inst.ModelVersion,
		ClusterName: inst.ClusterName, ImageTag: inst.ImageTag, Replicas: inst.Replicas,
		Pp: inst.Pp, Cp: inst.Cp, Tp: inst.Tp, Status: inst.Status, Priority: inst.Priority,
		Description: inst.Description, Version: inst.Version, CreatedAt: inst.CreatedAt,
		UpdatedAt: inst.UpdatedAt, Changes: changes, RequestID: w.requestID, ChainVersion: &version,
		Actor: w.actor, Via: w.via, Reason: w.reason, RevertedFrom: revertedFrom,
	}
	hash, err := chain.Hash(deref(prev), chainRecordOf(p))
	if err != nil {
		return p, err
	}
	p.Hash = &hash
	w.ops = append(w.ops, op)
	return p, nil
}

// lock reads one instance for the write and checks the precondition against it.
func (w *writeTx) lock(id int64, pre *Precondition) (Instance, error) {
	found, err := w.tx.Lock(w.ctx, id)
	if err != nil {
		return Instance{}, err
	}
	if len(found) == 0 {
		return Instance{}, &NotFoundError{Kind: "instance", ID: id}
	}
	if !pre.allows(found[0].Version) {
		return Instance{}, &PreconditionError{Current: found[0]}
	}
	return found[0], nil
}

// notBefore returns now, or just after last when the clock is behind it (another replica's clock
// ran ahead): an instance's updated_at and history timestamps never go back.
func notBefore(now, last time.Time) time.Time {
	if now.After(last) {
		return now
	}
	return last.Add(time.Microsecond)
}

func insertParams(i Instance) store.InstanceInsertParams {
	return store.InstanceInsertParams{
		ID: i.ID, Name: i.Name, ModelName: i.ModelName, ModelVersion: i.ModelVersion, ClusterName: i.ClusterName,
		ImageTag: i.ImageTag, Replicas: i.Replicas, Pp: i.Pp, Cp: i.Cp, Tp: i.Tp, Status: i.Status,
		Priority: i.Priority, Description: i.Description, Version: i.Version, CreatedAt: i.CreatedAt,
		UpdatedAt: i.UpdatedAt, ChainHash: i.ChainHash,
	}
}

func updateParams(i Instance, expectedVersion int64) store.InstanceUpdateParams {
	return store.InstanceUpdateParams{
		ID: i.ID, ExpectedVersion: expectedVersion,
		Name: i.Name, ModelName: i.ModelName, ModelVersion: i.ModelVersion, ClusterName: i.ClusterName,
		ImageTag: i.ImageTag, Replicas: i.Replicas, Pp: i.Pp, Cp: i.Cp, Tp: i.Tp, Status: i.Status,
		Priority: i.Priority, Description: i.Description, Version: i.Version, UpdatedAt: i.UpdatedAt,
		ChainHash: i.ChainHash,
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
