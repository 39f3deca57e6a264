-- name: HistoryInsert :one
INSERT INTO instance_history (
    original_id, operation_type, operation_timestamp,
    name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
    status, priority, description, version, created_at, updated_at, changes, request_id, hash
) VALUES (
    sqlc.arg(original_id), sqlc.arg(operation_type), sqlc.arg(operation_timestamp),
    sqlc.arg(name), sqlc.arg(model_name), sqlc.arg(model_version), sqlc.arg(cluster_name),
    sqlc.arg(image_tag), sqlc.arg(replicas), sqlc.arg(pp), sqlc.arg(cp), sqlc.arg(tp),
    sqlc.arg(status), sqlc.arg(priority), sqlc.narg(description), sqlc.arg(version),
    sqlc.arg(created_at), sqlc.arg(updated_at), sqlc.narg(changes), sqlc.narg(request_id), sqlc.narg(hash)
)
RETURNING *;

-- name: HistoryGet :one
SELECT * FROM instance_history WHERE history_id = sqlc.arg(history_id);

-- HistoryFirstOf tells whether an instance id ever existed (its oldest record), deleted or not.
-- name: HistoryFirstOf :one
SELECT history_id FROM instance_history
WHERE original_id = sqlc.arg(original_id)
ORDER BY history_id
LIMIT 1;

-- HistoryTail is the newest record's timestamp and hash: writers (holding the history lock)
-- never go below the one and chain their records to the other.
-- name: HistoryTail :one
SELECT operation_timestamp, hash FROM instance_history
ORDER BY history_id DESC
LIMIT 1;

-- HistoryLastID is the newest history id (the event stream's position).
-- name: HistoryLastID :one
SELECT history_id FROM instance_history ORDER BY history_id DESC LIMIT 1;

-- HistorySince lists records committed after a history id, oldest first (event replay).
-- name: HistorySince :many
SELECT * FROM instance_history
WHERE history_id > sqlc.arg(after_id)
ORDER BY history_id
LIMIT CAST(sqlc.arg(max_rows) AS BIGINT);
