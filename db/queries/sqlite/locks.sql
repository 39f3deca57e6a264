-- InstanceGetForUpdate: SQLite has no row locks; writes run in BEGIN IMMEDIATE transactions on a
-- single writer connection, which already serialises them.
-- name: InstanceGetForUpdate :one
SELECT * FROM instances WHERE id = sqlc.arg(id);
