package apiconv

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/instances"
)

// AppendHistoryRecordJSON appends a history record exactly as encoding/json encodes
// api.HistoryRecord (a fuzz test holds the two equal), without reflection and without the
// generated type's nullable fields, each of which is a map: encoding them was a third of a
// history export's time.
func AppendHistoryRecordJSON(b []byte, h instances.HistoryRecord) []byte {
	b = append(b, `{"history_id":`...)
	b = strconv.AppendInt(b, h.HistoryID, 10)
	b = appendInt(b, "original_id", h.OriginalID)
	b = appendField(b, "operation_type", h.OperationType)
	b = appendTime(b, "operation_timestamp", h.OperationTimestamp)
	b = appendField(b, "name", h.Name)
	b = appendField(b, "model_name", h.ModelName)
	b = appendField(b, "model_version", h.ModelVersion)
	b = appendField(b, "cluster_name", h.ClusterName)
	b = appendField(b, "image_tag", h.ImageTag)
	b = appendInt(b, "replicas", h.Replicas)
	b = appendInt(b, "pp", h.Pp)
	b = appendInt(b, "cp", h.Cp)
	b = appendInt(b, "tp", h.Tp)
	b = appendField(b, "status", h.Status)
	b = appendField(b, "priority", h.Priority)
	b = appendOptionalString(b, "description", h.Description)
	b = appendInt(b, "version", h.Version)
	b = appendTime(b, "created_at", h.CreatedAt)
	b = appendTime(b, "updated_at", h.UpdatedAt)
	b = append(b, `,"changes":`...)
	if h.Changes == nil {
		b = append(b, "null"...)
	} else {
		b = AppendChangesJSON(b, h.Changes)
	}
	b = appendOptionalString(b, "request_id", h.RequestID)
	b = appendOptionalString(b, "actor", h.Actor)
	b = appendOptionalString(b, "via", h.Via)
	b = appendOptionalString(b, "reason", h.Reason)
	b = appendOptionalInt(b, "reverted_from", h.RevertedFrom)
	b = appendOptionalString(b, "hash", h.Hash)
	return append(b, '}')
}

// AppendChangesJSON appends a changes object exactly as encoding/json encodes it (as api.Changes
// or dbtypes.Changes): fields in sorted order, each {"old":…,"new":…}.
func AppendChangesJSON(b []byte, c dbtypes.Changes) []byte {
	var small [24]string // a create changes every field: about fifteen
	fields := small[:0]
	for f := range c {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	b = append(b, '{')
	for n, f := range fields {
		if n > 0 {
			b = append(b, ',')
		}
		ch := c[f]
		b = appendJSONString(b, f)
		b = append(b, `:{"old":`...)
		b = appendJSONValue(b, ch.Old)
		b = append(b, `,"new":`...)
		b = appendJSONValue(b, ch.New)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendJSONValue appends a changed field's value: a string, a number or null as the store
// decodes them (json.Number keeps integers exact); anything else goes through encoding/json.
func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, v)
	case json.Number:
		if v != "" && json.Valid([]byte(v)) {
			return append(b, v...)
		}
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case bool:
		return strconv.AppendBool(b, v)
	}
	enc, err := json.Marshal(v)
	if err != nil { // not JSON at all (a channel, a func): what encoding/json would refuse too
		return append(b, "null"...)
	}
	return append(b, enc...)
}

// appendOptionalString and appendOptionalInt append a nullable field: null when v is nil.
func appendOptionalString(b []byte, name string, v *string) []byte {
	b = appendName(b, name)
	if v == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *v)
}

func appendOptionalInt(b []byte, name string, v *int64) []byte {
	b = appendName(b, name)
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, *v, 10)
}
