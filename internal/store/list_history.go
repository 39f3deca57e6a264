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
	// Actors, Vias and RequestIDs match records with any of their values (provenance).
	Actors, Vias, RequestIDs []string
	// FromValue and ToValue, with exactly one of Fields, match the changes that moved that field
	// away from or to a value (compared as text: 3 matches the integer 3).
	FromValue, ToValue *string
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
	"version, created_at, updated_at, changes, request_id, hash, chain_version, actor, via, reason, reverted_from"

func scanHistory(rows rowScanner) (HistoryRecord, error) {
	var h HistoryRecord
	err := rows.Scan(historyFields(&h)...)
	return h, err
}

// historyFields are the scan targets of historyColumns.
func historyFields(h *HistoryRecord) []any {
	return []any{&h.HistoryID, &h.OriginalID, &h.OperationType, timeDest{&h.OperationTimestamp}, &h.Name,
		&h.ModelName, &h.ModelVersion, &h.ClusterName, &h.ImageTag, &h.Replicas, &h.Pp, &h.Cp, &h.Tp,
		&h.Status, &h.Priority, &h.Description, &h.Version, timeDest{&h.CreatedAt}, timeDest{&h.UpdatedAt}, &h.Changes,
		&h.RequestID, &h.Hash, &h.ChainVersion, &h.Actor, &h.Via, &h.Reason, &h.RevertedFrom}
}

// ListHistory returns one page of history records matching f, newest first (by operation
// timestamp, ties broken by history_id; writers keep the two orders in agreement). The page and
// its total come from one statement, so from one snapshot.
func (s *Store) ListHistory(ctx context.Context, f HistoryFilter) (HistoryPage, error) {
	query, args, err := s.historyPageQuery(ctx, f)
	if err != nil {
		return HistoryPage{}, err
	}
	page, err := s.historyPage(ctx, s.readDB, query, args, f)
	if err != nil || len(page.Items) > 0 || f.SkipTotal || (f.Offset == 0 && f.Before == 0 && f.After == 0) {
		return page, err // an empty first page: nothing matches, total 0
	}
	// Past the end the statement returns no row to carry the total: count in the same snapshot.
	err = s.inReadSnapshot(ctx, func(db sqlDB) error {
		if page, err = s.historyPage(ctx, db, query, args, f); err != nil || len(page.Items) > 0 {
			return err
		}
		b := &queryBuilder{d: s.dialect}
		total, err := s.historyTotal(ctx, b, f)
		if err != nil {
			return err
		}
		return db.QueryRowContext(ctx, "SELECT "+total, b.args...).Scan(page.Total)
	})
	return page, err
}

// historyPage runs a page query whose first column is the total (NULL with SkipTotal).
func (s *Store) historyPage(ctx context.Context, db sqlDB, query string, args []any, f HistoryFilter) (HistoryPage, error) {
	page := HistoryPage{Items: make([]HistoryRecord, 0, min(f.Limit, 100))}
	var total sql.NullInt64
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return page, fmt.Errorf("list history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h HistoryRecord
		if err := rows.Scan(append([]any{&total}, historyFields(&h)...)...); err != nil {
			return page, fmt.Errorf("scan history: %w", err)
		}
		page.Items = append(page.Items, h)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list history: %w", err)
	}
	if !f.SkipTotal {
		page.Total = &total.Int64
	}
	if int64(len(page.Items)) > f.Limit {
		page.Items, page.HasMore = page.Items[:f.Limit], true
	}
	if f.After != 0 {
		slices.Reverse(page.Items)
	}
	return page, nil
}

// historyTotal is the number of records matching f's filters (the cursor does not change it) as
// a scalar subquery. Without filters, or with only an operation type, the running counts answer.
func (s *Store) historyTotal(ctx context.Context, b *queryBuilder, f HistoryFilter) (string, error) {
	filtered := f.InstanceID != 0 || f.Start != nil || f.End != nil || f.Q != "" || len(f.Fields) > 0 ||
		len(f.Actors) > 0 || len(f.Vias) > 0 || len(f.RequestIDs) > 0 || f.FromValue != nil || f.ToValue != nil
	switch {
	case !filtered && f.OperationType == "":
		return "(" + s.sumQuery(b, "history", []string{""}) + ")", nil
	case !filtered:
		return "(" + s.sumQuery(b, "history_op", []string{f.OperationType}) + ")", nil
	}
	counted := f
	counted.Before, counted.After = 0, 0 // the cursor does not change the total
	if err := s.historyConditions(ctx, b, counted); err != nil {
		return "", err
	}
	where := b.whereSQL()
	b.conds = nil
	return "(SELECT COUNT(*) FROM instance_history" + where + ")", nil
}

