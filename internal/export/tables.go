package export

import (
	"encoding/json"

	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// InstanceColumns are the CSV columns of an instance export, in API order.
var InstanceColumns = []string{"id", "name", "model_name", "model_version", "cluster_name", "image_tag",
	"replicas", "pp", "cp", "tp", "status", "priority", "description", "version", "created_at", "updated_at"}

// Instances writes instances exactly as the API shows them.
var Instances = Table[store.Instance]{
	Columns: InstanceColumns,
	Row: func(r *CSVRow, i store.Instance) {
		r.Int(i.ID)
		r.Text(i.Name)
		r.Text(i.ModelName)
		r.Text(i.ModelVersion)
		r.Text(i.ClusterName)
		r.Text(i.ImageTag)
		r.Int(i.Replicas)
		r.Int(i.Pp)
		r.Int(i.Cp)
		r.Int(i.Tp)
		r.Text(i.Status)
		r.Text(i.Priority)
		r.OptionalText(i.Description)
		r.Int(i.Version)
		r.Time(i.CreatedAt)
		r.Time(i.UpdatedAt)
	},
	Value:      func(i store.Instance) any { return apiconv.ToInstance(i) },
	AppendJSON: apiconv.AppendInstanceJSON,
}

// HistoryColumns are the CSV columns of a history export; changes is a JSON cell.
var HistoryColumns = []string{"history_id", "original_id", "operation_type", "operation_timestamp",
	"name", "model_name", "model_version", "cluster_name", "image_tag", "replicas", "pp", "cp", "tp",
	"status", "priority", "description", "version", "created_at", "updated_at", "changes", "request_id",
	"actor", "via", "reason", "reverted_from", "hash"}

// History writes history records exactly as the API shows them.
var History = Table[store.HistoryRecord]{
	Columns: HistoryColumns,
	Row: func(r *CSVRow, h store.HistoryRecord) {
		r.Int(h.HistoryID)
		r.Int(h.OriginalID)
		r.Text(h.OperationType)
		r.Time(h.OperationTimestamp)
		r.Text(h.Name)
		r.Text(h.ModelName)
		r.Text(h.ModelVersion)
		r.Text(h.ClusterName)
		r.Text(h.ImageTag)
		r.Int(h.Replicas)
		r.Int(h.Pp)
		r.Int(h.Cp)
		r.Int(h.Tp)
		r.Text(h.Status)
		r.Text(h.Priority)
		r.OptionalText(h.Description)
		r.Int(h.Version)
		r.Time(h.CreatedAt)
		r.Time(h.UpdatedAt)
		if h.Changes == nil {
			r.Text("")
		} else {
			r.Changes(h.Changes)
		}
		r.OptionalText(h.RequestID)
		r.OptionalText(h.Actor)
		r.OptionalText(h.Via)
		r.OptionalText(h.Reason)
		r.OptionalInt(h.RevertedFrom)
		r.OptionalText(h.Hash)
	},
	Value:      func(h store.HistoryRecord) any { return apiconv.ToHistoryRecord(h) },
	AppendJSON: apiconv.AppendHistoryRecordJSON,
}

// DiffColumns are the CSV columns of a diff export; changes, actors and history_ids are JSON cells.
var DiffColumns = []string{"instance_id", "name", "change", "changes", "actors", "history_ids", "from_history_id", "to_history_id"}

// Diffs writes what changed between two instants exactly as GET /api/history/diff shows it.
var Diffs = Table[instances.InstanceDiff]{
	Columns: DiffColumns,
	Row: func(r *CSVRow, d instances.InstanceDiff) {
		j := func(v any) { b, _ := json.Marshal(v); r.Text(string(b)) }
		r.Int(d.InstanceID)
		r.Text(d.Name)
		r.Text(d.Change)
		if d.Changes == nil {
			r.Text("null")
		} else {
			r.Changes(d.Changes)
		}
		j(nonNil(d.Actors))
		j(d.HistoryIDs)
		r.OptionalInt(d.FromID)
		r.OptionalInt(d.ToID)
	},
	Value: func(d instances.InstanceDiff) any { return apiconv.ToInstanceDiff(d) },
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
