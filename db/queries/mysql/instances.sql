-- name: InstanceGet :one
SELECT * FROM instances WHERE id = sqlc.arg(id);

-- name: InstanceGetByName :one
SELECT * FROM instances WHERE name = sqlc.arg(name);

-- InstanceInsert stores a new instance under an id taken beforehand (InstanceNextID): its create
-- record is hashed with that id before either row is written.
-- name: InstanceInsert :exec
INSERT INTO instances (
    id, name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
    status, priority, description, version, created_at, updated_at, chain_hash
) VALUES (
    sqlc.arg(id), sqlc.arg(name), sqlc.arg(model_name), sqlc.arg(model_version), sqlc.arg(cluster_name),
    sqlc.arg(image_tag), sqlc.arg(replicas), sqlc.arg(pp), sqlc.arg(cp), sqlc.arg(tp),
    sqlc.arg(status), sqlc.arg(priority), sqlc.narg(description), sqlc.arg(version),
    sqlc.arg(created_at), sqlc.arg(updated_at), sqlc.narg(chain_hash)
);

-- The UPDATE of an instance is written by hand (internal/store/update.go): it sets only the
-- fields that changed.

-- name: InstanceDelete :execrows
DELETE FROM instances WHERE id = sqlc.arg(id) AND version = sqlc.arg(expected_version);
