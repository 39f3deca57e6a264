package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of a SQLite database by their SQL text, so that a query run
// again is not parsed and planned again (preparing was a fifth of a list request's time). The
// database prepares each on every connection that runs it, once. The hand-written list queries
// vary with the filters given, so the cache is bounded: once full, further queries run unprepared
// (a statement is never closed while another request may be about to use it).
type stmtCache struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	// deferred: prepare later (prepareWanted), not while a transaction holds the connection.
	deferred bool
	wanted   map[string]bool
}

const stmtCacheSize = 256

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}} }

// newDeferredStmtCache is the writer's cache: its statements are used inside transactions that
// hold the writer's connection, so a new one is noted and prepared after the commit.
func newDeferredStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, deferred: true, wanted: map[string]bool{}}
}

// prepareWanted prepares the statements noted while a transaction held the connection.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	if c == nil || !c.deferred {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.wanted {
		delete(c.wanted, q)
		if len(c.stmts) >= stmtCacheSize {
			continue
		}
		if s, err := c.db.PrepareContext(ctx, q); err == nil {
			c.stmts[q] = s
		}
	}
}

// get returns the prepared statement of query, or nil when the cache is full (or absent).
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if c == nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok || len(c.stmts) >= stmtCacheSize {
		return s, nil
	}
	if c.deferred {
		c.wanted[query] = true
		return nil, nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = s
	return s, nil
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.stmts {
		_ = s.Close()
		delete(c.stmts, q)
	}
}
