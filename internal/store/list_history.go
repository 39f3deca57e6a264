package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// HistoryFilter selects and pages history records, newest first. Zero fields do not filter.
type HistoryFilter struct {
	InstanceID    int64
	OperationType string
	Start, End    *time.Time // inclusive bounds on operation_timestamp
	Q             string     // case-insensitive substring of the recorded searchable fields
	Fields        []string   // records whose changes include any of these fields
	// Before and After are keyset cursors (history ids); at most one is set, and then Offset is 0.
	Before, After int64
	SkipTotal     bool
	Offset        int64
	Limit         int64
}

// HistoryPage is one page of records, newest first.
type HistoryPage struct {
	Items   []HistoryRecord
	Total   *int64 // nil when SkipTotal
	HasMore bool   // more records beyond the page, in the direction of paging
}

// ErrUnknownCursor is returned when a Before/After cursor names no history record.
var ErrUnknownCursor = errors.New("unknown history cursor")

const historyColumns = "history_id, original_id, operation_type, operation_timestamp, name, model_name, " +
	"model_version, cluster_name, image_tag, replicas, pp, cp, tp, status, priority, description, " +
	"version, created_at, updated_at, changes, request_id, hash"

func scanHistory(rows *sql.Rows) (HistoryRecord, error) {
	var h HistoryRecord
	err := rows.Scan(&h.HistoryID, &h.OriginalID, &h.OperationType, &h.OperationTimestamp, &h.Name,
		&h.ModelName, &h.ModelVersion, &h.ClusterName, &h.ImageTag, &h.Replicas, &h.Pp, &h.Cp, &h.Tp,
		&h.Status, &h.Priority, &h.Description, &h.Version, &h.CreatedAt, &h.UpdatedAt, &h.Changes,
		&h.RequestID, &h.Hash)
	return h, err
}

// ListHistory returns one page of history records matching f, newest first (by operation
// timestamp, ties broken by history_id; writers keep the two orders in agreement).
func (s *Store) ListHistory(ctx context.Context, f HistoryFilter) (HistoryPage, error) {
	b, err := s.historyConditions(ctx, f)
	if err != nil {
		return HistoryPage{}, err
	}
	var page HistoryPage
	if !f.SkipTotal {
		total, err := s.historyTotal(ctx, f)
		if err != nil {
			return HistoryPage{}, fmt.Errorf("count history: %w", err)
		}
		page.Total = &total
	}
	query, args := historyPageSQL(b, f)
	page.Items = make([]HistoryRecord, 0, min(f.Limit, 1000))
	err = s.eachRow(ctx, query, args, func(rows *sql.Rows) error {
		h, err := scanHistory(rows)
		if err == nil {
			page.Items = append(page.Items, h)
		}
		return err
	})
	if err != nil {
		return HistoryPage{}, fmt.Errorf("list history: %w", err)
	}
	if int64(len(page.Items)) > f.Limit {
		page.Items, page.HasMore = page.Items[:f.Limit], true
	}
	if f.After != 0 {
		slices.Reverse(page.Items)
	}
	return page, nil
}

// historyTotal counts the whole filtered history (the cursor does not change it). Without
// filters, or with only an operation type, the running counts answer.
func (s *Store) historyTotal(ctx context.Context, f HistoryFilter) (int64, error) {
	filtered := f.InstanceID != 0 || f.Start != nil || f.End != nil || f.Q != "" || len(f.Fields) > 0
	switch {
	case !filtered && f.OperationType == "":
		return s.countOf(ctx, "history", "")
	case !filtered:
		return s.countOf(ctx, "history_op", f.OperationType)
	}
	cb, err := s.historyConditions(ctx, HistoryFilter{InstanceID: f.InstanceID, OperationType: f.OperationType,
		Start: f.Start, End: f.End, Q: f.Q, Fields: f.Fields})
	if err != nil {
		return 0, err
	}
	var total int64
	err = s.readDB.QueryRowContext(ctx, "SELECT COUNT(*) FROM instance_history"+cb.whereSQL(), cb.args...).Scan(&total)
	return total, err
}

