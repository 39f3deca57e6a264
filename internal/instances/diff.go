package instances

import (
	"time"

	"github.com/iims/iims/internal/dbtypes"
)

// DataFields are the user-settable fields in their API order; history changes and comparisons
// report them in this order.
var DataFields = []string{
	"name", "model_name", "model_version", "cluster_name", "image_tag",
	"replicas", "pp", "cp", "tp", "status", "priority", "description",
}

// SpecOf returns the user-settable part of a stored instance.
func SpecOf(i Instance) Spec {
	return Spec{
		Name: i.Name, ModelName: i.ModelName, ModelVersion: i.ModelVersion, ClusterName: i.ClusterName,
		ImageTag: i.ImageTag, Replicas: i.Replicas, PP: i.Pp, CP: i.Cp, TP: i.Tp,
		Status: i.Status, Priority: i.Priority, Description: i.Description,
	}
}

// SpecOfRecord returns the state a history record holds.
func SpecOfRecord(h HistoryRecord) Spec {
	return Spec{
		Name: h.Name, ModelName: h.ModelName, ModelVersion: h.ModelVersion, ClusterName: h.ClusterName,
		ImageTag: h.ImageTag, Replicas: h.Replicas, PP: h.Pp, CP: h.Cp, TP: h.Tp,
		Status: h.Status, Priority: h.Priority, Description: h.Description,
	}
}

// Equal reports whether two states hold the same value in every field.
func (sp Spec) Equal(other Spec) bool {
	changes, _ := diffSpecs(sp, other)
	return len(changes) == 0
}

// values returns each data field's JSON value (strings, integers, nil for no description).
func (sp Spec) values() map[string]any {
	var desc any
	if sp.Description != nil {
		desc = *sp.Description
	}
	return map[string]any{
		"name": sp.Name, "model_name": sp.ModelName, "model_version": sp.ModelVersion,
		"cluster_name": sp.ClusterName, "image_tag": sp.ImageTag,
		"replicas": sp.Replicas, "pp": sp.PP, "cp": sp.CP, "tp": sp.TP,
		"status": sp.Status, "priority": sp.Priority, "description": desc,
	}
}

// diffSpecs returns the fields whose values differ between a and b, as {old: a, new: b}, and the
// names of the fields that are equal (in DataFields order).
func diffSpecs(a, b Spec) (Changes, []string) {
	av, bv := a.values(), b.values()
	changes := Changes{}
	unchanged := []string{}
	for _, f := range DataFields {
		if av[f] == bv[f] {
			unchanged = append(unchanged, f)
			continue
		}
		changes[f] = dbtypes.FieldChange{Old: av[f], New: bv[f]}
	}
	return changes, unchanged
}

// createChanges records every field of a new instance as {old: null, new: value}.
func createChanges(i Instance) Changes {
	changes := Changes{}
	for f, v := range SpecOf(i).values() {
		changes[f] = dbtypes.FieldChange{Old: nil, New: v}
	}
	changes["created_at"] = dbtypes.FieldChange{Old: nil, New: timestamp(i.CreatedAt)}
	changes["updated_at"] = dbtypes.FieldChange{Old: nil, New: timestamp(i.UpdatedAt)}
	return changes
}

// timestamp renders a time exactly as the API does (RFC 3339 in UTC).
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// apply returns the state after the patch.
func (p Patch) apply(sp Spec) Spec {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setInt := func(dst *int64, v *int64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&sp.Name, p.Name)
	set(&sp.ModelName, p.ModelName)
	set(&sp.ModelVersion, p.ModelVersion)
	set(&sp.ClusterName, p.ClusterName)
	set(&sp.ImageTag, p.ImageTag)
	setInt(&sp.Replicas, p.Replicas)
	setInt(&sp.PP, p.PP)
	setInt(&sp.CP, p.CP)
	setInt(&sp.TP, p.TP)
	set(&sp.Status, p.Status)
	set(&sp.Priority, p.Priority)
	if p.SetDescription {
		sp.Description = p.Description
	}
	return sp
}

// withDefaults turns a CreateInput into a complete Spec.
func (in CreateInput) withDefaults() Spec {
	str := func(v *string, def string) string {
		if v != nil {
			return *v
		}
		return def
	}
	num := func(v *int64, def int64) int64 {
		if v != nil {
			return *v
		}
		return def
	}
	return Spec{
		Name: in.Name, ModelName: in.ModelName, ClusterName: in.ClusterName, ImageTag: in.ImageTag,
		ModelVersion: str(in.ModelVersion, DefaultModelVersion),
		Replicas:     num(in.Replicas, DefaultReplicas),
		PP:           num(in.PP, DefaultPP),
		CP:           num(in.CP, DefaultCP),
		TP:           num(in.TP, DefaultTP),
		Status:       str(in.Status, DefaultStatus),
		Priority:     str(in.Priority, DefaultPriority),
		Description:  in.Description,
	}
}
