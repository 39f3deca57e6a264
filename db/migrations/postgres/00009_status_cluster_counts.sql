-- +goose Up
-- "Active on cluster X" is the list people ask for most (W1's list): the running counts keep its
-- total per status and cluster, as for the single dimensions and status + priority, so a list
-- with those two filters reads its total from a few rows instead of counting the matching
-- instances in instances_status_cluster_idx (one index step per match; many at scale).
-- The existing instances are counted in the same transaction as the trigger's change.
LOCK TABLE instances IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO instance_counts (dimension, key, n)
SELECT 'status_cluster', status || ':' || cluster_name, COUNT(*) FROM instances GROUP BY status, cluster_name;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION instance_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus) VALUES
            ('total', '', 1, NEW.replicas, NEW.replicas * NEW.pp * NEW.cp * NEW.tp),
            ('status', NEW.status, 1, 0, 0), ('priority', NEW.priority, 1, 0, 0), ('cluster', NEW.cluster_name, 1, 0, 0),
            ('model', NEW.model_name, 1, 0, 0), ('status_priority', NEW.status || ':' || NEW.priority, 1, 0, 0),
            ('status_cluster', NEW.status || ':' || NEW.cluster_name, 1, 0, 0);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus) VALUES
            ('total', '', -1, -OLD.replicas, -(OLD.replicas * OLD.pp * OLD.cp * OLD.tp)),
            ('status', OLD.status, -1, 0, 0), ('priority', OLD.priority, -1, 0, 0), ('cluster', OLD.cluster_name, -1, 0, 0),
            ('model', OLD.model_name, -1, 0, 0), ('status_priority', OLD.status || ':' || OLD.priority, -1, 0, 0),
            ('status_cluster', OLD.status || ':' || OLD.cluster_name, -1, 0, 0);
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
        IF (OLD.status, OLD.cluster_name) IS DISTINCT FROM (NEW.status, NEW.cluster_name) THEN
            INSERT INTO instance_count_deltas (dimension, key, n) VALUES
                ('status_cluster', OLD.status || ':' || OLD.cluster_name, -1), ('status_cluster', NEW.status || ':' || NEW.cluster_name, 1);
        END IF;
        IF OLD.model_name IS DISTINCT FROM NEW.model_name THEN
            INSERT INTO instance_count_deltas (dimension, key, n) VALUES ('model', OLD.model_name, -1), ('model', NEW.model_name, 1);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose Down
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
DELETE FROM instance_count_deltas WHERE dimension = 'status_cluster';
DELETE FROM instance_counts WHERE dimension = 'status_cluster';
