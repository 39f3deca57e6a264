package instances

import (
	"context"
	"time"

	"github.com/iims/iims/internal/store"
)

// Service runs every instance operation over a Store. (Committed changes reach live clients
// through the history follower, internal/realtime, not from here: one path for this process's
// writes and everyone else's.)
type Service struct {
	store         *store.Store
	now           func() time.Time
	onCommit      func(ops []string)
	requireReason bool
}

// Option configures a Service.
type Option func(*Service)

// WithCommitHook calls fn with the operations of the history records of every committed write
// (metrics).
func WithCommitHook(fn func(ops []string)) Option { return func(s *Service) { s.onCommit = fn } }

// WithRequiredReason makes every change that writes need a reason (REQUIRE_REASON).
func WithRequiredReason(required bool) Option { return func(s *Service) { s.requireReason = required } }

// RequiresReason reports whether changes need a reason.
func (s *Service) RequiresReason() bool { return s.requireReason }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService returns a Service over st.
func NewService(st *store.Store, opts ...Option) *Service {
	s := &Service{store: st, now: time.Now}
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
	var inst Instance
	err := s.write(ctx, false, func(w *writeTx) (err error) {
		inst, _, err = w.create(spec, createOptions{})
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
	err = s.write(ctx, false, func(w *writeTx) error {
		cur, err := w.lock(id, pre)
		if err != nil {
			return err
		}
		inst, _, changed, err = w.update(cur, p.apply(SpecOf(cur)))
		return err
	})
	if err != nil {
		return Instance{}, false, s.nameConflict(ctx, deref(p.Name), err)
	}
	return inst, changed, nil
}

// Delete removes an instance and records its last state in a delete record, in one transaction.
func (s *Service) Delete(ctx context.Context, id int64, pre *Precondition) error {
	return s.write(ctx, false, func(w *writeTx) error {
		cur, err := w.lock(id, pre)
		if err != nil {
			return err
		}
		return w.remove(cur, nil)
	})
}

// nameConflict turns a unique violation into a *ConflictError naming the existing instance.
func (s *Service) nameConflict(ctx context.Context, name string, err error) error {
	if !store.IsUniqueViolation(err) {
		return err
	}
	if name == "" {
		name = store.UniqueViolationName(err) // a create of an import, raced by another writer
	}
	ce := &ConflictError{Name: name}
	if existing, lookupErr := s.store.Q().InstanceGetByName(ctx, name); lookupErr == nil {
		ce.ExistingID = existing.ID
	}
	return ce
}
