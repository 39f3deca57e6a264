package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/iims/iims/gen/pgdb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// PoolConfig sizes the PostgreSQL pool (the product description's SQLAlchemy-style settings).
type PoolConfig struct {
	Size           int           // DB_POOL_SIZE: connections kept open
	MaxOverflow    int           // DB_MAX_OVERFLOW: extra connections opened under load
	Recycle        time.Duration // DB_POOL_RECYCLE: a connection older than this is replaced
	ConnectTimeout time.Duration // DB_CONNECT_TIMEOUT
}

func openPostgres(ctx context.Context, dsn string, pc PoolConfig) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse PostgreSQL DATABASE_URL: %w", err)
	}
	if pc.Size > 0 {
		cfg.MinConns = int32(pc.Size)
		cfg.MaxConns = int32(pc.Size + max(pc.MaxOverflow, 0))
	}
	cfg.MaxConnIdleTime = time.Minute // overflow connections close after a quiet minute
	if pc.Recycle > 0 {
		cfg.MaxConnLifetime = pc.Recycle
	}
	if pc.ConnectTimeout > 0 {
		cfg.ConnConfig.ConnectTimeout = pc.ConnectTimeout
	}
	cfg.ConnConfig.Tracer = pgTracer{} // spans for every query when tracing is on
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "iims"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	// One more connection, of its own, for health checks (see Store.healthDB).
	healthCfg := cfg.Copy()
	healthCfg.MinConns, healthCfg.MaxConns = 0, 1
	healthPool, err := pgxpool.NewWithConfig(ctx, healthCfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	healthDB := stdlib.OpenDBFromPool(healthPool)
	announcer := newPGAnnouncer(pool)
	write := pgWrite(pool)
	return &Store{
		healthDB:    healthDB,
		engine:      EnginePostgres,
		dialect:     postgresDialect,
		reader:      pgQuerier{pgdb.New(pool)},
		readDB:      sqlDB,
		streamRows:  pgStreamRows(pool),
		rawReadDB:   sqlDB,
		migrationDB: sqlDB,
		poolStats: func() PoolStats {
			st := pool.Stat()
			return PoolStats{Open: int(st.TotalConns()), InUse: int(st.AcquiredConns()), Idle: int(st.IdleConns()),
				Max: int(st.MaxConns()), Waits: st.EmptyAcquireCount(), WaitTime: st.EmptyAcquireWaitTime()}
		},
		close: func() error {
			announcer.close()
			err := errors.Join(sqlDB.Close(), healthDB.Close()) // neither closes its pool
			pool.Close()
			healthPool.Close()
			return err
		},
		write: func(ctx context.Context, dryRun bool, fn func(WriteTx) error) error {
			err := write(ctx, dryRun, fn)
			if err == nil && !dryRun {
				announcer.committed()
			}
			return err
		},
		watermark: pgWatermark(pool),
		applyOther: func(ctx context.Context, fn func(q Querier) error) error {
			return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return fn(pgQuerier{pgdb.New(tx)}) })
		},
	}, nil
}

// pgStreamRows runs a query on the pool and calls fn on every row (Store.streamRows).
func pgStreamRows(pool *pgxpool.Pool) rowRunner {
	return func(ctx context.Context, query string, args []any, fn func(rowScanner) error) error {
		rows, err := pool.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		return forEachRow(rows, fn)
	}
}
