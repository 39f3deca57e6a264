package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/iims/iims/gen/mysqldb"
)

// openMySQL connects to a MySQL 8 or MariaDB 10.11+ database (dsn from mysqlDSN) with the pool
// sized like PostgreSQL's. MySQL has no LISTEN/NOTIFY: replicas learn of each other's changes by
// following the history table (internal/realtime), which ids in commit order make safe
// (history_sequence, see write_mysql.go).
func openMySQL(ctx context.Context, dsn string, pc PoolConfig) (*Store, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse MySQL DATABASE_URL: %w", err)
	}
	if pc.ConnectTimeout > 0 {
		cfg.Timeout = pc.ConnectTimeout
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	size := max(pc.Size, 1)
	db.SetMaxOpenConns(size + max(pc.MaxOverflow, 0))
	db.SetMaxIdleConns(size)
	db.SetConnMaxIdleTime(time.Minute)
	if pc.Recycle > 0 {
		db.SetConnMaxLifetime(pc.Recycle)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to MySQL at %s: %w", cfg.Addr, err)
	}
	health := sql.OpenDB(connector) // its own connection (see Store.healthDB)
	health.SetMaxOpenConns(1)
	health.SetConnMaxIdleTime(time.Minute)
	traced := tracedDB{db: db, engine: EngineMySQL}
	s := &Store{
		engine:      EngineMySQL,
		dialect:     mysqlDialect,
		reader:      mysqlQuerier{mysqldb.New(traced)},
		readDB:      traced,
		healthDB:    health,
		rawReadDB:   db,
		migrationDB: db,
		poolStats:   func() PoolStats { return sqlPoolStats(db) },
		close:       func() error { return errors.Join(health.Close(), db.Close()) },
		write:       mysqlWrite(db),
		applyOther: func(ctx context.Context, fn func(q Querier) error) error {
			return mysqlRetry(ctx, func() error {
				return mysqlTx(ctx, db, func(tx *sql.Tx) error { return fn(mysqlQuerier{mysqldb.New(tx)}) })
			})
		},
	}
	s.watermark = s.committedWatermark // history ids are handed out in commit order: the newest is settled
	return s, nil
}
