-- name: HistoryInsert :exec
INSERT INTO instance_history (
    original_id, operation_type, operation_timestamp,
    name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
    status, priority, description, version, created_at, updated_at, changes, request_id, hash,
    chain_version, actor, via, reason, reverted_from
) VALUES (
    sqlc.arg(original_id), sqlc.arg(operation_type), sqlc.arg(operation_timestamp),
    sqlc.arg(name), sqlc.arg(model_name), sqlc.arg(model_version), sqlc.arg(cluster_name),
    sqlc.arg(image_tag), sqlc.arg(replicas), sqlc.arg(pp), sqlc.arg(cp), sqlc.arg(tp),
    sqlc.arg(status), sqlc.arg(priority), sqlc.narg(description), sqlc.arg(version),
    sqlc.arg(created_at), sqlc.arg(updated_at), sqlc.narg(changes), sqlc.narg(request_id), sqlc.narg(hash),
    sqlc.narg(chain_version), sqlc.narg(actor), sqlc.narg(via), sqlc.narg(reason), sqlc.narg(reverted_from)
);

-- name: HistoryGet :one
SELECT * FROM instance_history WHERE history_id = sqlc.arg(history_id);

-- HistoryFirstOf tells whether an instance id ever existed (its oldest record), deleted or not.
-- name: HistoryFirstOf :one
SELECT history_id FROM instance_history
WHERE original_id = sqlc.arg(original_id)
ORDER BY history_id
LIMIT 1;

-- HistoryLastOf is an instance's newest record (a deleted instance's last state).
-- name: HistoryLastOf :one
SELECT * FROM instance_history
WHERE original_id = sqlc.arg(original_id)
ORDER BY history_id DESC
LIMIT 1;

-- HistoryRange lists the records after one history id up to another, oldest first (event replay
-- and the follower: never past the point up to which every history id is settled).
-- name: HistoryRange :many
SELECT * FROM instance_history
WHERE history_id > sqlc.arg(after_id) AND history_id <= sqlc.arg(up_to)
ORDER BY history_id
LIMIT ?;

-- name: TreeHeadLatest :one
SELECT * FROM history_tree_heads ORDER BY tree_size DESC LIMIT 1;

-- name: TreeHeadInsert :exec
INSERT INTO history_tree_heads (tree_size, last_history_id, root_hash, range_hashes, sealed_at)
VALUES (sqlc.arg(tree_size), sqlc.arg(last_history_id), sqlc.arg(root_hash), sqlc.arg(range_hashes), sqlc.arg(sealed_at));

-- name: TreeHeads :many
SELECT * FROM history_tree_heads ORDER BY tree_size;

-- HistoryLastBefore is an instance's newest record older than a given one: its state before that
-- change (undo).
-- name: HistoryLastBefore :one
SELECT * FROM instance_history
WHERE original_id = sqlc.arg(original_id) AND history_id < sqlc.arg(before_id)
ORDER BY history_id DESC
LIMIT 1;

-- HistoryByRequestID lists the records one request wrote, oldest first (undo of a batch).
-- name: HistoryByRequestID :many
SELECT * FROM instance_history
WHERE request_id = sqlc.arg(request_id)
ORDER BY history_id
LIMIT ?;
