-- +goose Up
-- Running counts of instances (and history records) per dimension, kept by triggers in the same
-- transaction as every change, updated in place (InnoDB updates a row in place; the deltas table
-- PostgreSQL needs stays empty here and exists so that readers run one query on every engine).
-- Only the 'total' row sums replicas and GPUs.
CREATE TABLE instance_count_deltas (
    id        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dimension VARCHAR(32)  NOT NULL,
    `key`     VARCHAR(600) NOT NULL,
    n         BIGINT       NOT NULL,
    replicas  BIGINT       NOT NULL DEFAULT 0,
    gpus      BIGINT       NOT NULL DEFAULT 0
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE instance_counts (
    dimension VARCHAR(32)  NOT NULL,  -- total | status | priority | cluster | model | status_priority | history | history_op
    `key`     VARCHAR(600) NOT NULL,
    n         BIGINT       NOT NULL DEFAULT 0,
    replicas  BIGINT       NOT NULL DEFAULT 0,
    gpus      BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (dimension, `key`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- +goose StatementBegin
CREATE PROCEDURE instance_counts_add(IN p_sign BIGINT, IN p_status VARCHAR(16), IN p_priority VARCHAR(16),
    IN p_cluster VARCHAR(255), IN p_model VARCHAR(255), IN p_replicas BIGINT, IN p_gpus BIGINT)
BEGIN
    INSERT INTO instance_counts (dimension, `key`, n, replicas, gpus) VALUES
        ('total', '', p_sign, p_sign * p_replicas, p_sign * p_gpus),
        ('status', p_status, p_sign, 0, 0), ('priority', p_priority, p_sign, 0, 0), ('cluster', p_cluster, p_sign, 0, 0),
        ('model', p_model, p_sign, 0, 0), ('status_priority', CONCAT(p_status, ':', p_priority), p_sign, 0, 0)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n), replicas = replicas + VALUES(replicas), gpus = gpus + VALUES(gpus);
END
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER instance_counts_insert AFTER INSERT ON instances FOR EACH ROW
    CALL instance_counts_add(1, NEW.status, NEW.priority, NEW.cluster_name, NEW.model_name, NEW.replicas, NEW.replicas * NEW.pp * NEW.cp * NEW.tp)
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_delete AFTER DELETE ON instances FOR EACH ROW
    CALL instance_counts_add(-1, OLD.status, OLD.priority, OLD.cluster_name, OLD.model_name, OLD.replicas, OLD.replicas * OLD.pp * OLD.cp * OLD.tp)
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_update AFTER UPDATE ON instances FOR EACH ROW
BEGIN
    IF NOT (OLD.status <=> NEW.status AND OLD.priority <=> NEW.priority AND OLD.cluster_name <=> NEW.cluster_name
            AND OLD.model_name <=> NEW.model_name) THEN
        CALL instance_counts_add(-1, OLD.status, OLD.priority, OLD.cluster_name, OLD.model_name, OLD.replicas, OLD.replicas * OLD.pp * OLD.cp * OLD.tp);
        CALL instance_counts_add(1, NEW.status, NEW.priority, NEW.cluster_name, NEW.model_name, NEW.replicas, NEW.replicas * NEW.pp * NEW.cp * NEW.tp);
    ELSEIF NOT (OLD.replicas <=> NEW.replicas AND OLD.pp <=> NEW.pp AND OLD.cp <=> NEW.cp AND OLD.tp <=> NEW.tp) THEN
        UPDATE instance_counts SET replicas = replicas - OLD.replicas + NEW.replicas,
            gpus = gpus - OLD.replicas * OLD.pp * OLD.cp * OLD.tp + NEW.replicas * NEW.pp * NEW.cp * NEW.tp
        WHERE dimension = 'total' AND `key` = '';
    END IF;
END
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER history_counts_insert AFTER INSERT ON instance_history FOR EACH ROW
    INSERT INTO instance_counts (dimension, `key`, n) VALUES ('history', '', 1), ('history_op', NEW.operation_type, 1)
    ON DUPLICATE KEY UPDATE n = n + 1
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER history_counts_insert;
DROP TRIGGER instance_counts_update;
DROP TRIGGER instance_counts_delete;
DROP TRIGGER instance_counts_insert;
DROP PROCEDURE instance_counts_add;
DROP TABLE instance_counts;
DROP TABLE instance_count_deltas;
