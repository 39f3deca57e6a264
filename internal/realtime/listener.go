package realtime

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// Channel is the PostgreSQL NOTIFY channel writers announce history records on.
const Channel = "iims_events"

// Listener feeds a hub from PostgreSQL: every replica LISTENs, and on each notification reads
// the records committed since the last one it published, in history id (= commit) order. After a
// lost connection it reconnects and catches up the same way, so no change is ever skipped.
type Listener struct {
	dsn   string
	store *store.Store
	hub   *Hub
	log   *slog.Logger
	last  int64
	ready chan struct{}
}

// NewListener returns a listener for the database at dsn (a postgresql:// URL).
func NewListener(dsn string, st *store.Store, hub *Hub, log *slog.Logger) *Listener {
	return &Listener{dsn: dsn, store: st, hub: hub, log: log, ready: make(chan struct{})}
}

// Ready is closed once the listener is listening (tests and start-up wait on it).
func (l *Listener) Ready() <-chan struct{} { return l.ready }

// Run listens until ctx is cancelled.
func (l *Listener) Run(ctx context.Context) {
	last, err := l.store.Q().HistoryLastID(ctx)
	if err != nil && !store.IsNotFound(err) {
		l.log.Error("event listener: read the current position", "error", err)
	}
	l.last = last
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := l.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		l.log.Warn("event listener: connection lost, reconnecting", "error", err, "in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (l *Listener) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, l.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	// Anything committed while we were not listening is read now.
	if err := l.catchUp(ctx); err != nil {
		return err
	}
	select {
	case <-l.ready:
	default:
		close(l.ready)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		// One read covers this notification and any that arrive while it runs.
		if err := l.catchUp(ctx); err != nil {
			return err
		}
	}
}

// catchUpBatch bounds one read of missed records.
const catchUpBatch = 500

func (l *Listener) catchUp(ctx context.Context) error {
	for {
		recs, err := l.store.Q().HistorySince(ctx, store.HistorySinceParams{AfterID: l.last, MaxRows: catchUpBatch})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			l.hub.Publish(instances.EventFor(rec))
			l.last = rec.HistoryID
		}
		if len(recs) < catchUpBatch {
			return nil
		}
	}
}
