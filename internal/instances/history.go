package instances

import (
	"context"
	"errors"
	"fmt"

	"github.com/iims/iims/internal/store"
)

// GetHistory returns one history record.
func (s *Service) GetHistory(ctx context.Context, historyID int64) (HistoryRecord, error) {
	rec, err := s.store.Q().HistoryGet(ctx, historyID)
	if store.IsNotFound(err) {
		return HistoryRecord{}, &NotFoundError{Kind: "history record", ID: historyID}
	}
	return rec, err
}

// ListHistory returns one page of the fleet-wide change feed, newest first.
func (s *Service) ListHistory(ctx context.Context, f store.HistoryFilter) (store.HistoryPage, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Before != 0 && f.After != 0 || (f.Before != 0 || f.After != 0) && f.Offset != 0 {
		return store.HistoryPage{}, &ValidationError{Errors: []FieldError{{Field: "before", Message: "use one of before, after and offset"}}}
	}
	if err := CheckTransition(f); err != nil {
		return store.HistoryPage{}, err
	}
	page, err := s.store.ListHistory(ctx, f)
	if errors.Is(err, store.ErrUnknownCursor) {
		field := "before"
		if f.After != 0 {
			field = "after"
		}
		return page, &ValidationError{Errors: []FieldError{{Field: field, Message: "names no history record"}}}
	}
	return page, err
}

// InstanceHistory returns one page of one instance's history, newest first. It answers for
// deleted instances too; only an id that never existed is a *NotFoundError.
func (s *Service) InstanceHistory(ctx context.Context, instanceID int64, f store.HistoryFilter) (store.HistoryPage, error) {
	f.InstanceID = instanceID
	page, err := s.ListHistory(ctx, f)
	if err != nil || len(page.Items) > 0 {
		return page, err
	}
	if _, err := s.store.Q().HistoryFirstOf(ctx, instanceID); store.IsNotFound(err) {
		return page, &NotFoundError{Kind: "instance", ID: instanceID}
	} else if err != nil {
		return page, err
	}
	return page, nil
}

// Compare returns the field-by-field difference between two records of one instance. Records of
// different instances are a *ValidationError.
func (s *Service) Compare(ctx context.Context, fromID, toID int64) (Comparison, error) {
	from, err := s.GetHistory(ctx, fromID)
	if err != nil {
		return Comparison{}, err
	}
	to, err := s.GetHistory(ctx, toID)
	if err != nil {
		return Comparison{}, err
	}
	if from.OriginalID != to.OriginalID {
		return Comparison{}, &ValidationError{Errors: []FieldError{{
			Field: "to",
			Message: fmt.Sprintf("history records %d and %d belong to different instances (%d and %d)",
				fromID, toID, from.OriginalID, to.OriginalID),
		}}}
	}
	changes, unchanged := diffSpecs(SpecOfRecord(from), SpecOfRecord(to))
	return Comparison{InstanceID: from.OriginalID, From: from, To: to, Changes: changes, Unchanged: unchanged}, nil
}

// Stats summarises the fleet; every status and priority is present, zero when unused.
func (s *Service) Stats(ctx context.Context) (store.FleetStats, error) {
	return withEveryEnum(s.store.FleetStats(ctx))
}

// withEveryEnum gives fleet counts their fixed shape: every status and priority present, zero
// when unused (now or, for StatsAsOf, then).
func withEveryEnum(st store.FleetStats, err error) (store.FleetStats, error) {
	if err != nil {
		return st, err
	}
	for _, v := range Statuses {
		st.ByStatus[v] += 0
	}
	for _, v := range Priorities {
		st.ByPriority[v] += 0
	}
	return st, nil
}

// CheckTransition refuses a transition filter (from, to) without exactly one field to apply it to.
func CheckTransition(f store.HistoryFilter) error {
	if (f.FromValue != nil || f.ToValue != nil) && len(f.Fields) != 1 {
		return &ValidationError{Errors: []FieldError{{Field: "field",
			Message: fmt.Sprintf("from and to need exactly one field (e.g. field=status&to=error), not %d", len(f.Fields))}}}
	}
	return nil
}
