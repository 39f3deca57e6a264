package httpapi

import (
	"context"
	"net/http"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/export"
	"github.com/iims/iims/internal/instances"
)

// The fleet as it was: GET /api/history/diff (and its export); as_of on the instance list, its
// export and the stats is handled by those operations' handlers.

func (s *Server) HistoryDiff(ctx context.Context, req api.HistoryDiffRequestObject) (api.HistoryDiffResponseObject, error) {
	p := req.Params
	return s.diffDownload(ctx, api.HistoryDiffExportParams{From: p.From, To: p.To, Name: p.Name, ModelName: p.ModelName,
		ClusterName: p.ClusterName, Status: p.Status, Priority: p.Priority, Q: p.Q}, export.JSON, true)
}

func (s *Server) HistoryDiffExport(ctx context.Context, req api.HistoryDiffExportRequestObject) (api.HistoryDiffExportResponseObject, error) {
	return s.diffDownload(ctx, req.Params, export.Format(apiconv.Deref((*string)(req.Params.Format), "csv")), false)
}

// diffDownload streams the diff that p asks for (the window checked first: nothing is streamed
// for a window that does not move forward).
func (s *Server) diffDownload(ctx context.Context, p api.HistoryDiffExportParams, format export.Format, inline bool) (download[instances.InstanceDiff], error) {
	from, to := p.From, p.To
	if err := instances.CheckWindow(from, to); err != nil {
		return download[instances.InstanceDiff]{}, err
	}
	f := apiconv.FromListParams(api.InstanceListParams{Name: p.Name, ModelName: p.ModelName, ClusterName: p.ClusterName,
		Status: p.Status, Priority: p.Priority, Q: p.Q})
	return download[instances.InstanceDiff]{ctx: ctx, log: s.log, slots: s.exportSlots, writeTimeout: s.exportWriteTimeout,
		format: format, kind: "diff", table: export.Diffs, inline: inline,
		each: func(fn func(instances.InstanceDiff) error) error { return s.svc.Diff(ctx, from, to, f, fn) }}, nil
}

func (d download[T]) VisitHistoryDiffResponse(w http.ResponseWriter) error       { return d.write(w) }
func (d download[T]) VisitHistoryDiffExportResponse(w http.ResponseWriter) error { return d.write(w) }
