-- name: InstanceGet :one
SELECT * FROM instances WHERE id = sqlc.arg(id);

-- name: InstanceGetByName :one
SELECT * FROM instances WHERE name = sqlc.arg(name);

-- name: InstanceInsert :one
INSERT INTO instances (
    name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
    status, priority, description, version, created_at, updated_at
) VALUES (
    sqlc.arg(name), sqlc.arg(model_name), sqlc.arg(model_version), sqlc.arg(cluster_name),
    sqlc.arg(image_tag), sqlc.arg(replicas), sqlc.arg(pp), sqlc.arg(cp), sqlc.arg(tp),
    sqlc.arg(status), sqlc.arg(priority), sqlc.narg(description), 1,
    sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- InstanceUpdate writes a whole new state; the version guard makes a lost update impossible even
-- if a caller forgot to lock the row first.
-- name: InstanceUpdate :one
UPDATE instances SET
    name = sqlc.arg(name),
    model_name = sqlc.arg(model_name),
    model_version = sqlc.arg(model_version),
    cluster_name = sqlc.arg(cluster_name),
    image_tag = sqlc.arg(image_tag),
    replicas = sqlc.arg(replicas),
    pp = sqlc.arg(pp),
    cp = sqlc.arg(cp),
    tp = sqlc.arg(tp),
    status = sqlc.arg(status),
    priority = sqlc.arg(priority),
    description = sqlc.narg(description),
    version = version + 1,
    updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND version = sqlc.arg(expected_version)
RETURNING *;

-- name: InstanceDelete :execrows
DELETE FROM instances WHERE id = sqlc.arg(id) AND version = sqlc.arg(expected_version);
