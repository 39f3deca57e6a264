package store

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// AnnounceChannel is the PostgreSQL NOTIFY channel on which stores announce their commits to
// every replica's event follower (the payload is empty: followers read the history).
const AnnounceChannel = "iims_events"

// pgAnnouncer tells the other replicas that this process committed changes, with a NOTIFY of its
// own right after: a write transaction that notified itself would hold PostgreSQL's database-wide
// notification lock through its commit and its fsync, one writer at a time. Announcements made
// within announceWindow of each other go out as one; they are sent without waiting for the disk
// (losing one in a crash only makes a follower wait for its next poll).
type pgAnnouncer struct {
	pool *pgxpool.Pool
	poke chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

const announceWindow = 2 * time.Millisecond

func newPGAnnouncer(pool *pgxpool.Pool) *pgAnnouncer {
	a := &pgAnnouncer{pool: pool, poke: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go a.run()
	return a
}

// committed notes a commit; it never blocks.
func (a *pgAnnouncer) committed() {
	select {
	case a.poke <- struct{}{}:
	default:
	}
}

func (a *pgAnnouncer) run() {
	defer close(a.done)
	for {
		select {
		case <-a.stop:
			return
		case <-a.poke:
		}
		time.Sleep(announceWindow)
		select {
		case <-a.poke: // commits during the window ride on this announcement
		default:
		}
		a.send()
	}
}

func (a *pgAnnouncer) send() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tx, err := a.pool.Begin(ctx)
	if err != nil {
		return // followers poll too: a lost announcement only delays them
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit, a no-op
	if _, err := tx.Exec(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
		return
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify('"+AnnounceChannel+"', '')"); err != nil {
		return
	}
	_ = tx.Commit(ctx)
}

// close sends what is pending (a command that wrote and exits still reaches the followers).
func (a *pgAnnouncer) close() {
	a.once.Do(func() {
		close(a.stop)
		<-a.done
		select {
		case <-a.poke:
			a.send()
		default:
		}
	})
}
