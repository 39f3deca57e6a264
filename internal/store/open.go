package store

import (
	"context"
	"fmt"
)

// Open connects to the database DATABASE_URL names. It does not migrate; see Migrate.
func Open(ctx context.Context, databaseURL string, pool PoolConfig) (*Store, error) {
	t, err := ParseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	switch t.Engine {
	case EnginePostgres:
		return openPostgres(ctx, t.DSN, pool)
	case EngineSQLite:
		return openSQLite(ctx, t.Path)
	case EngineMySQL:
		return openMySQL(ctx, t.DSN, pool)
	}
	return nil, fmt.Errorf("unsupported engine %q", t.Engine)
}
