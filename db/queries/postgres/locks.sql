-- InstancesForUpdate reads instances for a write and locks their rows until the transaction
-- ends, in id order (so that concurrent writers of several instances cannot deadlock): writers of
-- one instance queue up and each sees the state the previous one committed.
-- name: InstancesForUpdate :many
SELECT * FROM instances WHERE id = ANY(sqlc.arg(ids)::BIGINT[]) ORDER BY id FOR UPDATE;

-- name: InstanceForUpdateByName :one
SELECT * FROM instances WHERE name = sqlc.arg(name) FOR UPDATE;
