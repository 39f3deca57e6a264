package store

import (
	"context"
	"database/sql"
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
	Offset        int64
	Limit         int64
}

const historyColumns = "history_id, original_id, operation_type, operation_timestamp, name, model_name, " +
	"model_version, cluster_name, image_tag, replicas, pp, cp, tp, status, priority, description, " +
	"version, created_at, updated_at, changes, request_id"

func scanHistory(rows *sql.Rows) (HistoryRecord, error) {
	var h HistoryRecord
	err := rows.Scan(&h.HistoryID, &h.OriginalID, &h.OperationType, &h.OperationTimestamp, &h.Name,
		&h.ModelName, &h.ModelVersion, &h.ClusterName, &h.ImageTag, &h.Replicas, &h.Pp, &h.Cp, &h.Tp,
		&h.Status, &h.Priority, &h.Description, &h.Version, &h.CreatedAt, &h.UpdatedAt, &h.Changes,
		&h.RequestID)
	return h, err
}

// ListHistory returns one page of history records matching f, newest first (by operation
// timestamp, ties broken by history_id), and the total number that match.
func (s *Store) ListHistory(ctx context.Context, f HistoryFilter) ([]HistoryRecord, int64, error) {
	q := s.historyQueries(f)
	var total int64
	if err := s.readDB.QueryRowContext(ctx, q.count, q.countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count history: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return []HistoryRecord{}, total, nil
	}
	rows, err := s.readDB.QueryContext(ctx, q.page, q.pageArgs...)
	if err != nil {
		return nil, 0, fmt.Errorf("list history: %w", err)
	}
	defer rows.Close()
	items := make([]HistoryRecord, 0, min(f.Limit, total))
	for rows.Next() {
		h, err := scanHistory(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan history: %w", err)
		}
		items = append(items, h)
	}
	return items, total, rows.Err()
}

func (s *Store) historyQueries(f HistoryFilter) listQueries {
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
			b.where("instr(" + sqliteSearchText + ", lower(" + b.arg(f.Q) + ")) > 0")
		}
	}
	where := b.whereSQL()
	q := listQueries{count: "SELECT COUNT(*) FROM instance_history" + where, countArgs: slices.Clone(b.args)}
	q.page = "SELECT " + historyColumns + " FROM instance_history" + where +
		" ORDER BY operation_timestamp DESC, history_id DESC LIMIT " + b.arg(f.Limit) + " OFFSET " + b.arg(f.Offset)
	q.pageArgs = b.args
	return q
}
