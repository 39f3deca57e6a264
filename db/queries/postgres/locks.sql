-- InstanceGetForUpdate locks the row until the transaction ends, so concurrent writers of one
-- instance queue up and each sees the state the previous one committed.
-- name: InstanceGetForUpdate :one
SELECT * FROM instances WHERE id = sqlc.arg(id) FOR UPDATE;
