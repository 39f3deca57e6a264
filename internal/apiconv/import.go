package apiconv

import (
	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/instances"
)

// ToImportResult is an import's answer: the counts, and one item per row in file order.
func ToImportResult(items []instances.ImportItem, dryRun bool, requestID string) api.ImportResult {
	out := api.ImportResult{DryRun: dryRun, Items: make([]api.ImportItem, len(items))}
	if requestID != "" {
		out.RequestId = &requestID
	}
	for i, it := range items {
		item := api.ImportItem{Line: it.Line, Name: it.Name, Action: api.ImportItemAction(it.Action), Changes: ToChanges(it.Changes)}
		if it.ID != 0 {
			item.Id = &it.ID
		}
		switch it.Action {
		case instances.ImportCreate:
			out.Created++
		case instances.ImportUpdate:
			out.Updated++
		default:
			out.Unchanged++
		}
		out.Items[i] = item
	}
	return out
}
