// Package apiconv converts between the API's generated types (gen/api) and the domain's and
// store's types. It is the only place that knows both; the HTTP handlers, the exporters and the
// importer all go through it.
package apiconv

import (
	"strings"
	"time"

	"github.com/oapi-codegen/nullable"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func ToInstance(i instances.Instance) api.Instance {
	return api.Instance{
		Id: i.ID, Name: i.Name, ModelName: i.ModelName, ModelVersion: i.ModelVersion,
		ClusterName: i.ClusterName, ImageTag: i.ImageTag,
		Replicas: int(i.Replicas), Pp: int(i.Pp), Cp: int(i.Cp), Tp: int(i.Tp),
		Status: api.Status(i.Status), Priority: api.Priority(i.Priority),
		Description: nullableString(i.Description), Version: i.Version,
		CreatedAt: utc(i.CreatedAt), UpdatedAt: utc(i.UpdatedAt),
	}
}

func ToInstances(items []instances.Instance) []api.Instance {
	out := make([]api.Instance, len(items))
	for i, it := range items {
		out[i] = ToInstance(it)
	}
	return out
}

func ToHistoryRecord(h instances.HistoryRecord) api.HistoryRecord {
	rec := api.HistoryRecord{
		HistoryId: h.HistoryID, OriginalId: h.OriginalID,
		OperationType: api.OperationType(h.OperationType), OperationTimestamp: utc(h.OperationTimestamp),
		Name: h.Name, ModelName: h.ModelName, ModelVersion: h.ModelVersion,
		ClusterName: h.ClusterName, ImageTag: h.ImageTag,
		Replicas: int(h.Replicas), Pp: int(h.Pp), Cp: int(h.Cp), Tp: int(h.Tp),
		Status: api.Status(h.Status), Priority: api.Priority(h.Priority),
		Description: nullableString(h.Description), Version: h.Version,
		CreatedAt: utc(h.CreatedAt), UpdatedAt: utc(h.UpdatedAt),
		Changes:   nullable.NewNullNullable[map[string]api.FieldChange](),
		RequestId: nullableString(h.RequestID),
		Actor:     nullableString(h.Actor),
		Reason:    nullableString(h.Reason),
		Via:       nullable.NewNullNullable[api.HistoryRecordVia](),
		Hash:      nullableString(h.Hash),
		// Unset, a Nullable encodes as its zero value (0), not null: every field is set.
		RevertedFrom: NullableInt(h.RevertedFrom),
	}
	if h.Via != nil {
		rec.Via = nullable.NewNullableWithValue(api.HistoryRecordVia(*h.Via))
	}
	if h.Changes != nil {
		rec.Changes = nullable.NewNullableWithValue(map[string]api.FieldChange(ToChanges(h.Changes)))
	}
	return rec
}

func ToHistoryPage(p store.HistoryPage, f store.HistoryFilter) api.HistoryPage {
	page := api.HistoryPage{Items: make([]api.HistoryRecord, len(p.Items)), Limit: int(f.Limit), Offset: f.Offset,
		HasMore: p.HasMore, Total: nullable.NewNullNullable[int64]()}
	if p.Total != nil {
		page.Total = nullable.NewNullableWithValue(*p.Total)
	}
	for i, h := range p.Items {
		page.Items[i] = ToHistoryRecord(h)
	}
	return page
}

func ToChanges(c dbtypes.Changes) api.Changes {
	out := make(api.Changes, len(c))
	for f, ch := range c {
		out[f] = api.FieldChange{Old: ch.Old, New: ch.New}
	}
	return out
}

func ToComparison(c instances.Comparison) api.HistoryComparison {
	return api.HistoryComparison{
		InstanceId: c.InstanceID, From: ToHistoryRecord(c.From), To: ToHistoryRecord(c.To),
		Changes: ToChanges(c.Changes), UnchangedFields: c.Unchanged,
	}
}

func FromCreate(b api.InstanceCreate) instances.CreateInput {
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

// FromBulkPatch converts a bulk update's patch (InstanceUpdate's fields but name).
func FromBulkPatch(b api.BulkPatch) instances.Patch {
	return FromUpdate(api.InstanceUpdate{ModelName: b.ModelName, ModelVersion: b.ModelVersion,
		ClusterName: b.ClusterName, ImageTag: b.ImageTag, Replicas: b.Replicas, Pp: b.Pp, Cp: b.Cp, Tp: b.Tp,
		Status: b.Status, Priority: b.Priority, Description: b.Description})
}

func FromUpdate(b api.InstanceUpdate) instances.Patch {
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

func FromListParams(p api.InstanceListParams) store.InstanceFilter {
	f := store.InstanceFilter{Offset: Deref(p.Skip, 0), Limit: int64(Deref(p.Limit, 100))}
	f.Name = Deref(p.Name, "")
	f.Q = Deref(p.Q, "")
	f.ModelNames = Deref(p.ModelName, nil)
	f.ClusterNames = Deref(p.ClusterName, nil)
	for _, s := range Deref(p.Status, nil) {
		f.Statuses = append(f.Statuses, string(s))
	}
	for _, s := range Deref(p.Priority, nil) {
		f.Priorities = append(f.Priorities, string(s))
	}
	for _, k := range Deref(p.Sort, nil) {
		field, desc := strings.CutPrefix(string(k), "-")
		f.Sort = append(f.Sort, store.SortKey{Field: field, Desc: desc})
	}
	return f
}

// HistoryParams are the filters shared by both history lists and the history export.
type HistoryParams struct {
	Limit         *int
	Offset        *int64
	Op            *api.OperationType
	Start, End    *time.Time
	Fields        *[]api.ChangeField
	Before, After *int64
	IncludeTotal  *bool
	Actors        *[]string
	Vias          *[]api.Via
	RequestIDs    *[]string
	From, To      *string // transition filters
}

// Filter converts the parameters into a store filter.
func (p HistoryParams) Filter() store.HistoryFilter {
	f := store.HistoryFilter{Limit: int64(Deref(p.Limit, 50)), Offset: Deref(p.Offset, 0), Start: p.Start, End: p.End,
		Before: Deref(p.Before, 0), After: Deref(p.After, 0), SkipTotal: !Deref(p.IncludeTotal, true)}
	if p.Op != nil {
		f.OperationType = string(*p.Op)
	}
	for _, field := range Deref(p.Fields, nil) {
		f.Fields = append(f.Fields, string(field))
	}
	f.Actors, f.RequestIDs = Deref(p.Actors, nil), Deref(p.RequestIDs, nil)
	f.FromValue, f.ToValue = p.From, p.To
	for _, via := range Deref(p.Vias, nil) {
		f.Vias = append(f.Vias, string(via))
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

func Deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func utc(t time.Time) time.Time { return t.UTC() }

// ToEvent renders a committed change as the event stream sends it.
func ToEvent(ev instances.Event) api.Event {
	rec := ToHistoryRecord(ev.Record)
	return api.Event{Type: api.EventType(ev.Type), HistoryId: rec.HistoryId, InstanceId: rec.OriginalId,
		At: rec.OperationTimestamp, Changes: rec.Changes, Record: rec}
}

// ToInstanceDiff converts one instance's difference between two instants.
func ToInstanceDiff(d instances.InstanceDiff) api.InstanceDiff {
	actors := d.Actors
	if actors == nil {
		actors = []string{}
	}
	return api.InstanceDiff{InstanceId: d.InstanceID, Name: d.Name, Change: api.InstanceDiffChange(d.Change),
		Changes: ToChanges(d.Changes), Actors: actors, HistoryIds: d.HistoryIDs,
		FromHistoryId: NullableInt(d.FromID), ToHistoryId: NullableInt(d.ToID)}
}

// NullableInt converts an optional integer.
func NullableInt(n *int64) nullable.Nullable[int64] {
	if n == nil {
		return nullable.NewNullNullable[int64]()
	}
	return nullable.NewNullableWithValue(*n)
}
