package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/iims/iims/internal/tracing"
)

// Every database call is a span when tracing is on: pgx's tracer hook covers PostgreSQL (both
// the pool and database/sql over it); tracedDB covers SQLite's database/sql calls.

// spanName names a query by its sqlc name ("-- name: InstanceGet :one") or first keyword.
func spanName(sql string) string {
	s := strings.TrimSpace(sql)
	if rest, ok := strings.CutPrefix(s, "-- name: "); ok {
		if name, _, ok := strings.Cut(rest, " "); ok {
			return "db " + name
		}
	}
	if verb, _, ok := strings.Cut(s, " "); ok {
		return "db " + strings.ToUpper(verb)
	}
	return "db query"
}

func startSpan(ctx context.Context, engine Engine, query string) (context.Context, trace.Span) {
	if !tracing.Active() {
		return ctx, noop.Span{} // not even the span's name and attributes are built
	}
	return tracing.Tracer().Start(ctx, spanName(query), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.system", string(engine)), attribute.String("db.statement", query)))
}

func endSpan(span trace.Span, err error) {
	if err != nil && err != sql.ErrNoRows {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// pgTracer is pgx's QueryTracer.
type pgTracer struct{}

type pgSpanKey struct{}

func (pgTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	ctx, span := startSpan(ctx, EnginePostgres, d.SQL)
	return context.WithValue(ctx, pgSpanKey{}, span)
}

func (pgTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryEndData) {
	if span, ok := ctx.Value(pgSpanKey{}).(trace.Span); ok {
		endSpan(span, d.Err)
	}
}

// sqlDB is what the store runs queries on: *sql.DB, *sql.Tx, or their traced wrapper.
type sqlDB interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tracedDB runs SQLite's calls with their prepared statements (stmts; tx when the calls belong
// to a transaction of that database) and makes a span of each when tracing is on.
type tracedDB struct {
	db     sqlDB
	stmts  *stmtCache
	tx     *sql.Tx
	engine Engine // for the spans' db.system; "" is SQLite
}

func (t tracedDB) system() Engine {
	if t.engine == "" {
		return EngineSQLite
	}
	return t.engine
}

// stmt is the prepared statement for q (bound to the transaction, if any), or nil.
func (t tracedDB) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	s, err := t.stmts.get(ctx, q)
	if err != nil || s == nil {
		return nil // run it unprepared: the error, if any, comes back from running it
	}
	if t.tx != nil {
		return t.tx.StmtContext(ctx, s)
	}
	return s
}

func (t tracedDB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx, span := startSpan(ctx, t.system(), q)
	var r sql.Result
	var err error
	if s := t.stmt(ctx, q); s != nil {
		r, err = s.ExecContext(ctx, args...)
	} else {
		r, err = t.db.ExecContext(ctx, q, args...)
	}
	endSpan(span, err)
	return r, err
}

func (t tracedDB) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.db.PrepareContext(ctx, q)
}

func (t tracedDB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx, span := startSpan(ctx, t.system(), q)
	var r *sql.Rows
	var err error
	if s := t.stmt(ctx, q); s != nil {
		r, err = s.QueryContext(ctx, args...)
	} else {
		r, err = t.db.QueryContext(ctx, q, args...)
	}
	endSpan(span, err) // the span covers running the query, not reading every row
	return r, err
}

func (t tracedDB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	ctx, span := startSpan(ctx, t.system(), q)
	var r *sql.Row
	if s := t.stmt(ctx, q); s != nil {
		r = s.QueryRowContext(ctx, args...)
	} else {
		r = t.db.QueryRowContext(ctx, q, args...)
	}
	endSpan(span, r.Err())
	return r
}
