package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/export"
	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
)

func (s *Server) InstanceExport(ctx context.Context, req api.InstanceExportRequestObject) (api.InstanceExportResponseObject, error) {
	p := req.Params
	f := apiconv.FromListParams(api.InstanceListParams{Name: p.Name, ModelName: p.ModelName, ClusterName: p.ClusterName,
		Status: p.Status, Priority: p.Priority, Q: p.Q, Sort: p.Sort})
	format := export.Format(apiconv.Deref((*string)(p.Format), "csv"))
	return download[store.Instance]{ctx: ctx, log: s.log, format: format, kind: "instances", table: export.Instances,
		each: func(fn func(store.Instance) error) error { return s.svc.Store().EachInstance(ctx, f, fn) }}, nil
}

func (s *Server) HistoryExport(ctx context.Context, req api.HistoryExportRequestObject) (api.HistoryExportResponseObject, error) {
	p := req.Params
	f := apiconv.HistoryParams{Op: p.OperationType, Start: p.StartDate, End: p.EndDate, Fields: p.Field}.Filter()
	f.InstanceID = apiconv.Deref(p.InstanceId, 0)
	f.Q = apiconv.Deref(p.Q, "")
	format := export.Format(apiconv.Deref((*string)(p.Format), "csv"))
	return download[store.HistoryRecord]{ctx: ctx, log: s.log, format: format, kind: "history", table: export.History,
		each: func(fn func(store.HistoryRecord) error) error { return s.svc.Store().EachHistory(ctx, f, fn) }}, nil
}

// download streams an export as the response body, straight from the database cursor.
type download[T any] struct {
	ctx    context.Context
	log    *slog.Logger
	format export.Format
	kind   string
	table  export.Table[T]
	each   func(func(T) error) error
}

func (d download[T]) VisitInstanceExportResponse(w http.ResponseWriter) error { return d.write(w) }
func (d download[T]) VisitHistoryExportResponse(w http.ResponseWriter) error  { return d.write(w) }

func (d download[T]) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", d.format.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.format.Filename(d.kind, time.Now())+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	flush := func() {}
	if f, ok := w.(http.Flusher); ok {
		flush = f.Flush
	}
	ew, err := export.NewWriter(w, d.format, d.table, flush)
	if err == nil {
		err = d.each(ew.Write)
	}
	if err == nil {
		_, err = ew.Close()
	}
	if err != nil {
		// The status line is gone; all we can do is cut the body short (the client sees a
		// truncated download, not a complete-looking one) and log why.
		d.log.ErrorContext(d.ctx, "export failed mid-stream", "request_id", requestid.From(d.ctx), "kind", d.kind, "error", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}
