-- InstanceGetForUpdate: SQLite has no row locks; writes run in BEGIN IMMEDIATE transactions on a
-- single writer connection, which already serialises them.
-- name: InstanceGetForUpdate :one
SELECT * FROM instances WHERE id = sqlc.arg(id);

-- HistoryLock: writes are already serialised by the single writer connection.
-- name: HistoryLock :exec
SELECT 1;

-- EventNotify: one process only; the service publishes to its in-process hub after commit.
-- name: EventNotify :exec
SELECT CAST(sqlc.arg(history_id) AS TEXT);
