-- +goose Up
-- The instance registry and its append-only history. Bounds mirror api/openapi.yaml so that no
-- writer (API, import, a hand-run sqlite3) can store what the API would refuse.
-- AUTOINCREMENT: ids are never reused, so a history that outlives its instance never gets mixed
-- up with a later instance's.
CREATE TABLE instances (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    name          TEXT      NOT NULL,
    model_name    TEXT      NOT NULL,
    model_version TEXT      NOT NULL,
    cluster_name  TEXT      NOT NULL,
    image_tag     TEXT      NOT NULL,
    replicas      BIGINT    NOT NULL,
    pp            BIGINT    NOT NULL,
    cp            BIGINT    NOT NULL,
    tp            BIGINT    NOT NULL,
    status        TEXT      NOT NULL,
    priority      TEXT      NOT NULL,
    description   TEXT,
    version       BIGINT    NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CONSTRAINT instances_name_key UNIQUE (name),
    CONSTRAINT instances_name_len CHECK (length(name) BETWEEN 1 AND 255),
    CONSTRAINT instances_model_name_len CHECK (length(model_name) BETWEEN 1 AND 255),
    CONSTRAINT instances_model_version_len CHECK (length(model_version) BETWEEN 1 AND 50),
    CONSTRAINT instances_cluster_name_len CHECK (length(cluster_name) BETWEEN 1 AND 255),
    CONSTRAINT instances_image_tag_len CHECK (length(image_tag) BETWEEN 1 AND 255),
    CONSTRAINT instances_replicas_range CHECK (replicas BETWEEN 1 AND 100),
    CONSTRAINT instances_pp_range CHECK (pp BETWEEN 1 AND 16),
    CONSTRAINT instances_cp_range CHECK (cp BETWEEN 1 AND 64),
    CONSTRAINT instances_tp_range CHECK (tp BETWEEN 1 AND 16),
    CONSTRAINT instances_status_enum CHECK (status IN ('active', 'inactive', 'pending', 'error')),
    CONSTRAINT instances_priority_enum CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT instances_description_len CHECK (description IS NULL OR length(description) <= 2000),
    CONSTRAINT instances_version_positive CHECK (version >= 1)
);

CREATE INDEX instances_model_name_idx ON instances (model_name, id);
CREATE INDEX instances_cluster_name_idx ON instances (cluster_name, id);
CREATE INDEX instances_status_idx ON instances (status, id);
CREATE INDEX instances_priority_idx ON instances (priority, id);
CREATE INDEX instances_priority_rank_idx ON instances (
    (CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 END), id);
CREATE INDEX instances_replicas_idx ON instances (replicas, id);
CREATE INDEX instances_created_at_idx ON instances (created_at, id);
CREATE INDEX instances_updated_at_idx ON instances (updated_at, id);
-- "errors / critical ones, most recently changed first" is the incident view: filter and order
-- from one index.
CREATE INDEX instances_status_updated_at_idx ON instances (status, updated_at, id);
CREATE INDEX instances_priority_updated_at_idx ON instances (priority, updated_at, id);

CREATE TABLE instance_history (
    history_id          INTEGER   PRIMARY KEY AUTOINCREMENT,
    original_id         BIGINT    NOT NULL,
    operation_type      TEXT      NOT NULL,
    operation_timestamp TIMESTAMP NOT NULL,
    name                TEXT      NOT NULL,
    model_name          TEXT      NOT NULL,
    model_version       TEXT      NOT NULL,
    cluster_name        TEXT      NOT NULL,
    image_tag           TEXT      NOT NULL,
    replicas            BIGINT    NOT NULL,
    pp                  BIGINT    NOT NULL,
    cp                  BIGINT    NOT NULL,
    tp                  BIGINT    NOT NULL,
    status              TEXT      NOT NULL,
    priority            TEXT      NOT NULL,
    description         TEXT,
    version             BIGINT    NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    changes             TEXT,
    request_id          TEXT,
    -- SHA-256 over the previous record's hash and this record's content: altering or removing a
    -- record breaks the chain from there on (iims verify). NULL only for rows written around IIMS.
    hash                TEXT,
    CONSTRAINT instance_history_operation_enum CHECK (operation_type IN ('create', 'update', 'delete'))
);

-- No foreign key to instances: history outlives the instance.
-- History lists are ordered newest first: operation_timestamp, then history_id. Per instance the
-- two orders agree (writes of one instance are serialised and their timestamps never go back).
CREATE INDEX instance_history_original_id_idx ON instance_history (original_id, operation_timestamp, history_id);
CREATE INDEX instance_history_timestamp_idx ON instance_history (operation_timestamp, history_id);

-- +goose StatementBegin
CREATE TRIGGER instance_history_no_update BEFORE UPDATE ON instance_history
BEGIN
    SELECT RAISE(ABORT, 'instance_history is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_history_no_delete BEFORE DELETE ON instance_history
BEGIN
    SELECT RAISE(ABORT, 'instance_history is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE instance_history;
DROP TABLE instances;