// historyPageQuery is the SQL of one page: the total (or NULL), then the records, one more than
// the limit to tell whether there is more.
func (s *Store) historyPageQuery(ctx context.Context, f HistoryFilter) (string, []any, error) {
	b := &queryBuilder{d: s.dialect}
	total := "NULL"
	if !f.SkipTotal {
		var err error
		if total, err = s.historyTotal(ctx, b, f); err != nil {
			return "", nil, err
		}
	}
	if err := s.historyConditions(ctx, b, f); err != nil {
		return "", nil, err
	}
	order := " ORDER BY operation_timestamp DESC, history_id DESC"
	if f.After != 0 {
		order = " ORDER BY operation_timestamp ASC, history_id ASC" // the records right after the cursor
	}
	query := "SELECT " + total + ", " + s.dialect.historyColumns + " FROM instance_history" + b.whereSQL() + order +
		" LIMIT " + b.arg(f.Limit+1) + " OFFSET " + b.arg(f.Offset)
	return query, b.args, nil
}

// EachHistory calls fn for every record matching f (paging fields ignored), newest first,
// streaming rows from the database: memory stays constant whatever the history's size.
func (s *Store) EachHistory(ctx context.Context, f HistoryFilter, fn func(HistoryRecord) error) error {
	f.Before, f.After = 0, 0
	b := &queryBuilder{d: s.dialect}
	if err := s.historyConditions(ctx, b, f); err != nil {
		return err
	}
	query := "SELECT " + s.dialect.historyColumns + " FROM instance_history" + b.whereSQL() +
		" ORDER BY operation_timestamp DESC, history_id DESC"
	return s.eachRow(ctx, query, b.args, func(rows rowScanner) error {
		h, err := scanHistory(rows)
		if err != nil {
			return err
		}
		return fn(h)
	})
}

func (s *Store) historyConditions(ctx context.Context, b *queryBuilder, f HistoryFilter) error {
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
		switch s.dialect.engine {
		case EngineMySQL:
			b.where(mysqlLike(b, mysqlHistorySearchText, f.Q))
		case EnginePostgres:
			b.where(pgHistorySearchText + " LIKE '%' || lower(" + b.arg(escapeLike(f.Q)) + ") || '%' ESCAPE '\\'")
		default:
			expr, lowered := sqliteScanText(sqliteHistorySearchColumns, f.Q)
			b.where("instr(" + expr + ", " + b.arg(lowered) + ") > 0")
		}
	}
	if len(f.Fields) > 0 {
		b.anyChangedField(f.Fields)
	}
	if len(f.Fields) == 1 {
		b.transition(f.Fields[0], "old", f.FromValue)
		b.transition(f.Fields[0], "new", f.ToValue)
	}
	b.in("actor", f.Actors)
	b.in("via", f.Vias)
	b.in("request_id", f.RequestIDs)
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
			return ErrUnknownCursor
		} else if err != nil {
			return err
		}
		// Keyset on (operation_timestamp, history_id); the bare bound on the timestamp lets the
		// planner range-scan the timestamp index.
		at := cur.OperationTimestamp.UTC()
		b.where(fmt.Sprintf("operation_timestamp %s %s AND (operation_timestamp %s %s OR history_id %s %s)",
			c.cmp, b.arg(at), c.op, b.arg(at), c.op, b.arg(c.id)))
	}
	return nil
}

// transition matches records whose change of field has side ("old" or "new") equal to value.
func (b *queryBuilder) transition(field, side string, value *string) {
	if value == nil {
		return
	}
	switch b.d.engine {
	case EnginePostgres:
		b.where("changes -> " + b.arg(field) + " ->> " + b.arg(side) + " = " + b.arg(*value))
		return
	case EngineMySQL:
		b.where("JSON_UNQUOTE(JSON_EXTRACT(changes, " + b.arg(`$."`+field+`".`+side) + ")) = " + b.arg(*value))
		return
	}
	b.where("CAST(json_extract(changes, " + b.arg(`$."`+field+`".`+side) + ") AS TEXT) = " + b.arg(*value))
}

