-- +goose Up
-- API tokens (Authorization: Bearer iims_…). Only a token's SHA-256 is kept: the secret is shown
-- once, when it is made. A revoked token stays, so that the history's actors keep a meaning.
CREATE TABLE api_tokens (
    id           INTEGER   PRIMARY KEY AUTOINCREMENT,
    name         TEXT      NOT NULL,
    role         TEXT      NOT NULL,
    token_hash   TEXT      NOT NULL,
    prefix       TEXT      NOT NULL,
    created_by   TEXT      NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    CONSTRAINT api_tokens_name_key UNIQUE (name),
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_name_len CHECK (length(name) BETWEEN 1 AND 100),
    CONSTRAINT api_tokens_role_enum CHECK (role IN ('viewer', 'editor', 'admin'))
);

-- Finding changes by who made them (actor), through what (via) and in which request.
CREATE INDEX instance_history_actor_idx ON instance_history (actor, operation_timestamp, history_id);
CREATE INDEX instance_history_request_id_idx ON instance_history (request_id);

-- +goose Down
DROP INDEX instance_history_request_id_idx;
DROP INDEX instance_history_actor_idx;
DROP TABLE api_tokens;
