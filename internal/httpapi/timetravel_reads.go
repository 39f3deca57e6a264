package httpapi

import (
	"context"
	"net/http"
	"time"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/export"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// The fleet as it was: GET /api/history/diff (and its export); as_of on the instance list, its
// export and the stats is handled by those operations' handlers.

func (s *Server) HistoryDiff(ctx context.Context, req api.HistoryDiffRequestObject) (api.HistoryDiffResponseObject, error) {
	p := req.Params
	f := apiconv.FromListParams(api.InstanceListParams{Name: p.Name, ModelName: p.ModelName, ClusterName: p.ClusterName,
		Status: p.Status, Priority: p.Priority, Q: p.Q})
	if err := checkWindow(p.From, p.To); err != nil {
		return nil, err
	}
	return s.diffDownload(ctx, p.From, p.To, f, export.JSON, true), nil
}

func (s *Server) HistoryDiffExport(ctx context.Context, req api.HistoryDiffExportRequestObject) (api.HistoryDiffExportResponseObject, error) {
	p := req.Params
	f := apiconv.FromListParams(api.InstanceListParams{Name: p.Name, ModelName: p.ModelName, ClusterName: p.ClusterName,
		Status: p.Status, Priority: p.Priority, Q: p.Q})
	if err := checkWindow(p.From, p.To); err != nil {
		return nil, err
	}
	return s.diffDownload(ctx, p.From, p.To, f, export.Format(apiconv.Deref((*string)(p.Format), "csv")), false), nil
}

// checkWindow refuses a window that does not move forward (before anything is streamed).
func checkWindow(from, to time.Time) error {
	if !to.After(from) {
		return validationError([]api.FieldError{{In: api.FieldErrorInQuery, Field: "to", Message: "must be after from"}})
	}
	return nil
}

func (s *Server) diffDownload(ctx context.Context, from, to time.Time, f store.InstanceFilter, format export.Format, inline bool) download[instances.InstanceDiff] {
	return download[instances.InstanceDiff]{ctx: ctx, log: s.log, slots: s.exportSlots, writeTimeout: s.exportWriteTimeout,
		format: format, kind: "diff", table: export.Diffs, inline: inline,
		each: func(fn func(instances.InstanceDiff) error) error { return s.svc.Diff(ctx, from, to, f, fn) }}
}

func (d download[T]) VisitHistoryDiffResponse(w http.ResponseWriter) error       { return d.write(w) }
func (d download[T]) VisitHistoryDiffExportResponse(w http.ResponseWriter) error { return d.write(w) }
