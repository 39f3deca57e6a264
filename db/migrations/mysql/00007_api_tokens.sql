-- +goose Up
-- API tokens (Authorization: Bearer iims_…). Only a token's SHA-256 is kept: the secret is shown
-- once, when it is made. A revoked token stays, so that the history's actors keep a meaning.
CREATE TABLE api_tokens (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    token_hash   CHAR(64)     NOT NULL,
    prefix       VARCHAR(32)  NOT NULL,
    created_by   VARCHAR(255) NOT NULL,
    created_at   DATETIME(6)  NOT NULL,
    expires_at   DATETIME(6),
    last_used_at DATETIME(6),
    revoked_at   DATETIME(6),
    CONSTRAINT api_tokens_name_key UNIQUE (name),
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_name_len CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 100),
    CONSTRAINT api_tokens_role_enum CHECK (role IN ('viewer', 'editor', 'admin'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Finding changes by who made them (actor), through what (via) and in which request.
CREATE INDEX instance_history_actor_idx ON instance_history (actor, operation_timestamp, history_id);
CREATE INDEX instance_history_request_id_idx ON instance_history (request_id);

-- +goose Down
DROP INDEX instance_history_request_id_idx ON instance_history;
DROP INDEX instance_history_actor_idx ON instance_history;
DROP TABLE api_tokens;
