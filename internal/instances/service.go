package instances

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
)

// Service runs every instance operation over a Store.
type Service struct {
	store     *store.Store
	publisher Publisher
	publishes bool // a real publisher is set: commit and publish happen under writeMu
	writeMu   sync.Mutex
	now       func() time.Time
	onCommit  func([]HistoryRecord)
}

// Option configures a Service.
type Option func(*Service)

// WithPublisher sends an Event for every committed change.
func WithPublisher(p Publisher) Option {
	return func(s *Service) {
		if p != nil {
			s.publisher, s.publishes = p, true
		}
	}
}

// WithCommitHook calls fn with the history records of every committed write (metrics).
func WithCommitHook(fn func([]HistoryRecord)) Option { return func(s *Service) { s.onCommit = fn } }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService returns a Service over st.
func NewService(st *store.Store, opts ...Option) *Service {
	s := &Service{store: st, publisher: nopPublisher{}, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Store returns the underlying store (health checks, tooling).
func (s *Service) Store() *store.Store { return s.store }

// clock returns the current time in UTC at microsecond precision, the precision both engines
// store, so what a write returns equals what a later read returns.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Get returns one instance.
func (s *Service) Get(ctx context.Context, id int64) (Instance, error) {
	inst, err := s.store.Q().InstanceGet(ctx, id)
	if store.IsNotFound(err) {
		return Instance{}, &NotFoundError{Kind: "instance", ID: id}
	}
	return inst, err
}

// List returns one page of instances and the number matching the filter.
func (s *Service) List(ctx context.Context, f store.InstanceFilter) ([]Instance, int64, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	return s.store.ListInstances(ctx, f)
}

// Create stores a new instance and its create record in one transaction.
func (s *Service) Create(ctx context.Context, in CreateInput) (Instance, error) {
	spec := in.withDefaults()
	if err := spec.Validate(); err != nil {
		return Instance{}, err
	}
	var inst Instance
	err := s.write(ctx, func(w *writeTx) error {
		var err error
		inst, err = w.q.InstanceInsert(ctx, insertParams(spec, w.now))
		if err != nil {
			return err
		}
		_, err = w.record(historyParams(ctx, inst, OpCreate, w.now, createChanges(inst)))
		return err
	})
	if err != nil {
		return Instance{}, s.nameConflict(ctx, spec.Name, err)
	}
	return inst, nil
}

// Update applies a partial update. When nothing changes it writes nothing and returns the
// instance as it is (changed false). With a precondition, a stale version fails with
// *PreconditionError and changes nothing.
func (s *Service) Update(ctx context.Context, id int64, p Patch, pre *Precondition) (inst Instance, changed bool, err error) {
	err = s.write(ctx, func(w *writeTx) error {
		cur, err := lockCurrent(ctx, w.q, id, pre)
		if err != nil {
			return err
		}
		before := SpecOf(cur)
		after := p.apply(before)
		if err := after.Validate(); err != nil {
			return err
		}
		changes, _ := diffSpecs(before, after)
		if len(changes) == 0 {
			inst = cur
			return nil
		}
		now := notBefore(w.now, cur.UpdatedAt)
		inst, err = w.q.InstanceUpdate(ctx, updateParams(id, cur.Version, after, now))
		if err != nil {
			return err
		}
		changes["updated_at"] = FieldChange{Old: timestamp(cur.UpdatedAt), New: timestamp(inst.UpdatedAt)}
		_, err = w.record(historyParams(ctx, inst, OpUpdate, now, changes))
		changed = true
		return err
	})
	if err != nil {
		name := ""
		if p.Name != nil {
			name = *p.Name
		}
		return Instance{}, false, s.nameConflict(ctx, name, err)
	}
	return inst, changed, nil
}

// Delete removes an instance and records its last state in a delete record, in one transaction.
func (s *Service) Delete(ctx context.Context, id int64, pre *Precondition) error {
	return s.write(ctx, func(w *writeTx) error {
		cur, err := lockCurrent(ctx, w.q, id, pre)
		if err != nil {
			return err
		}
		n, err := w.q.InstanceDelete(ctx, store.InstanceDeleteParams{ID: id, ExpectedVersion: cur.Version})
		if err != nil {
			return err
		}
		if n != 1 {
			return fmt.Errorf("delete instance %d: %d rows deleted, want 1", id, n)
		}
		_, err = w.record(historyParams(ctx, cur, OpDelete, notBefore(w.now, cur.UpdatedAt), nil))
		return err
	})
}

// lockCurrent reads the instance for a write (locking its row on PostgreSQL) and checks the
// precondition against the version it read.
func lockCurrent(ctx context.Context, q store.Querier, id int64, pre *Precondition) (Instance, error) {
	cur, err := q.InstanceGetForUpdate(ctx, id)
	if store.IsNotFound(err) {
		return Instance{}, &NotFoundError{Kind: "instance", ID: id}
	}
	if err != nil {
		return Instance{}, err
	}
	if !pre.allows(cur.Version) {
		return Instance{}, &PreconditionError{Current: cur}
	}
	return cur, nil
}

// nameConflict turns a unique violation into a *ConflictError naming the existing instance.
func (s *Service) nameConflict(ctx context.Context, name string, err error) error {
	if !store.IsUniqueViolation(err) {
		return err
	}
	ce := &ConflictError{Name: name}
	if existing, lookupErr := s.store.Q().InstanceGetByName(ctx, name); lookupErr == nil {
		ce.ExistingID = existing.ID
	}
	return ce
}

func insertParams(sp Spec, now time.Time) store.InstanceInsertParams {
	return store.InstanceInsertParams{
		Name: sp.Name, ModelName: sp.ModelName, ModelVersion: sp.ModelVersion, ClusterName: sp.ClusterName,
		ImageTag: sp.ImageTag, Replicas: sp.Replicas, Pp: sp.PP, Cp: sp.CP, Tp: sp.TP,
		Status: sp.Status, Priority: sp.Priority, Description: sp.Description,
		CreatedAt: now, UpdatedAt: now,
	}
}

func updateParams(id, expectedVersion int64, sp Spec, now time.Time) store.InstanceUpdateParams {
	return store.InstanceUpdateParams{
		ID: id, ExpectedVersion: expectedVersion,
		Name: sp.Name, ModelName: sp.ModelName, ModelVersion: sp.ModelVersion, ClusterName: sp.ClusterName,
		ImageTag: sp.ImageTag, Replicas: sp.Replicas, Pp: sp.PP, Cp: sp.CP, Tp: sp.TP,
		Status: sp.Status, Priority: sp.Priority, Description: sp.Description, UpdatedAt: now,
	}
}

// historyParams snapshots inst into a history record of the given operation.
func historyParams(ctx context.Context, inst Instance, op string, at time.Time, changes Changes) store.HistoryInsertParams {
	var reqID *string
	if id := requestid.From(ctx); id != "" {
		reqID = &id
	}
	return store.HistoryInsertParams{
		OriginalID: inst.ID, OperationType: op, OperationTimestamp: at,
		Name: inst.Name, ModelName: inst.ModelName, ModelVersion: inst.ModelVersion,
		ClusterName: inst.ClusterName, ImageTag: inst.ImageTag, Replicas: inst.Replicas,
		Pp: inst.Pp, Cp: inst.Cp, Tp: inst.Tp, Status: inst.Status, Priority: inst.Priority,
		Description: inst.Description, Version: inst.Version, CreatedAt: inst.CreatedAt,
		UpdatedAt: inst.UpdatedAt, Changes: changes, RequestID: reqID,
	}
}
