-- InstancesForUpdate: SQLite has no row locks; writes run in BEGIN IMMEDIATE transactions on a
-- single writer connection, which already serialises them.
-- name: InstancesForUpdate :many
SELECT * FROM instances WHERE id IN (sqlc.slice(ids)) ORDER BY id;

-- name: InstanceForUpdateByName :one
SELECT * FROM instances WHERE name = sqlc.arg(name);
