package apiconv

import (
	"strconv"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// FromBulk converts a bulk request; invalid version keys come back as field errors.
func FromBulk(b api.BulkRequest) (instances.BulkInput, []api.FieldError) {
	in := instances.BulkInput{Action: string(b.Action), IDs: b.Ids, DryRun: Deref(b.DryRun, false)}
	if b.Patch != nil {
		in.Patch = FromBulkPatch(*b.Patch)
	}
	var errs []api.FieldError
	if b.Action == api.BulkRequestActionUpdate && b.Patch == nil {
		errs = append(errs, api.FieldError{In: api.FieldErrorInBody, Field: "patch", Message: "is required for action update"})
	}
	if b.Versions != nil {
		in.Versions = make(map[int64]int64, len(*b.Versions))
		for k, v := range *b.Versions {
			id, err := strconv.ParseInt(k, 10, 64)
			if err != nil || id < 1 {
				errs = append(errs, api.FieldError{In: api.FieldErrorInBody, Field: "versions/" + k, Message: "keys must be instance ids"})
				continue
			}
			in.Versions[id] = v
		}
	}
	return in, errs
}

func ToBulkResult(r instances.BulkResult) api.BulkResult {
	out := api.BulkResult{Action: api.BulkResultAction(r.Action), DryRun: r.DryRun,
		ChangedCount: r.Changed, UnchangedCount: r.Unchanged, Items: make([]api.BulkItem, len(r.Items))}
	for i, it := range r.Items {
		item := api.BulkItem{Id: it.ID, Name: it.Name, Changed: it.Changed, Changes: ToChanges(it.Changes)}
		if it.After != nil {
			inst := ToInstance(*it.After)
			item.Instance = &inst
		}
		out.Items[i] = item
	}
	return out
}

func ToFleetStats(st store.FleetStats) api.FleetStats {
	counts := func(in []store.NameCount) []api.CountByName {
		out := make([]api.CountByName, len(in))
		for i, c := range in {
			out[i] = api.CountByName{Name: c.Name, Count: c.Count}
		}
		return out
	}
	return api.FleetStats{Total: st.Total, Replicas: st.Replicas, Gpus: st.GPUs, ByStatus: st.ByStatus,
		ByPriority: st.ByPriority, ByCluster: counts(st.ByCluster), ByModel: counts(st.ByModel)}
}
