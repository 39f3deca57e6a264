-- +goose Up
-- Running counts of instances (and history records) per dimension, kept by triggers in the same
-- transaction as every change: the dashboard's figures, the unfiltered list total and the metrics
-- read a few rows instead of counting millions.
-- PostgreSQL's triggers append to this table and fold it in later (see its migration); SQLite
-- updates the counts in place, which costs the same however often a transaction does it, so here
-- it stays empty. Both engines read counts + deltas with the same query.
CREATE TABLE instance_count_deltas (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    dimension TEXT   NOT NULL,
    key       TEXT   NOT NULL,
    n         BIGINT NOT NULL,
    replicas  BIGINT NOT NULL DEFAULT 0,
    gpus      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE instance_counts (
    dimension TEXT   NOT NULL,  -- total | status | priority | cluster | model | status_priority | history | history_op
    key       TEXT   NOT NULL,
    n         BIGINT NOT NULL DEFAULT 0,
    replicas  BIGINT NOT NULL DEFAULT 0,
    gpus      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (dimension, key)
);

-- +goose StatementBegin
CREATE TRIGGER instance_counts_insert AFTER INSERT ON instances BEGIN
    INSERT INTO instance_counts (dimension, key, n, replicas, gpus) VALUES
        ('total', '', 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('status', NEW.status, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('priority', NEW.priority, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('cluster', NEW.cluster_name, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('model', NEW.model_name, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('status_priority', NEW.status || ':' || NEW.priority, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp)
    ON CONFLICT (dimension, key) DO UPDATE
    SET n = n + excluded.n, replicas = replicas + excluded.replicas, gpus = gpus + excluded.gpus;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_delete AFTER DELETE ON instances BEGIN
    INSERT INTO instance_counts (dimension, key, n, replicas, gpus) VALUES
        ('total', '', -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('status', OLD.status, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('priority', OLD.priority, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('cluster', OLD.cluster_name, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('model', OLD.model_name, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('status_priority', OLD.status || ':' || OLD.priority, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp)
    ON CONFLICT (dimension, key) DO UPDATE
    SET n = n + excluded.n, replicas = replicas + excluded.replicas, gpus = gpus + excluded.gpus;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_update AFTER UPDATE ON instances
WHEN OLD.status IS NOT NEW.status OR OLD.priority IS NOT NEW.priority OR OLD.cluster_name IS NOT NEW.cluster_name
    OR OLD.model_name IS NOT NEW.model_name OR OLD.replicas IS NOT NEW.replicas OR OLD.pp IS NOT NEW.pp
    OR OLD.cp IS NOT NEW.cp OR OLD.tp IS NOT NEW.tp
BEGIN
    INSERT INTO instance_counts (dimension, key, n, replicas, gpus) VALUES
        ('total', '', -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('status', OLD.status, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('priority', OLD.priority, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('cluster', OLD.cluster_name, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('model', OLD.model_name, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp),
        ('status_priority', OLD.status || ':' || OLD.priority, -1, -1 * OLD.replicas, -1 * OLD.replicas * OLD.pp * OLD.cp * OLD.tp)
    ON CONFLICT (dimension, key) DO UPDATE
    SET n = n + excluded.n, replicas = replicas + excluded.replicas, gpus = gpus + excluded.gpus;
    INSERT INTO instance_counts (dimension, key, n, replicas, gpus) VALUES
        ('total', '', 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('status', NEW.status, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('priority', NEW.priority, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('cluster', NEW.cluster_name, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('model', NEW.model_name, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('status_priority', NEW.status || ':' || NEW.priority, 1, 1 * NEW.replicas, 1 * NEW.replicas * NEW.pp * NEW.cp * NEW.tp)
    ON CONFLICT (dimension, key) DO UPDATE
    SET n = n + excluded.n, replicas = replicas + excluded.replicas, gpus = gpus + excluded.gpus;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER history_counts_insert AFTER INSERT ON instance_history BEGIN
    INSERT INTO instance_counts (dimension, key, n) VALUES ('history', '', 1), ('history_op', NEW.operation_type, 1)
    ON CONFLICT (dimension, key) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- Count what is already there.
INSERT INTO instance_counts (dimension, key, n, replicas, gpus)
SELECT 'total', '', COUNT(*), COALESCE(SUM(replicas), 0), COALESCE(SUM(replicas * pp * cp * tp), 0) FROM instances
UNION ALL SELECT 'status', status, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY status
UNION ALL SELECT 'priority', priority, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY priority
UNION ALL SELECT 'cluster', cluster_name, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY cluster_name
UNION ALL SELECT 'model', model_name, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY model_name
UNION ALL SELECT 'status_priority', status || ':' || priority, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp)
    FROM instances GROUP BY status, priority;
INSERT INTO instance_counts (dimension, key, n)
SELECT 'history', '', COUNT(*) FROM instance_history
UNION ALL SELECT 'history_op', operation_type, COUNT(*) FROM instance_history GROUP BY operation_type;

-- +goose Down
DROP TRIGGER history_counts_insert;
DROP TRIGGER instance_counts_update;
DROP TRIGGER instance_counts_delete;
DROP TRIGGER instance_counts_insert;
DROP TABLE instance_counts;
DROP TABLE instance_count_deltas;
