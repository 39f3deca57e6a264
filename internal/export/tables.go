package export

import (
	"encoding/json"
	"strconv"
	"time"

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
	Row: func(i store.Instance) []string {
		return []string{itoa(i.ID), i.Name, i.ModelName, i.ModelVersion, i.ClusterName, i.ImageTag,
			itoa(i.Replicas), itoa(i.Pp), itoa(i.Cp), itoa(i.Tp), i.Status, i.Priority, str(i.Description),
			itoa(i.Version), ts(i.CreatedAt), ts(i.UpdatedAt)}
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
	Row: func(h store.HistoryRecord) []string {
		changes := ""
		if h.Changes != nil {
			changes = string(apiconv.AppendChangesJSON(nil, h.Changes))
		}
		return []string{itoa(h.HistoryID), itoa(h.OriginalID), h.OperationType, ts(h.OperationTimestamp),
			h.Name, h.ModelName, h.ModelVersion, h.ClusterName, h.ImageTag,
			itoa(h.Replicas), itoa(h.Pp), itoa(h.Cp), itoa(h.Tp), h.Status, h.Priority, str(h.Description),
			itoa(h.Version), ts(h.CreatedAt), ts(h.UpdatedAt), changes, str(h.RequestID),
			str(h.Actor), str(h.Via), str(h.Reason), optInt(h.RevertedFrom), str(h.Hash)}
	},
	Value:      func(h store.HistoryRecord) any { return apiconv.ToHistoryRecord(h) },
	AppendJSON: apiconv.AppendHistoryRecordJSON,
}

// DiffColumns are the CSV columns of a diff export; changes, actors and history_ids are JSON cells.
var DiffColumns = []string{"instance_id", "name", "change", "changes", "actors", "history_ids", "from_history_id", "to_history_id"}

// Diffs writes what changed between two instants exactly as GET /api/history/diff shows it.
var Diffs = Table[instances.InstanceDiff]{
	Columns: DiffColumns,
	Row: func(d instances.InstanceDiff) []string {
		j := func(v any) string { b, _ := json.Marshal(v); return string(b) }
		return []string{itoa(d.InstanceID), d.Name, d.Change, j(d.Changes), j(nonNil(d.Actors)), j(d.HistoryIDs),
			optInt(d.FromID), optInt(d.ToID)}
	},
	Value: func(d instances.InstanceDiff) any { return apiconv.ToInstanceDiff(d) },
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func optInt(n *int64) string {
	if n == nil {
		return ""
	}
	return itoa(*n)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// str renders an optional text; CSV has no null, so null and "" are both empty.
func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
