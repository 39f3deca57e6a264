package httpapi

import (
	"strings"
	"time"

	"github.com/oapi-codegen/nullable"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// This file is the only place that converts between the API's types and the domain's.

func toInstance(i instances.Instance) api.Instance {
	return api.Instance{
		Id: i.ID, Name: i.Name, ModelName: i.ModelName, ModelVersion: i.ModelVersion,
		ClusterName: i.ClusterName, ImageTag: i.ImageTag,
		Replicas: int(i.Replicas), Pp: int(i.Pp), Cp: int(i.Cp), Tp: int(i.Tp),
		Status: api.Status(i.Status), Priority: api.Priority(i.Priority),
		Description: nullableString(i.Description), Version: i.Version,
		CreatedAt: utc(i.CreatedAt), UpdatedAt: utc(i.UpdatedAt),
	}
}

func toInstances(items []instances.Instance) []api.Instance {
	out := make([]api.Instance, len(items))
	for i, it := range items {
		out[i] = toInstance(it)
	}
	return out
}

func toHistoryRecord(h instances.HistoryRecord) api.HistoryRecord {
	rec := api.HistoryRecord{
		HistoryId: h.HistoryID, OriginalId: h.OriginalID,
		OperationType: api.OperationType(h.OperationType), OperationTimestamp: utc(h.OperationTimestamp),
		Name: h.Name, ModelName: h.ModelName, ModelVersion: h.ModelVersion,
		ClusterName: h.ClusterName, ImageTag: h.ImageTag,
		Replicas: int(h.Replicas), Pp: int(h.Pp), Cp: int(h.Cp), Tp: int(h.Tp),
		Status: api.Status(h.Status), Priority: api.Priority(h.Priority),
		Description: nullableString(h.Description), Version: h.Version,
		CreatedAt: utc(h.CreatedAt), UpdatedAt: utc(h.UpdatedAt),
		Changes:   nullable.NewNullNullable[api.Changes](),
		RequestId: nullableString(h.RequestID),
	}
	if h.Changes != nil {
		rec.Changes = nullable.NewNullableWithValue(toChanges(h.Changes))
	}
	return rec
}

func toHistoryPage(items []instances.HistoryRecord, total int64, limit int, offset int64) api.HistoryPage {
	page := api.HistoryPage{Items: make([]api.HistoryRecord, len(items)), Total: total, Limit: limit, Offset: offset}
	for i, h := range items {
		page.Items[i] = toHistoryRecord(h)
	}
	return page
}

func toChanges(c dbtypes.Changes) api.Changes {
	out := make(api.Changes, len(c))
	for f, ch := range c {
		out[f] = api.FieldChange{Old: ch.Old, New: ch.New}
	}
	return out
}

func toComparison(c instances.Comparison) api.HistoryComparison {
	return api.HistoryComparison{
		InstanceId: c.InstanceID, From: toHistoryRecord(c.From), To: toHistoryRecord(c.To),
		Changes: toChanges(c.Changes), UnchangedFields: c.Unchanged,
	}
}

func fromCreate(b api.InstanceCreate) instances.CreateInput {
	in := instances.CreateInput{
		Name: b.Name, ModelName: b.ModelName, ClusterName: b.ClusterName, ImageTag: b.ImageTag,
		ModelVersion: b.ModelVersion,
		Replicas:     int64p(b.Replicas), PP: int64p(b.Pp), CP: int64p(b.Cp), TP: int64p(b.Tp),
		Status: (*string)(b.Status), Priority: (*string)(b.Priority),
	}
	if v, err := b.Description.Get(); err == nil {
		in.Description = &v
	}
	return in
}

func fromUpdate(b api.InstanceUpdate) instances.Patch {
	p := instances.Patch{
		Name: b.Name, ModelName: b.ModelName, ModelVersion: b.ModelVersion,
		ClusterName: b.ClusterName, ImageTag: b.ImageTag,
		Replicas: int64p(b.Replicas), PP: int64p(b.Pp), CP: int64p(b.Cp), TP: int64p(b.Tp),
		Status: (*string)(b.Status), Priority: (*string)(b.Priority),
	}
	if b.Description.IsSpecified() {
		p.SetDescription = true
		if v, err := b.Description.Get(); err == nil {
			p.Description = &v
		}
	}
	return p
}

func fromListParams(p api.InstanceListParams) store.InstanceFilter {
	f := store.InstanceFilter{Offset: deref(p.Skip, 0), Limit: int64(deref(p.Limit, 100))}
	f.Name = deref(p.Name, "")
	f.Q = deref(p.Q, "")
	f.ModelNames = deref(p.ModelName, nil)
	f.ClusterNames = deref(p.ClusterName, nil)
	for _, s := range deref(p.Status, nil) {
		f.Statuses = append(f.Statuses, string(s))
	}
	for _, s := range deref(p.Priority, nil) {
		f.Priorities = append(f.Priorities, string(s))
	}
	for _, k := range deref(p.Sort, nil) {
		field, desc := strings.CutPrefix(string(k), "-")
		f.Sort = append(f.Sort, store.SortKey{Field: field, Desc: desc})
	}
	return f
}

// historyFilter converts the filters shared by both history lists.
func historyFilter(limit *int, offset *int64, op *api.OperationType, start, end *time.Time) store.HistoryFilter {
	f := store.HistoryFilter{Limit: int64(deref(limit, 50)), Offset: deref(offset, 0), Start: start, End: end}
	if op != nil {
		f.OperationType = string(*op)
	}
	return f
}

func nullableString(s *string) nullable.Nullable[string] {
	if s == nil {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(*s)
}

func int64p(v *int) *int64 {
	if v == nil {
		return nil
	}
	n := int64(*v)
	return &n
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func utc(t time.Time) time.Time { return t.UTC() }
