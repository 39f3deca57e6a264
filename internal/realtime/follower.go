package realtime

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// Follower feeds a hub from the history table. Every replica follows the history in history id
// order, up to the point where every id is settled (store.HistoryWatermark), and publishes each
// record once, in that order — this process's writes and everyone else's alike: one path, one
// order on every replica. It looks when nudged (this process committed), when PostgreSQL notifies
// (another process announced its commits: store.AnnounceChannel), and every poll interval (on
// SQLite, the only way to learn of another process writing to the same file, such as `iims
// import`; on MySQL, which has no LISTEN/NOTIFY, the only way to learn of other replicas).
type Follower struct {
	store *store.Store
	hub   *Hub
	log   *slog.Logger
	dsn   string // PostgreSQL: where to LISTEN ("" on SQLite and MySQL)
	poll  time.Duration
	nudge chan struct{}
	ready chan struct{}
}

// Poll intervals: SQLite and MySQL have nothing else to learn of other processes (a quarter of a
// second keeps another replica's change well within a second of its commit, for one indexed MAX
// per tick); on PostgreSQL the notifications do, and polling only covers a lost one.
const (
	sqlitePoll   = 250 * time.Millisecond
	postgresPoll = 2 * time.Second
)

// NewFollower returns a follower of st's history for hub; dsn is the PostgreSQL URL to LISTEN on
// ("" on SQLite and MySQL).
func NewFollower(st *store.Store, hub *Hub, dsn string, log *slog.Logger) *Follower {
	f := &Follower{store: st, hub: hub, log: log, dsn: dsn, poll: sqlitePoll, nudge: make(chan struct{}, 1), ready: make(chan struct{})}
	if dsn != "" {
		f.poll = postgresPoll
	}
	return f
}

// Nudge makes the follower look now (this process committed a change). It never blocks.
func (f *Follower) Nudge() {
	select {
	case f.nudge <- struct{}{}:
	default:
	}
}

// Ready is closed once the follower receives changes (on PostgreSQL: once it LISTENs).
func (f *Follower) Ready() <-chan struct{} { return f.ready }

// Run follows the history until ctx is cancelled.
func (f *Follower) Run(ctx context.Context) {
	for ctx.Err() == nil { // start where the history is now: older changes are replayed on request
		wm, err := f.store.HistoryWatermark(ctx)
		if err == nil {
			f.hub.Advance(wm)
			break
		}
		f.log.Warn("event follower: read the history position", "error", err)
		sleep(ctx, time.Second)
	}
	if f.dsn != "" {
		go f.listen(ctx)
	} else {
		close(f.ready)
	}
	timer := time.NewTicker(f.poll)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.nudge:
		case <-timer.C:
		}
		// Under a steady stream of commits, look at most every catchSpacing: each look costs the
		// database a few statements, and waiting a moment lets one look cover more commits.
		sleep(ctx, catchSpacing)
		if err := f.catchUp(ctx); err != nil && ctx.Err() == nil {
			f.log.Warn("event follower: read new changes", "error", err)
			sleep(ctx, 100*time.Millisecond)
			f.Nudge() // try again
		}
	}
}

// catchSpacing is the least time between two looks at the history.
const catchSpacing = 3 * time.Millisecond

// catchBatch bounds one read of new records.
const catchBatch = 500

// catchUp publishes every record up to the settled point, in order, and then moves the hub's
// position to that point (across any ids that will never appear).
func (f *Follower) catchUp(ctx context.Context) error {
	upTo, err := f.store.HistoryWatermark(ctx)
	if err != nil {
		return err
	}
	if f.hub.AdvanceIfIdle(upTo) {
		return nil // no one to tell: reading and decoding the records was 8% of a create's CPU
	}
	for after := f.hub.Position(); after < upTo; {
		recs, err := f.store.HistoryRange(ctx, after, upTo, catchBatch)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			f.hub.Publish(instances.EventFor(rec))
			after = rec.HistoryID
		}
		if len(recs) < catchBatch {
			break
		}
	}
	f.hub.Advance(upTo)
	return nil
}

// listen holds a LISTEN connection (reconnecting with back-off) and nudges on every notification.
func (f *Follower) listen(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := f.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		f.log.Warn("event follower: LISTEN connection lost, reconnecting", "error", err, "in", backoff.String())
		sleep(ctx, backoff)
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (f *Follower) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, f.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+store.AnnounceChannel); err != nil {
		return err
	}
	f.Nudge() // whatever committed while we were not listening
	select {
	case <-f.ready:
	default:
		close(f.ready)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		f.Nudge()
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
