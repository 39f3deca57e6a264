package store

import (
	"fmt"
	"strings"
	"time"
)

// InstanceUpdateParams is the new state of an instance, written only if it is still at
// ExpectedVersion.
type InstanceUpdateParams struct {
	ID, ExpectedVersion                                  int64
	Name, ModelName, ModelVersion, ClusterName, ImageTag string
	Replicas, Pp, Cp, Tp                                 int64
	Status, Priority                                     string
	Description                                          *string
	Version                                              int64
	UpdatedAt                                            time.Time
	ChainHash                                            *string
}

// instanceUpdateSQL is the UPDATE of one instance that sets only the fields that changed (and
// the version, updated_at and chain hash, which every change moves). SQLite decides which
// indexes and UPDATE OF triggers an UPDATE touches by the columns it sets, not by the values that
// differ: setting every column rewrote every index and the search index on each replicas change.
// The version guard makes a lost update impossible even if a caller forgot to lock the row.
func instanceUpdateSQL(d dialect, p InstanceUpdateParams, changed []string) (string, []any, error) {
	b := &queryBuilder{d: d}
	sets := make([]string, 0, len(changed)+3)
	for _, field := range changed {
		v, ok := updatableValue(p, field)
		if !ok {
			return "", nil, fmt.Errorf("update instance %d: %q is not a field of an instance", p.ID, field)
		}
		sets = append(sets, field+" = "+b.arg(v))
	}
	sets = append(sets, "version = "+b.arg(p.Version), "updated_at = "+b.arg(p.UpdatedAt), "chain_hash = "+b.arg(p.ChainHash))
	query := "UPDATE instances SET " + strings.Join(sets, ", ") +
		" WHERE id = " + b.arg(p.ID) + " AND version = " + b.arg(p.ExpectedVersion)
	return query, b.args, nil
}

// updatableValue is the new value of one of an instance's user-settable fields.
func updatableValue(p InstanceUpdateParams, field string) (any, bool) {
	switch field {
	case "name":
		return p.Name, true
	case "model_name":
		return p.ModelName, true
	case "model_version":
		return p.ModelVersion, true
	case "cluster_name":
		return p.ClusterName, true
	case "image_tag":
		return p.ImageTag, true
	case "replicas":
		return p.Replicas, true
	case "pp":
		return p.Pp, true
	case "cp":
		return p.Cp, true
	case "tp":
		return p.Tp, true
	case "status":
		return p.Status, true
	case "priority":
		return p.Priority, true
	case "description":
		return p.Description, true
	}
	return nil, false
}
