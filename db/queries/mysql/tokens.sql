-- TokenInsert: MySQL has no RETURNING; the store reads the new row back by its id.
-- name: TokenInsert :execlastid
INSERT INTO api_tokens (name, role, token_hash, prefix, created_by, created_at, expires_at)
VALUES (sqlc.arg(name), sqlc.arg(role), sqlc.arg(token_hash), sqlc.arg(prefix), sqlc.arg(created_by),
        sqlc.arg(created_at), sqlc.narg(expires_at));

-- name: TokenByHash :one
SELECT * FROM api_tokens WHERE token_hash = sqlc.arg(token_hash);

-- name: TokenGet :one
SELECT * FROM api_tokens WHERE id = sqlc.arg(id);

-- name: TokenGetByName :one
SELECT * FROM api_tokens WHERE name = sqlc.arg(name);

-- name: TokenList :many
SELECT * FROM api_tokens ORDER BY id;

-- TokenRevoke: MySQL has no RETURNING; the store reads the row back when one was revoked.
-- name: TokenRevoke :execrows
UPDATE api_tokens SET revoked_at = sqlc.arg(revoked_at)
WHERE id = sqlc.arg(id) AND revoked_at IS NULL;

-- TokenTouch records when a token was last used (at most about once a minute: see internal/auth).
-- name: TokenTouch :exec
UPDATE api_tokens SET last_used_at = sqlc.arg(last_used_at) WHERE id = sqlc.arg(id);
