package store

import (
	"context"

	"github.com/iims/iims/gen/sqlitedb"
)

// sqliteQuerier is sqlc's SQLite querier with the two point reads of an instance written over the
// lists' select list, which hands timestamps over as text for timeDest to parse with IIMS's one
// layout (sqlite_time.go): through sqlc's `SELECT *` the driver tried a layout that never matches
// first, 3% of a W1 get's CPU. The rows and errors (sql.ErrNoRows) are sqlc's.
type sqliteQuerier struct {
	*sqlitedb.Queries
	db sqlDB
}

var _ Querier = sqliteQuerier{}

var (
	sqliteInstanceByID   = "SELECT " + sqliteDialect.instanceColumns + " FROM instances WHERE id = ?"
	sqliteInstanceByName = "SELECT " + sqliteDialect.instanceColumns + " FROM instances WHERE name = ?"
)

func (q sqliteQuerier) InstanceGet(ctx context.Context, id int64) (Instance, error) {
	return scanInstance(q.db.QueryRowContext(ctx, sqliteInstanceByID, id))
}

func (q sqliteQuerier) InstanceGetByName(ctx context.Context, name string) (Instance, error) {
	return scanInstance(q.db.QueryRowContext(ctx, sqliteInstanceByName, name))
}
