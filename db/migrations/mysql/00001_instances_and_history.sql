-- +goose Up
-- The instance registry and its append-only history, on MySQL 8 / MariaDB 10.11+ (InnoDB,
-- utf8mb4). Bounds mirror api/openapi.yaml so that no writer can store what the API would refuse.
-- utf8mb4_bin: names compare and sort byte for byte, as on PostgreSQL ("C") and SQLite — the
-- server's default collations would make "Llama" and "llama" the same name. priority is an ENUM
-- in severity order, so that ORDER BY priority (and its index) sorts by severity.
CREATE TABLE instances (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(255)  NOT NULL,
    model_name    VARCHAR(255)  NOT NULL,
    model_version VARCHAR(50)   NOT NULL,
    cluster_name  VARCHAR(255)  NOT NULL,
    image_tag     VARCHAR(255)  NOT NULL,
    replicas      BIGINT        NOT NULL,
    pp            BIGINT        NOT NULL,
    cp            BIGINT        NOT NULL,
    tp            BIGINT        NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    priority      ENUM('low', 'medium', 'high', 'critical') NOT NULL,
    description   VARCHAR(2000),
    version       BIGINT        NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    updated_at    DATETIME(6)   NOT NULL,
    CONSTRAINT instances_name_key UNIQUE (name),
    CONSTRAINT instances_name_len CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 255),
    CONSTRAINT instances_model_name_len CHECK (CHAR_LENGTH(model_name) BETWEEN 1 AND 255),
    CONSTRAINT instances_model_version_len CHECK (CHAR_LENGTH(model_version) BETWEEN 1 AND 50),
    CONSTRAINT instances_cluster_name_len CHECK (CHAR_LENGTH(cluster_name) BETWEEN 1 AND 255),
    CONSTRAINT instances_image_tag_len CHECK (CHAR_LENGTH(image_tag) BETWEEN 1 AND 255),
    CONSTRAINT instances_replicas_range CHECK (replicas BETWEEN 1 AND 100),
    CONSTRAINT instances_pp_range CHECK (pp BETWEEN 1 AND 16),
    CONSTRAINT instances_cp_range CHECK (cp BETWEEN 1 AND 64),
    CONSTRAINT instances_tp_range CHECK (tp BETWEEN 1 AND 16),
    CONSTRAINT instances_status_enum CHECK (status IN ('active', 'inactive', 'pending', 'error')),
    CONSTRAINT instances_description_len CHECK (description IS NULL OR CHAR_LENGTH(description) <= 2000),
    CONSTRAINT instances_version_positive CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX instances_model_name_idx ON instances (model_name, id);
CREATE INDEX instances_cluster_name_idx ON instances (cluster_name, id);
CREATE INDEX instances_status_idx ON instances (status, id);
CREATE INDEX instances_priority_idx ON instances (priority, id);
CREATE INDEX instances_replicas_idx ON instances (replicas, id);
CREATE INDEX instances_created_at_idx ON instances (created_at, id);
CREATE INDEX instances_updated_at_idx ON instances (updated_at, id);
CREATE INDEX instances_status_updated_at_idx ON instances (status, updated_at, id);
CREATE INDEX instances_priority_updated_at_idx ON instances (priority, updated_at, id);

CREATE TABLE instance_history (
    history_id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    original_id         BIGINT       NOT NULL,
    operation_type      VARCHAR(16)  NOT NULL,
    operation_timestamp DATETIME(6)  NOT NULL,
    name                VARCHAR(255) NOT NULL,
    model_name          VARCHAR(255) NOT NULL,
    model_version       VARCHAR(50)  NOT NULL,
    cluster_name        VARCHAR(255) NOT NULL,
    image_tag           VARCHAR(255) NOT NULL,
    replicas            BIGINT       NOT NULL,
    pp                  BIGINT       NOT NULL,
    cp                  BIGINT       NOT NULL,
    tp                  BIGINT       NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    priority            VARCHAR(16)  NOT NULL,
    description         VARCHAR(2000),
    version             BIGINT       NOT NULL,
    created_at          DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL,
    changes             JSON,
    request_id          VARCHAR(255),
    -- SHA-256 over the previous record's hash and this record's content (iims verify).
    hash                CHAR(64),
    CONSTRAINT instance_history_operation_enum CHECK (operation_type IN ('create', 'update', 'delete'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- No foreign key to instances: history outlives the instance.
CREATE INDEX instance_history_original_id_idx ON instance_history (original_id, operation_timestamp, history_id);
CREATE INDEX instance_history_timestamp_idx ON instance_history (operation_timestamp, history_id);

-- +goose StatementBegin
CREATE TRIGGER instance_history_no_update BEFORE UPDATE ON instance_history FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'instance_history is append-only (UPDATE refused)';
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_history_no_delete BEFORE DELETE ON instance_history FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'instance_history is append-only (DELETE refused)';
-- +goose StatementEnd

-- Instance ids are taken before the instance is written (its create record is hashed with its
-- id): an AUTO_INCREMENT of its own hands them out (never rolled back, never reused), the way a
-- sequence does on PostgreSQL.
CREATE TABLE instance_id_sequence (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE = InnoDB;

-- +goose Down
DROP TABLE instance_id_sequence;
DROP TABLE instance_history;
DROP TABLE instances;
