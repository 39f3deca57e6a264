package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/export"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/requestid"
	"github.com/iims/iims/internal/store"
)

func (s *Server) InstanceExport(ctx context.Context, req api.InstanceExportRequestObject) (api.InstanceExportResponseObject, error) {
	p := req.Params
	f := apiconv.FromListParams(api.InstanceListParams{Name: p.Name, ModelName: p.ModelName, ClusterName: p.ClusterName,
		Status: p.Status, Priority: p.Priority, Q: p.Q, Sort: p.Sort})
	format := export.Format(apiconv.Deref((*string)(p.Format), "csv"))
	each := func(fn func(store.Instance) error) error { return s.svc.Store().EachInstance(ctx, f, fn) }
	if p.AsOf != nil {
		each = func(fn func(store.Instance) error) error { return s.svc.Store().EachInstanceAsOf(ctx, f, *p.AsOf, fn) }
	}
	return download[store.Instance]{ctx: ctx, log: s.log, slots: s.exportSlots, writeTimeout: s.exportWriteTimeout, format: format, kind: "instances", table: export.Instances,
		each: each}, nil
}

func (s *Server) HistoryExport(ctx context.Context, req api.HistoryExportRequestObject) (api.HistoryExportResponseObject, error) {
	p := req.Params
	f := apiconv.HistoryParams{Op: p.OperationType, Start: p.StartDate, End: p.EndDate, Fields: p.Field,
		Actors: p.Actor, Vias: p.Via, RequestIDs: p.RequestId, From: p.From, To: p.To}.Filter()
	f.InstanceID = apiconv.Deref(p.InstanceId, 0)
	f.Q = apiconv.Deref(p.Q, "")
	if err := instances.CheckTransition(f); err != nil {
		return nil, err
	}
	format := export.Format(apiconv.Deref((*string)(p.Format), "csv"))
	return download[store.HistoryRecord]{ctx: ctx, log: s.log, slots: s.exportSlots, writeTimeout: s.exportWriteTimeout, format: format, kind: "history", table: export.History,
		each: func(fn func(store.HistoryRecord) error) error { return s.svc.Store().EachHistory(ctx, f, fn) }}, nil
}

// DefaultExportWriteTimeout is how long one write of an export may wait for a client that
// stopped reading before the download is cut (and its database connection released).
const DefaultExportWriteTimeout = 30 * time.Second

// newExportSlots bounds concurrent exports to half the store's connections: each download holds
// a connection for its whole run, and the rest of the API must keep some. Further exports wait
// for a slot (holding no connection meanwhile).
func newExportSlots(st *store.Store) chan struct{} {
	return make(chan struct{}, max(1, (st.PoolStats().Max-1)/2))
}

// download streams an export as the response body, straight from the database cursor.
type download[T any] struct {
	ctx          context.Context
	log          *slog.Logger
	slots        chan struct{}
	writeTimeout time.Duration
	format       export.Format
	kind         string
	table        export.Table[T]
	each         func(func(T) error) error
	inline       bool // an API answer, not a file: no Content-Disposition
}

func (d download[T]) VisitInstanceExportResponse(w http.ResponseWriter) error { return d.write(w) }
func (d download[T]) VisitHistoryExportResponse(w http.ResponseWriter) error  { return d.write(w) }

func (d download[T]) write(rw http.ResponseWriter) error {
	if IsHead(d.ctx) {
		d.headers(rw) // a HEAD asks for the headers only: no slot, no query, no body
		rw.WriteHeader(http.StatusOK)
		return nil
	}
	select {
	case d.slots <- struct{}{}:
		defer func() { <-d.slots }()
	case <-d.ctx.Done():
		return nil // the client left while waiting for a slot
	}
	w := newDeadlineWriter(rw, d.writeTimeout)
	defer w.clear()
	d.headers(w)
	w.WriteHeader(http.StatusOK)
	ew, err := export.NewWriter(w, d.format, d.table, w.Flush)
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

func (d download[T]) headers(w http.ResponseWriter) {
	w.Header().Set("Content-Type", d.format.ContentType())
	if !d.inline {
		w.Header().Set("Content-Disposition", `attachment; filename="`+d.format.Filename(d.kind, time.Now())+`"`)
	}
	w.Header().Set("Cache-Control", "no-store")
}

// deadlineWriter gives every write and flush of a long download its own deadline, so a client
// that stops reading is cut after the timeout instead of holding the export's database
// connection forever. (A whole-response timeout would cut large, healthy downloads.)
type deadlineWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

func newDeadlineWriter(w http.ResponseWriter, timeout time.Duration) *deadlineWriter {
	return &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: timeout}
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout)) // unsupported writers: no deadline
	return w.ResponseWriter.Write(p)
}

func (w *deadlineWriter) Flush() {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
	_ = w.rc.Flush()
}

// clear removes the deadline, which would otherwise outlive the request on a kept-alive connection.
func (w *deadlineWriter) clear() { _ = w.rc.SetWriteDeadline(time.Time{}) }
