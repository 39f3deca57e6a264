-- +goose Up
-- The filters people combine — "active on cluster X", "critical on cluster X" — served by one
-- index each: the matching rows in id order (the default sort) and their count, without reading
-- the table for every instance of the status or the cluster.
CREATE INDEX instances_status_cluster_idx ON instances (status, cluster_name, id);
CREATE INDEX instances_cluster_priority_idx ON instances (cluster_name, priority, id);

-- The running counts are kept by one trigger per kind of change: a change of replicas (or of
-- the parallelism) updates the fleet's replica and GPU sums only (it used to rewrite the count of
-- every dimension, twelve upserts per change); only the 'total' row sums replicas and GPUs (the
-- figures per status, cluster… were never read).
DROP TRIGGER instance_counts_insert;
DROP TRIGGER instance_counts_delete;
DROP TRIGGER instance_counts_update;
UPDATE instance_counts SET replicas = 0, gpus = 0 WHERE dimension <> 'total';
-- +goose StatementBegin
CREATE TRIGGER instance_counts_insert AFTER INSERT ON instances BEGIN
    INSERT INTO instance_counts (dimension, key, n, replicas, gpus) VALUES
        ('total', '', 1, NEW.replicas, NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
        ('status', NEW.status, 1, 0, 0), ('priority', NEW.priority, 1, 0, 0), ('cluster', NEW.cluster_name, 1, 0, 0),
        ('model', NEW.model_name, 1, 0, 0), ('status_priority', NEW.status || ':' || NEW.priority, 1, 0, 0)
    ON CONFLICT (dimension, key) DO UPDATE
    SET n = n + excluded.n, replicas = replicas + excluded.replicas, gpus = gpus + excluded.gpus;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_delete AFTER DELETE ON instances BEGIN
    INSERT INTO instance_counts (dimension, key, n, replicas, gpus) VALUES
        ('total', '', -1, -OLD.replicas, -(OLD.replicas * OLD.pp * OLD.cp * OLD.tp)),
        ('status', OLD.status, -1, 0, 0), ('priority', OLD.priority, -1, 0, 0), ('cluster', OLD.cluster_name, -1, 0, 0),
        ('model', OLD.model_name, -1, 0, 0), ('status_priority', OLD.status || ':' || OLD.priority, -1, 0, 0)
    ON CONFLICT (dimension, key) DO UPDATE
    SET n = n + excluded.n, replicas = replicas + excluded.replicas, gpus = gpus + excluded.gpus;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_resize AFTER UPDATE OF replicas, pp, cp, tp ON instances
WHEN OLD.replicas IS NOT NEW.replicas OR OLD.pp IS NOT NEW.pp OR OLD.cp IS NOT NEW.cp OR OLD.tp IS NOT NEW.tp
BEGIN
    UPDATE instance_counts SET replicas = replicas + NEW.replicas - OLD.replicas,
        gpus = gpus + NEW.replicas * NEW.pp * NEW.cp * NEW.tp - OLD.replicas * OLD.pp * OLD.cp * OLD.tp
    WHERE dimension = 'total' AND key = '';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_status_priority AFTER UPDATE OF status, priority ON instances
WHEN OLD.status IS NOT NEW.status OR OLD.priority IS NOT NEW.priority
BEGIN
    INSERT INTO instance_counts (dimension, key, n) VALUES
        ('status', OLD.status, -1), ('status', NEW.status, 1), ('priority', OLD.priority, -1), ('priority', NEW.priority, 1),
        ('status_priority', OLD.status || ':' || OLD.priority, -1), ('status_priority', NEW.status || ':' || NEW.priority, 1)
    ON CONFLICT (dimension, key) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_cluster AFTER UPDATE OF cluster_name ON instances WHEN OLD.cluster_name IS NOT NEW.cluster_name
BEGIN
    INSERT INTO instance_counts (dimension, key, n) VALUES ('cluster', OLD.cluster_name, -1), ('cluster', NEW.cluster_name, 1)
    ON CONFLICT (dimension, key) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instance_counts_model AFTER UPDATE OF model_name ON instances WHEN OLD.model_name IS NOT NEW.model_name
BEGIN
    INSERT INTO instance_counts (dimension, key, n) VALUES ('model', OLD.model_name, -1), ('model', NEW.model_name, 1)
    ON CONFLICT (dimension, key) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER instance_counts_model;
DROP TRIGGER instance_counts_cluster;
DROP TRIGGER instance_counts_status_priority;
DROP TRIGGER instance_counts_resize;
DROP TRIGGER instance_counts_delete;
DROP TRIGGER instance_counts_insert;
-- The first triggers (00003): every dimension's counts and sums.
DELETE FROM instance_counts WHERE dimension NOT IN ('history', 'history_op');
INSERT INTO instance_counts (dimension, key, n, replicas, gpus)
SELECT 'total', '', COUNT(*), COALESCE(SUM(replicas), 0), COALESCE(SUM(replicas * pp * cp * tp), 0) FROM instances
UNION ALL SELECT 'status', status, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY status
UNION ALL SELECT 'priority', priority, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY priority
UNION ALL SELECT 'cluster', cluster_name, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY cluster_name
UNION ALL SELECT 'model', model_name, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp) FROM instances GROUP BY model_name
UNION ALL SELECT 'status_priority', status || ':' || priority, COUNT(*), SUM(replicas), SUM(replicas * pp * cp * tp)
    FROM instances GROUP BY status, priority;
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
DROP INDEX instances_cluster_priority_idx;
DROP INDEX instances_status_cluster_idx;
