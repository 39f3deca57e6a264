-- +goose Up
-- The filters people combine — "active on cluster X", "critical on cluster X" — served by one
-- index each: the matching rows in id order (the default sort) and their count, without reading
-- the table for every instance of the status or the cluster.
CREATE INDEX instances_status_cluster_idx ON instances (status, cluster_name, id);
CREATE INDEX instances_cluster_priority_idx ON instances (cluster_name, priority, id);

-- The running counts' trigger appends only the deltas a change makes: a change of replicas (or
-- of the parallelism) one row for the fleet's sums (it used to append twelve rows, a count for
-- every dimension); only the 'total' row sums replicas and GPUs (the figures per status,
-- cluster… were never read).
UPDATE instance_counts SET replicas = 0, gpus = 0 WHERE dimension <> 'total';
UPDATE instance_count_deltas SET replicas = 0, gpus = 0 WHERE dimension <> 'total';
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION instance_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus) VALUES
            ('total', '', 1, NEW.replicas, NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
            ('status', NEW.status, 1, 0, 0), ('priority', NEW.priority, 1, 0, 0), ('cluster', NEW.cluster_name, 1, 0, 0),
            ('model', NEW.model_name, 1, 0, 0), ('status_priority', NEW.status || ':' || NEW.priority, 1, 0, 0);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus) VALUES
            ('total', '', -1, -OLD.replicas, -(OLD.replicas * OLD.pp * OLD.cp * OLD.tp)),
            ('status', OLD.status, -1, 0, 0), ('priority', OLD.priority, -1, 0, 0), ('cluster', OLD.cluster_name, -1, 0, 0),
            ('model', OLD.model_name, -1, 0, 0), ('status_priority', OLD.status || ':' || OLD.priority, -1, 0, 0);
    ELSE
        IF (OLD.replicas, OLD.pp, OLD.cp, OLD.tp) IS DISTINCT FROM (NEW.replicas, NEW.pp, NEW.cp, NEW.tp) THEN
            INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus) VALUES ('total', '', 0,
                NEW.replicas - OLD.replicas, NEW.replicas * NEW.pp * NEW.cp * NEW.tp - OLD.replicas * OLD.pp * OLD.cp * OLD.tp);
        END IF;
        IF (OLD.status, OLD.priority) IS DISTINCT FROM (NEW.status, NEW.priority) THEN
            INSERT INTO instance_count_deltas (dimension, key, n) VALUES
                ('status', OLD.status, -1), ('status', NEW.status, 1), ('priority', OLD.priority, -1), ('priority', NEW.priority, 1),
                ('status_priority', OLD.status || ':' || OLD.priority, -1), ('status_priority', NEW.status || ':' || NEW.priority, 1);
        END IF;
        IF OLD.cluster_name IS DISTINCT FROM NEW.cluster_name THEN
            INSERT INTO instance_count_deltas (dimension, key, n) VALUES ('cluster', OLD.cluster_name, -1), ('cluster', NEW.cluster_name, 1);
        END IF;
        IF OLD.model_name IS DISTINCT FROM NEW.model_name THEN
            INSERT INTO instance_count_deltas (dimension, key, n) VALUES ('model', OLD.model_name, -1), ('model', NEW.model_name, 1);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP FUNCTION instance_counts_add(instances, BIGINT);

-- +goose Down
-- +goose StatementBegin
CREATE FUNCTION instance_counts_add(i instances, sign BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus)
    SELECT d.dimension, d.key, sign, sign * i.replicas, sign * i.replicas * i.pp * i.cp * i.tp
    FROM (VALUES ('total', ''), ('status', i.status), ('priority', i.priority), ('cluster', i.cluster_name),
                 ('model', i.model_name), ('status_priority', i.status || ':' || i.priority)) AS d (dimension, key);
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION instance_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM instance_counts_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM instance_counts_add(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- The first triggers' figures (00003): every dimension's counts and sums.
DELETE FROM instance_count_deltas WHERE dimension NOT IN ('history', 'history_op');
DELETE FROM instance_counts WHERE dimension NOT IN ('history', 'history_op');
INSERT INTO instance_counts (dimension, key, n, replicas, gpus)
SELECT d.dimension, d.key, COUNT(*), SUM(i.replicas), SUM(i.replicas * i.pp * i.cp * i.tp)
FROM instances i
CROSS JOIN LATERAL (VALUES ('total', ''), ('status', i.status), ('priority', i.priority), ('cluster', i.cluster_name),
                           ('model', i.model_name), ('status_priority', i.status || ':' || i.priority)) AS d (dimension, key)
GROUP BY d.dimension, d.key;
DROP INDEX instances_cluster_priority_idx;
DROP INDEX instances_status_cluster_idx;
