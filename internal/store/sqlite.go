package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/iims/iims/gen/sqlitedb"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// openSQLite opens a file database as one writer connection plus a pool of read-only readers.
// WAL lets readers run while the writer writes; the single writer with BEGIN IMMEDIATE
// transactions means concurrent writers queue in Go instead of failing with "database is locked".
func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == ":memory:" {
		return openSQLiteMemory(ctx)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create directory for SQLite database: %w", err)
		}
	}
	writer, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxLifetime(0)
	// Ping the writer first: it creates the file and switches it to WAL before any reader opens it.
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		writer.Close()
		return nil, err
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	health, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	health.SetMaxOpenConns(1)
	st := newSQLiteStore(writer, reader, func() error {
		return errors.Join(health.Close(), reader.Close(), writer.Close())
	}, true)
	st.healthDB = health
	return st, nil
}

// openSQLiteMemory uses one connection for everything: every connection to ":memory:" would be
// a separate, empty database.
func openSQLiteMemory(ctx context.Context) (*Store, error) {
	db, err := sql.Open("sqlite", sqliteDSN(":memory:", false))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return newSQLiteStore(db, db, db.Close, false), nil
}

// newSQLiteStore assembles a store; with prepared, queries run as prepared statements (an
// in-memory database has one connection for reads and writes: no statement could be prepared
// while a write holds it).
func newSQLiteStore(writer, reader *sql.DB, closeFn func() error, prepared bool) *Store {
	var readStmts, writeStmts *stmtCache
	if prepared {
		readStmts, writeStmts = newStmtCache(reader), newDeferredStmtCache(writer)
	}
	w := newSQLiteWriter(writer, writeStmts)
	readDB := tracedDB{db: reader, stmts: readStmts}
	s := &Store{
		healthDB:    reader,
		engine:      EngineSQLite,
		dialect:     sqliteDialect,
		reader:      sqliteQuerier{sqlitedb.New(readDB), readDB},
		readDB:      readDB,
		rawReadDB:   reader,
		migrationDB: writer,
		close: func() error {
			w.close()
			readStmts.close()
			writeStmts.close()
			return closeFn()
		},
		poolStats:  func() PoolStats { return sqlPoolStats(writer, reader) },
		write:      w.write,
		applyOther: w.applyOther,
	}
	s.watermark = s.committedWatermark
	return s
}

// sqliteDSN sets the pragmas on every connection: WAL, a generous busy timeout (checkpoints),
// foreign keys, NORMAL sync (safe with WAL), immediate transactions and a sortable time format.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	if path != ":memory:" {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		// Each connection caches 8 MiB of pages (SQLite's default is 2 MiB). (A memory map of
		// the file saved read calls but counted the whole file into the server's memory.)
		q.Add("_pragma", "cache_size(-8192)")
	}
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// The writer checkpoints the WAL after a commit every 8192 pages (32 MiB): between its
		// commits nothing else writes, so the checkpoint copies all of it and the WAL restarts
		// from the beginning. (A checkpointer beside the writer never caught up under continuous
		// writes: the WAL grew without bound.) Eight times SQLite's default: a page that many
		// writes change — an index's, the running counts' — is copied once per checkpoint, and
		// the checkpoint's fsync comes that much less often. After a restart the file is cut
		// back to 64 MiB.
		q.Add("_pragma", "wal_autocheckpoint(8192)")
		q.Add("_pragma", "journal_size_limit(67108864)")
		q.Set("_txlock", "immediate")
	}
	// "sqlite" stores "2006-01-02 15:04:05.999999999-07:00"; with UTC times it sorts as text.
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}
