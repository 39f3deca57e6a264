// Package store is the one seam between IIMS and its database. It serves PostgreSQL, MySQL and
// SQLite through the same sqlc-generated Querier (gen/pgdb and gen/mysqldb are adapted to
// gen/sqlitedb's interface) plus
// a few hand-written, parameterised queries (list filters and sorts that sqlc cannot express).
package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/iims/iims/gen/sqlitedb"
)

// Engine names a supported database engine.
type Engine string

const (
	EngineSQLite   Engine = "sqlite"
	EnginePostgres Engine = "postgresql"
	EngineMySQL    Engine = "mysql" // MySQL 8 and MariaDB 10.11+
)

// The generated types of gen/sqlitedb are the store's types; gen/pgdb's are identical and are
// converted in pgQuerier.
type (
	Querier                  = sqlitedb.Querier
	Instance                 = sqlitedb.Instance
	HistoryRecord            = sqlitedb.InstanceHistory
	InstanceInsertParams     = sqlitedb.InstanceInsertParams
	InstanceDeleteParams     = sqlitedb.InstanceDeleteParams
	HistoryInsertParams      = sqlitedb.HistoryInsertParams
	HistoryRangeParams       = sqlitedb.HistoryRangeParams
	HistoryByRequestIDParams = sqlitedb.HistoryByRequestIDParams
	HistoryLastBeforeParams  = sqlitedb.HistoryLastBeforeParams
	TreeHead                 = sqlitedb.HistoryTreeHead
	TreeHeadInsertParams     = sqlitedb.TreeHeadInsertParams
)

// Store is an open database of either engine.
type Store struct {
	engine  Engine
	dialect dialect
	// reader runs single reads outside transactions; readDB runs the hand-written queries
	// (traced); rawReadDB is the same pool untraced (tests ask the planner through it).
	reader Querier
	readDB sqlDB
	// healthDB answers Ping and ServerVersion on a connection of its own, so that health and
	// readiness probes never queue behind the API's queries for a pooled connection (a busy
	// server must not look dead to its load balancer).
	healthDB *sql.DB
	// streamRows, when set (PostgreSQL), runs eachRow's queries through pgx itself: database/sql
	// converts every value twice, which was half of a history export's time.
	streamRows rowRunner
	rawReadDB  *sql.DB
	// migrationDB is the connection goose migrates through (the writer, on SQLite).
	migrationDB *sql.DB
	// write runs a write transaction (Write): SQLite's group committer or PostgreSQL's pipeline.
	write      func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error
	applyOther func(ctx context.Context, fn func(q Querier) error) error
	watermark  func(ctx context.Context) (int64, error)
	close      func() error
	poolStats  func() PoolStats
	// plans remembers SQLite's plans for the statements the sort walk weighs (sqlite_sortwalk.go).
	plans planCache
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// Q returns the Querier for reads outside a transaction.
func (s *Store) Q() Querier { return s.reader }

// Ping checks that the database answers and returns how long the round trip took.
func (s *Store) Ping(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	var one int
	if err := s.healthDB.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// ServerVersion reports the database server's version string.
func (s *Store) ServerVersion(ctx context.Context) (string, error) {
	var v string
	err := s.healthDB.QueryRowContext(ctx, s.dialect.versionQuery).Scan(&v)
	return v, err
}

// Close releases every connection.
func (s *Store) Close() error { return s.close() }

// inReadSnapshot runs fn's reads in one read-only transaction, so that they all see one
// snapshot (PostgreSQL: REPEATABLE READ; SQLite: a deferred transaction's snapshot starts at its
// first read and lasts until it ends).
func (s *Store) inReadSnapshot(ctx context.Context, fn func(db sqlDB) error) error {
	opts := &sql.TxOptions{}
	if s.engine != EngineSQLite {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.rawReadDB.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to keep or lose
	var db sqlDB = tx
	if s.engine != EnginePostgres {
		db = tracedDB{db: tx, engine: s.engine} // PostgreSQL's queries are traced by pgx
	}
	return fn(db)
}
