package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"

	"github.com/iims/iims/db"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version int64
	Source  string
	Applied bool
}

// migrator builds a goose provider over this store's engine and embedded migrations. With
// locked (migrating), a session advisory lock on PostgreSQL makes replicas that start together
// migrate one at a time; readers of the migration state take no lock, so that they never wait
// for each other or for a migration (readiness probes arrive many at a time).
func (s *Store) migrator(locked bool) (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	switch s.engine {
	case EnginePostgres:
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		if locked {
			locker, err := lock.NewPostgresSessionLocker()
			if err != nil {
				return nil, err
			}
			opts = append(opts, goose.WithSessionLocker(locker))
		}
	case EngineMySQL:
		dir, dialect = "migrations/mysql", goose.DialectMySQL
		if locked {
			opts = append(opts, goose.WithSessionLocker(mysqlMigrationLock{}))
		}
	}
	sub, err := fs.Sub(db.Migrations, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, s.migrationDB, sub, opts...)
}

// Migrate applies every pending migration and returns how many it applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	p, err := s.migrator(true)
	if err != nil {
		return 0, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("apply migrations: %w", err)
	}
	return len(results), nil
}

// MigrateDown rolls back the most recent migration and returns its version (0 if none).
func (s *Store) MigrateDown(ctx context.Context) (int64, error) {
	p, err := s.migrator(true)
	if err != nil {
		return 0, err
	}
	r, err := p.Down(ctx)
	if errors.Is(err, goose.ErrNoNextVersion) {
		return 0, nil // nothing applied: nothing to roll back
	}
	if err != nil {
		return 0, fmt.Errorf("roll back migration: %w", err)
	}
	if r == nil || r.Source == nil {
		return 0, nil
	}
	return r.Source.Version, nil
}

// MigrationStatuses lists every known migration and whether it is applied.
func (s *Store) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	p, err := s.migrator(false)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("read migration status: %w", err)
	}
	out := make([]MigrationStatus, len(st))
	for i, m := range st {
		out[i] = MigrationStatus{Version: m.Source.Version, Source: m.Source.Path, Applied: m.State == goose.StateApplied}
	}
	return out, nil
}

// MigrationCounts says how many known migrations are applied and how many are pending.
func (s *Store) MigrationCounts(ctx context.Context) (applied, pending int, err error) {
	list, err := s.MigrationStatuses(ctx)
	for _, m := range list {
		if m.Applied {
			applied++
		} else {
			pending++
		}
	}
	return applied, pending, err
}

// mysqlMigrationLock makes replicas that start together migrate one at a time on MySQL, with a
// named lock held by the migrating session (goose ships a locker for PostgreSQL only).
type mysqlMigrationLock struct{}

func (mysqlMigrationLock) SessionLock(ctx context.Context, conn *sql.Conn) error {
	for {
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('iims_migrate', 5)").Scan(&got); err != nil {
			return fmt.Errorf("take the migration lock: %w", err)
		}
		if got.Int64 == 1 {
			return nil
		}
		if ctx.Err() != nil { // another replica migrates: wait for it (GET_LOCK waited 5 s)
			return ctx.Err()
		}
	}
}

func (mysqlMigrationLock) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "SELECT RELEASE_LOCK('iims_migrate')")
	return err
}