// anyChangedField matches records whose changes object has any of the fields as a key.
func (b *queryBuilder) anyChangedField(fields []string) {
	conds := make([]string, len(fields))
	for i, f := range fields {
		switch b.d.engine {
		case EnginePostgres:
			conds[i] = "changes ? " + b.arg(f)
		case EngineMySQL:
			conds[i] = "JSON_CONTAINS_PATH(changes, 'one', " + b.arg(`$."`+f+`"`) + ")"
		default:
			conds[i] = "json_type(changes, " + b.arg(`$."`+f+`"`) + ") IS NOT NULL"
		}
	}
	b.where("(" + joinOr(conds) + ")")
}

// eachRow runs a query and calls fn on every row: through pgx itself on PostgreSQL (streamRows),
// through database/sql elsewhere.
func (s *Store) eachRow(ctx context.Context, query string, args []any, fn func(rowScanner) error) error {
	if s.streamRows != nil {
		return s.streamRows(ctx, query, args, fn)
	}
	return eachRowOf(ctx, s.readDB, query, args, fn)
}

// rowRunner runs a query and calls fn on every row: Store.eachRow, pgStreamRows or snapshotRows.
type rowRunner func(ctx context.Context, query string, args []any, fn func(rowScanner) error) error

// snapshotRows is eachRow through db (a read snapshot's transaction).
func snapshotRows(db sqlDB) rowRunner {
	return func(ctx context.Context, query string, args []any, fn func(rowScanner) error) error {
		return eachRowOf(ctx, db, query, args, fn)
	}
}

// eachRowOf runs a query through database/sql on db and calls fn on every row.
func eachRowOf(ctx context.Context, db sqlDB, query string, args []any, fn func(rowScanner) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return forEachRow(rows, fn)
}

// rowIterator is a *sql.Rows or a pgx.Rows.
type rowIterator interface {
	rowScanner
	Next() bool
	Err() error
}

// forEachRow calls fn on every row of rows (which the caller closes).
func forEachRow(rows rowIterator, fn func(rowScanner) error) error {
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachHistoryHashInOrder calls fn with the id and hash of every record with after < history_id ≤
// upTo, in history id order: all the Merkle log needs of a record (a record without a hash gives
// ""). Reading only the two columns keeps sealing from decoding every record's changes.
func (s *Store) EachHistoryHashInOrder(ctx context.Context, after, upTo int64, fn func(id int64, hash string) error) error {
	return s.eachRow(ctx, "SELECT history_id, hash FROM instance_history WHERE history_id > "+s.dialect.placeholder(1)+
		" AND history_id <= "+s.dialect.placeholder(2)+" ORDER BY history_id", []any{after, upTo}, func(rows rowScanner) error {
		var id int64
		var hash sql.NullString
		if err := rows.Scan(&id, &hash); err != nil {
			return fmt.Errorf("scan history hash: %w", err)
		}
		return fn(id, hash.String)
	})
}

// EachHistoryInOrder calls fn for every record with after < history_id ≤ upTo, in history id
// order (oldest first): the order of the Merkle log.
func (s *Store) EachHistoryInOrder(ctx context.Context, after, upTo int64, fn func(HistoryRecord) error) error {
	return s.eachRow(ctx, "SELECT "+s.dialect.historyColumns+" FROM instance_history WHERE history_id > "+s.dialect.placeholder(1)+
		" AND history_id <= "+s.dialect.placeholder(2)+" ORDER BY history_id", []any{after, upTo}, func(rows rowScanner) error {
		h, err := scanHistory(rows)
		if err != nil {
			return err
		}
		return fn(h)
	})
}

// EachHistoryByInstance calls fn for every record, instance by instance, each instance's records
// oldest first (their timestamp order, which is their id order: writers of an instance take
// turns), from the (original_id, operation_timestamp, history_id) index.
func (s *Store) EachHistoryByInstance(ctx context.Context, fn func(HistoryRecord) error) error {
	return s.eachRow(ctx, "SELECT "+s.dialect.historyColumns+" FROM instance_history ORDER BY original_id, operation_timestamp, history_id",
		nil, func(rows rowScanner) error {
			h, err := scanHistory(rows)
			if err != nil {
				return err
			}
			return fn(h)
		})
}
