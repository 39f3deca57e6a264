package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DiffRow is one instance with records in a window (from, to]: the record holding its state at
// from (nil when it had none: it did not exist yet), the newest record of the window (its state
// at to), and what the window holds.
type DiffRow struct {
	InstanceID int64
	From       *HistoryRecord
	To         HistoryRecord
	HistoryIDs []int64  // the window's records, oldest first
	Actors     []string // who made them, sorted (records without an actor left out)
}

// EachDiff calls fn for every instance with a record in (from, to], in instance id order,
// streaming: one statement finds them through the timestamp index, aggregates each one's records
// and joins its two states, so the first row comes as soon as the window is grouped and memory
// stays constant however large the answer.
func (s *Store) EachDiff(ctx context.Context, from, to time.Time, fn func(DiffRow) error) error {
	b := &queryBuilder{d: s.dialect}
	ids, actors := "json_agg(history_id ORDER BY history_id)", "json_agg(DISTINCT actor) FILTER (WHERE actor IS NOT NULL)"
	switch s.dialect.engine {
	case EngineSQLite:
		ids, actors = "json_group_array(history_id)", "json_group_array(DISTINCT actor) FILTER (WHERE actor IS NOT NULL)"
	case EngineMySQL: // no FILTER, no DISTINCT here: nulls and repeats are dropped below
		ids, actors = "JSON_ARRAYAGG(history_id)", "JSON_ARRAYAGG(actor)"
	}
	query := "WITH win AS (SELECT original_id, MAX(history_id) AS last_id, " + ids + " AS ids, " + actors + " AS actors " +
		"FROM instance_history WHERE operation_timestamp > " + b.arg(from.UTC()) + " AND operation_timestamp <= " + b.arg(to.UTC()) +
		" GROUP BY original_id), pairs AS (SELECT w.original_id, w.last_id, w.ids, w.actors, " +
		"(SELECT x.history_id FROM instance_history x WHERE x.original_id = w.original_id AND x.operation_timestamp <= " + b.arg(from.UTC()) +
		" ORDER BY x.operation_timestamp DESC, x.history_id DESC LIMIT 1) AS first_id FROM win w) " +
		"SELECT p.original_id, p.ids, p.actors, " + stateColumns("f") + ", " + stateColumns("t") + " FROM pairs p " +
		"JOIN instance_history t ON t.history_id = p.last_id LEFT JOIN instance_history f ON f.history_id = p.first_id " +
		"ORDER BY p.original_id"
	return s.eachRow(ctx, query, s.dialect.customPlan(b.args), func(rows rowScanner) error {
		var row DiffRow
		var idsJSON, actorsJSON sql.NullString
		var fs, ts recordState
		if err := rows.Scan(append(append([]any{&row.InstanceID, &idsJSON, &actorsJSON}, fs.fields()...), ts.fields()...)...); err != nil {
			return err
		}
		row.To = *ts.record(row.InstanceID)
		if err := json.Unmarshal([]byte(idsJSON.String), &row.HistoryIDs); err != nil {
			return fmt.Errorf("diff: record ids: %w", err)
		}
		slices.Sort(row.HistoryIDs)
		if actorsJSON.Valid {
			var actors []*string
			if err := json.Unmarshal([]byte(actorsJSON.String), &actors); err != nil {
				return fmt.Errorf("diff: actors: %w", err)
			}
			for _, a := range actors {
				if a != nil {
					row.Actors = append(row.Actors, *a)
				}
			}
			slices.Sort(row.Actors)
			row.Actors = slices.Compact(row.Actors)
		}
		row.From = fs.record(row.InstanceID) // nil: it did not exist at from
		return fn(row)
	})
}

// stateColumns are the columns of a record that a diff needs — its id, operation and the state it
// holds — qualified by alias (all NULL for the state at from when the instance had none).
func stateColumns(alias string) string {
	return prefixed(alias+".", "history_id, operation_type, name, model_name, model_version, cluster_name, "+
		"image_tag, replicas, pp, cp, tp, status, priority, description, version")
}

// recordState scans stateColumns.
type recordState struct {
	id, replicas, pp, cp, tp, version                                          sql.NullInt64
	op, name, modelName, modelVersion, clusterName, imageTag, status, priority sql.NullString
	description                                                                *string
}

func (f *recordState) fields() []any {
	return []any{&f.id, &f.op, &f.name, &f.modelName, &f.modelVersion, &f.clusterName, &f.imageTag,
		&f.replicas, &f.pp, &f.cp, &f.tp, &f.status, &f.priority, &f.description, &f.version}
}

// record is the scanned state as a (partial) history record, nil when there was none.
func (f *recordState) record(instanceID int64) *HistoryRecord {
	if !f.id.Valid {
		return nil
	}
	return &HistoryRecord{HistoryID: f.id.Int64, OriginalID: instanceID, OperationType: f.op.String, Name: f.name.String,
		ModelName: f.modelName.String, ModelVersion: f.modelVersion.String, ClusterName: f.clusterName.String,
		ImageTag: f.imageTag.String, Replicas: f.replicas.Int64, Pp: f.pp.Int64, Cp: f.cp.Int64, Tp: f.tp.Int64,
		Status: f.status.String, Priority: f.priority.String, Description: f.description, Version: f.version.Int64}
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}
