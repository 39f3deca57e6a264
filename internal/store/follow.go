package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// History ids are handed out when a record is written, not when it commits: on PostgreSQL, where
// writers run in parallel, id 11 can commit before id 10 does (or 10 is rolled back and never
// appears). Readers that follow the history in id order — the event stream, the sealer — must
// therefore never move past an id that may still appear. HistoryWatermark is that point.

// HistoryWatermark returns a history id such that every record at or below it is either committed
// (and visible) or will never exist: readers may move up to it, in id order, without ever missing
// a record that commits later. It waits (up to ctx) for the transactions that still hold ids below
// the last one handed out.
func (s *Store) HistoryWatermark(ctx context.Context) (int64, error) { return s.watermark(ctx) }

// committedWatermark serves the engines that hand out history ids in commit order — SQLite's single
// writer (across processes too: the file lock admits one writer at a time), MySQL's history
// sequence lock — where the newest committed id is settled.
func (s *Store) committedWatermark(ctx context.Context) (int64, error) {
	var id int64
	err := s.readDB.QueryRowContext(ctx, "SELECT COALESCE(MAX(history_id), 0) FROM instance_history").Scan(&id)
	return id, err
}

// pgWatermark reads the last history id handed out, M, and then which transactions are in flight.
// Every id up to M was taken by a transaction that already had a transaction id — every write
// changes its instance row before it appends the history record (WriteTx; a history record
// inserted first, around IIMS, could be missed by live clients) — so by a transaction that has
// finished or is among those in flight; once all of those have ended, every id up to M is settled.
//
// A snapshot lists only the running transactions older than the newest completed one: a running
// transaction newer than every completed one is not listed (it was how records went missing). So
// the first statement also takes and completes a transaction id of its own, after reading M: every
// transaction that took an id up to M is older than it, and so is listed by the snapshot after it.
func pgWatermark(pool *pgxpool.Pool) func(ctx context.Context) (int64, error) {
	return func(ctx context.Context) (int64, error) {
		var last int64
		var inFlight []string
		// A sequence that has handed out nothing yet holds the first value it will hand out. The
		// transaction id is committed without waiting for the disk: it must only be over.
		var b pgx.Batch
		b.Queue("BEGIN")
		b.Queue("SET LOCAL synchronous_commit = off")
		b.Queue(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END, pg_current_xact_id()
			FROM instance_history_history_id_seq`).QueryRow(func(row pgx.Row) error { return row.Scan(&last, nil) })
		b.Queue("COMMIT")
		if err := pool.SendBatch(ctx, &b).Close(); err != nil {
			return 0, fmt.Errorf("read the history sequence: %w", err)
		}
		if err := pool.QueryRow(ctx, "SELECT COALESCE(array_agg(x::text), '{}') FROM pg_snapshot_xip(pg_current_snapshot()) x").Scan(&inFlight); err != nil {
			return 0, fmt.Errorf("read the transactions in flight: %w", err)
		}
		wait := time.Millisecond
		for len(inFlight) > 0 {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(wait):
			}
			wait = min(wait*2, 20*time.Millisecond)
			// Visible in a new snapshot, not merely committed: a transaction is marked committed a
			// moment before new snapshots stop counting it as running, and in that moment its
			// records are not yet readable.
			err := pool.QueryRow(ctx, `SELECT COALESCE(array_agg(x), '{}') FROM unnest($1::text[]) x
				WHERE NOT pg_visible_in_snapshot(x::xid8, pg_current_snapshot())`, inFlight).Scan(&inFlight)
			if err != nil {
				return 0, fmt.Errorf("wait for the transactions in flight: %w", err)
			}
		}
		return last, nil
	}
}

// HistoryRange returns up to max records with after < history_id ≤ upTo, oldest first.
func (s *Store) HistoryRange(ctx context.Context, after, upTo int64, max int) ([]HistoryRecord, error) {
	return s.reader.HistoryRange(ctx, HistoryRangeParams{AfterID: after, UpTo: upTo, MaxRows: int64(max)})
}
