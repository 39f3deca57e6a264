-- InstanceGetForUpdate locks the row until the transaction ends, so concurrent writers of one
-- instance queue up and each sees the state the previous one committed.
-- name: InstanceGetForUpdate :one
SELECT * FROM instances WHERE id = sqlc.arg(id) FOR UPDATE;

-- HistoryLock serialises writers cluster-wide until their transaction ends, so history ids are
-- handed out in commit order: the event stream's sequence never skips back, on any replica.
-- name: HistoryLock :exec
SELECT pg_advisory_xact_lock(7243);

-- EventNotify tells every replica (LISTEN iims_events) about a history record; PostgreSQL
-- delivers it at commit, and only if the transaction commits.
-- name: EventNotify :exec
SELECT pg_notify('iims_events', CAST(sqlc.arg(history_id) AS TEXT));
