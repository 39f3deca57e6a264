// Package store is the one seam between IIMS and its database. It serves PostgreSQL and SQLite
// through the same sqlc-generated Querier (gen/pgdb is adapted to gen/sqlitedb's interface) plus
// a few hand-written, parameterised queries (list filters and sorts that sqlc cannot express).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/iims/iims/gen/sqlitedb"
)

// Engine names a supported database engine.
type Engine string

const (
	EngineSQLite   Engine = "sqlite"
	EnginePostgres Engine = "postgresql"
)

// The generated types of gen/sqlitedb are the store's types; gen/pgdb's are identical and are
// converted in pgQuerier.
type (
	Querier              = sqlitedb.Querier
	Instance             = sqlitedb.Instance
	HistoryRecord        = sqlitedb.InstanceHistory
	InstanceInsertParams = sqlitedb.InstanceInsertParams
	InstanceUpdateParams = sqlitedb.InstanceUpdateParams
	InstanceDeleteParams = sqlitedb.InstanceDeleteParams
	HistoryInsertParams  = sqlitedb.HistoryInsertParams
	HistorySinceParams   = sqlitedb.HistorySinceParams
)

// Store is an open database of either engine.
type Store struct {
	engine  Engine
	dialect dialect
	// reader runs single reads outside transactions; readDB runs the hand-written queries
	// (traced); rawReadDB is the same pool untraced (tests ask the planner through it).
	reader    Querier
	readDB    sqlDB
	rawReadDB *sql.DB
	// migrationDB is the connection goose migrates through (the writer, on SQLite).
	migrationDB *sql.DB
	beginTx     func(ctx context.Context) (txHandle, error)
	close       func() error
	poolStats   func() PoolStats
}

// txHandle is one engine's transaction: its Querier, and commit/rollback.
type txHandle struct {
	q        Querier
	commit   func(context.Context) error
	rollback func(context.Context) error
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// Q returns the Querier for reads outside a transaction.
func (s *Store) Q() Querier { return s.reader }

// InTx runs fn in one transaction: it commits when fn returns nil and rolls back otherwise (also
// on panic). Everything a write changes — instance row and history row — goes through one InTx.
func (s *Store) InTx(ctx context.Context, fn func(q Querier) error) (err error) {
	tx, err := s.beginTx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.rollback(context.WithoutCancel(ctx))
			panic(p)
		}
		if err != nil {
			if rbErr := tx.rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	if err = fn(tx.q); err != nil {
		return err
	}
	if err = tx.commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Ping checks that the database answers and returns how long the round trip took.
func (s *Store) Ping(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	var one int
	if err := s.readDB.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// ServerVersion reports the database server's version string.
func (s *Store) ServerVersion(ctx context.Context) (string, error) {
	var v string
	err := s.readDB.QueryRowContext(ctx, s.dialect.versionQuery).Scan(&v)
	return v, err
}

// Close releases every connection.
func (s *Store) Close() error { return s.close() }

// inReadSnapshot runs fn's reads in one read-only transaction, so that they all see one
// snapshot (PostgreSQL: REPEATABLE READ; SQLite: a deferred transaction's snapshot starts at its
// first read and lasts until it ends).
func (s *Store) inReadSnapshot(ctx context.Context, fn func(db sqlDB) error) error {
	opts := &sql.TxOptions{}
	if s.engine == EnginePostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.rawReadDB.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to keep or lose
	var db sqlDB = tx
	if s.engine == EngineSQLite {
		db = tracedDB{tx} // PostgreSQL's queries are traced by pgx
	}
	return fn(db)
}