// historyPageSQL completes the page query: one row more than the limit tells whether there is more.
func historyPageSQL(b *queryBuilder, f HistoryFilter) (string, []any) {
	order := " ORDER BY operation_timestamp DESC, history_id DESC"
	if f.After != 0 {
		order = " ORDER BY operation_timestamp ASC, history_id ASC" // the records right after the cursor
	}
	query := "SELECT " + historyColumns + " FROM instance_history" + b.whereSQL() + order +
		" LIMIT " + b.arg(f.Limit+1) + " OFFSET " + b.arg(f.Offset)
	return query, b.args
}

// EachHistory calls fn for every record matching f (paging fields ignored), newest first,
// streaming rows from the database: memory stays constant whatever the history's size.
func (s *Store) EachHistory(ctx context.Context, f HistoryFilter, fn func(HistoryRecord) error) error {
	f.Before, f.After = 0, 0
	b, err := s.historyConditions(ctx, f)
	if err != nil {
		return err
	}
	query := "SELECT " + historyColumns + " FROM instance_history" + b.whereSQL() +
		" ORDER BY operation_timestamp DESC, history_id DESC"
	return s.eachRow(ctx, query, b.args, func(rows *sql.Rows) error {
		h, err := scanHistory(rows)
		if err != nil {
			return err
		}
		return fn(h)
	})
}

func (s *Store) historyConditions(ctx context.Context, f HistoryFilter) (*queryBuilder, error) {
	b := &queryBuilder{d: s.dialect}
	if f.InstanceID != 0 {
		b.where("original_id = " + b.arg(f.InstanceID))
	}
	if f.OperationType != "" {
		b.where("operation_type = " + b.arg(f.OperationType))
	}
	if f.Start != nil {
		b.where("operation_timestamp >= " + b.arg(f.Start.UTC()))
	}
	if f.End != nil {
		b.where("operation_timestamp <= " + b.arg(f.End.UTC()))
	}
	if f.Q != "" {
		// History is append-only and large; free text scans the rows the other filters leave.
		if s.dialect.engine == EnginePostgres {
			b.where(pgSearchText + " LIKE '%' || lower(" + b.arg(escapeLike(f.Q)) + ") || '%' ESCAPE '\\'")
		} else {
			expr, lowered := sqliteScanText("", f.Q)
			b.where("instr(" + expr + ", " + b.arg(lowered) + ") > 0")
		}
	}
	if len(f.Fields) > 0 {
		b.anyChangedField(f.Fields)
	}
	for _, c := range []struct {
		id  int64
		op  string
		cmp string
	}{{f.Before, "<", "<="}, {f.After, ">", ">="}} {
		if c.id == 0 {
			continue
		}
		cur, err := s.reader.HistoryGet(ctx, c.id)
		if IsNotFound(err) {
			return nil, ErrUnknownCursor
		} else if err != nil {
			return nil, err
		}
		// Keyset on (operation_timestamp, history_id); the bare bound on the timestamp lets the
		// planner range-scan the timestamp index.
		at := cur.OperationTimestamp.UTC()
		b.where(fmt.Sprintf("operation_timestamp %s %s AND (operation_timestamp %s %s OR history_id %s %s)",
			c.cmp, b.arg(at), c.op, b.arg(at), c.op, b.arg(c.id)))
	}
	return b, nil
}

// anyChangedField matches records whose changes object has any of the fields as a key.
func (b *queryBuilder) anyChangedField(fields []string) {
	conds := make([]string, len(fields))
	for i, f := range fields {
		if b.d.engine == EnginePostgres {
			conds[i] = "changes ? " + b.arg(f)
		} else {
			conds[i] = "json_type(changes, " + b.arg(`$."`+f+`"`) + ") IS NOT NULL"
		}
	}
	b.where("(" + joinOr(conds) + ")")
}

// eachRow runs a query and calls fn on every row.
func (s *Store) eachRow(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.readDB.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachHistoryInOrder calls fn for every record in history id order (oldest first): the order of
// the hash chain.
func (s *Store) EachHistoryInOrder(ctx context.Context, fn func(HistoryRecord) error) error {
	return s.eachRow(ctx, "SELECT "+historyColumns+" FROM instance_history ORDER BY history_id", nil, func(rows *sql.Rows) error {
		h, err := scanHistory(rows)
		if err != nil {
			return err
		}
		return fn(h)
	})
}
