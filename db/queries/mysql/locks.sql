-- InstancesForUpdate reads instances for a write and locks their rows until the transaction
-- ends, in id order (so that concurrent writers of several instances cannot deadlock).
-- name: InstancesForUpdate :many
SELECT * FROM instances WHERE id IN (sqlc.slice(ids)) ORDER BY id FOR UPDATE;

-- name: InstanceForUpdateByName :one
SELECT * FROM instances WHERE name = sqlc.arg(name) FOR UPDATE;
