package instances

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/iims/iims/internal/store"
)

// The fleet as it was: at an instant (ListAsOf, StatsAsOf) and between two (Diff), answered from
// the history records, which hold every instance's whole state after each change.

// ListAsOf is List as the fleet was at at.
func (s *Service) ListAsOf(ctx context.Context, f store.InstanceFilter, at time.Time) ([]Instance, int64, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	return s.store.ListInstancesAsOf(ctx, f, at)
}

// StatsAsOf is Stats as the fleet was at at, in the same shape.
func (s *Service) StatsAsOf(ctx context.Context, at time.Time) (store.FleetStats, error) {
	return withEveryEnum(s.store.FleetStatsAsOf(ctx, at))
}

// Diff kinds.
const (
	DiffCreated = "created"
	DiffDeleted = "deleted"
	DiffUpdated = "updated"
)

// InstanceDiff is how one instance differs between two instants.
type InstanceDiff struct {
	InstanceID int64
	Name       string
	Change     string // DiffCreated, DiffDeleted or DiffUpdated
	Changes    Changes
	Actors     []string
	HistoryIDs []int64
	FromID     *int64 // the record of its state at from (nil: absent)
	ToID       *int64 // the newest record up to to
}

// CheckWindow refuses a diff window that does not move forward. (Streaming handlers call it
// before they answer: once the first byte is out, an error can no longer be a 422.)
func CheckWindow(from, to time.Time) error {
	if !to.After(from) {
		return &ValidationError{Errors: []FieldError{{Field: "to", Message: fmt.Sprintf("must be after from (%s)", from.UTC().Format(time.RFC3339Nano))}}}
	}
	return nil
}

// Diff calls fn, in instance id order, for every instance whose state at to differs from its
// state at from and that matches f at either instant. It streams from the database.
func (s *Service) Diff(ctx context.Context, from, to time.Time, f store.InstanceFilter, fn func(InstanceDiff) error) error {
	if err := CheckWindow(from, to); err != nil {
		return err
	}
	return s.store.EachDiff(ctx, from, to, func(row store.DiffRow) error {
		d, ok := diffOf(row, f)
		if !ok {
			return nil
		}
		return fn(d)
	})
}

// diffOf classifies one instance of the window; ok is false when it does not differ (it came
// and went, or changed back) or matches f at neither instant.
func diffOf(row store.DiffRow, f store.InstanceFilter) (InstanceDiff, bool) {
	var then, now *Spec
	if row.From != nil && row.From.OperationType != OpDelete {
		sp := SpecOfRecord(*row.From)
		then = &sp
	}
	if row.To.OperationType != OpDelete {
		sp := SpecOfRecord(row.To)
		now = &sp
	}
	if !(then != nil && Matches(f, *then) || now != nil && Matches(f, *now)) {
		return InstanceDiff{}, false
	}
	d := InstanceDiff{InstanceID: row.InstanceID, Name: row.To.Name, Actors: row.Actors, HistoryIDs: row.HistoryIDs, ToID: &row.To.HistoryID}
	if row.From != nil {
		d.FromID = &row.From.HistoryID
	}
	switch {
	case then == nil && now == nil:
		return d, false
	case then == nil:
		d.Change, d.Changes = DiffCreated, specChanges(nil, now)
	case now == nil:
		d.Change, d.Changes = DiffDeleted, specChanges(then, nil)
	default:
		changes, _ := diffSpecs(*then, *now)
		if len(changes) == 0 {
			return d, false
		}
		d.Change, d.Changes = DiffUpdated, changes
	}
	return d, true
}

// specChanges lists every field as {old, new} between a state and none.
func specChanges(old, new *Spec) Changes {
	c := Changes{}
	var ov, nv map[string]any
	if old != nil {
		ov = old.values()
	}
	if new != nil {
		nv = new.values()
	}
	for _, field := range DataFields {
		c[field] = FieldChange{Old: ov[field], New: nv[field]}
	}
	return c
}

// Matches reports whether an instance in state sp passes f's filters (the same rules as the
// database's: substrings case-insensitive, lists match any of their values).
func Matches(f store.InstanceFilter, sp Spec) bool {
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	if !in(f.ModelNames, sp.ModelName) || !in(f.ClusterNames, sp.ClusterName) || !in(f.Statuses, sp.Status) || !in(f.Priorities, sp.Priority) {
		return false
	}
	if f.Name != "" && !strings.Contains(strings.ToLower(sp.Name), strings.ToLower(f.Name)) {
		return false
	}
	if f.Q != "" {
		text := strings.ToLower(strings.Join([]string{sp.Name, sp.ModelName, sp.ClusterName, sp.ImageTag, deref(sp.Description)}, "\n"))
		if !strings.Contains(text, strings.ToLower(f.Q)) {
			return false
		}
	}
	return true
}
