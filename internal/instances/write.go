package instances

import (
	"context"
	"strconv"
	"time"

	"github.com/iims/iims/internal/store"
)

// writeTx is one write transaction: its queries, its clock, and the history records it wrote.
type writeTx struct {
	ctx      context.Context
	q        store.Querier
	now      time.Time
	prevHash string // the newest record's hash: the next record chains to it
	records  []HistoryRecord
}

// record writes a history record and announces it to every replica (PostgreSQL NOTIFY, delivered
// at commit).
func (w *writeTx) record(p store.HistoryInsertParams) (HistoryRecord, error) {
	hash, err := chainHash(w.prevHash, p)
	if err != nil {
		return HistoryRecord{}, err
	}
	p.Hash = &hash
	rec, err := w.q.HistoryInsert(w.ctx, p)
	if err != nil {
		return rec, err
	}
	w.prevHash = hash
	if err := w.q.EventNotify(w.ctx, strconv.FormatInt(rec.HistoryID, 10)); err != nil {
		return rec, err
	}
	w.records = append(w.records, rec)
	return rec, nil
}

// write runs fn in one transaction that holds the history lock, so history ids are handed out in
// commit order and time never goes back: "now" is after every recorded operation. After commit
// it publishes the records in that same order.
func (s *Service) write(ctx context.Context, fn func(w *writeTx) error) error {
	if s.publishes {
		// In-process publishing must follow commit order; this mutex makes commit-then-publish
		// one step (the SQLite writer is single anyway).
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	var w *writeTx
	err := s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.HistoryLock(ctx); err != nil {
			return err
		}
		tail, err := q.HistoryTail(ctx)
		if err != nil && !store.IsNotFound(err) {
			return err
		}
		w = &writeTx{ctx: ctx, q: q, now: notBefore(s.clock(), tail.OperationTimestamp)}
		if tail.Hash != nil {
			w.prevHash = *tail.Hash
		}
		return fn(w)
	})
	if err != nil {
		return err
	}
	for _, rec := range w.records {
		s.publisher.Publish(Event{Type: eventType(rec.OperationType), Record: rec})
	}
	if s.onCommit != nil && len(w.records) > 0 {
		s.onCommit(w.records)
	}
	return nil
}

// notBefore returns now, or just after last when the clock is behind it (another replica's clock
// ran ahead): updated_at and history timestamps never go back.
func notBefore(now, last time.Time) time.Time {
	if now.After(last) {
		return now
	}
	return last.Add(time.Microsecond)
}
