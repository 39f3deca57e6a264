-- +goose Up
-- Running counts of instances (and history records) per dimension, kept by triggers in the same
-- transaction as every change: the dashboard's figures, the unfiltered list total and the metrics
-- read a few rows instead of counting millions.
--
-- On PostgreSQL the triggers append deltas instead of updating the counts: updating one row many
-- times in one transaction (a bulk change, an import) makes every update walk the row's growing
-- version chain, which turns large transactions quadratic. instance_counts_compact() folds the
-- deltas into the counts, one update per key (the server runs it every few seconds); readers add
-- the two tables, so the sums are exact at every moment.
CREATE TABLE instance_count_deltas (
    id        BIGSERIAL PRIMARY KEY,
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
CREATE FUNCTION instance_counts_add(i instances, sign BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO instance_count_deltas (dimension, key, n, replicas, gpus)
    SELECT d.dimension, d.key, sign, sign * i.replicas, sign * i.replicas * i.pp * i.cp * i.tp
    FROM (VALUES ('total', ''), ('status', i.status), ('priority', i.priority), ('cluster', i.cluster_name),
                 ('model', i.model_name), ('status_priority', i.status || ':' || i.priority)) AS d (dimension, key);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION instance_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER instance_counts_insert_delete AFTER INSERT OR DELETE ON instances
    FOR EACH ROW EXECUTE FUNCTION instance_counts_track();
CREATE TRIGGER instance_counts_update AFTER UPDATE ON instances
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.priority IS DISTINCT FROM NEW.priority
        OR OLD.cluster_name IS DISTINCT FROM NEW.cluster_name OR OLD.model_name IS DISTINCT FROM NEW.model_name
        OR OLD.replicas IS DISTINCT FROM NEW.replicas OR OLD.pp IS DISTINCT FROM NEW.pp
        OR OLD.cp IS DISTINCT FROM NEW.cp OR OLD.tp IS DISTINCT FROM NEW.tp)
    EXECUTE FUNCTION instance_counts_track();

-- +goose StatementBegin
CREATE FUNCTION history_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO instance_count_deltas (dimension, key, n) VALUES ('history', '', 1), ('history_op', NEW.operation_type, 1);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER history_counts_insert AFTER INSERT ON instance_history
    FOR EACH ROW EXECUTE FUNCTION history_counts_track();

-- +goose StatementBegin
-- Returns how many deltas it folded (the caller vacuums the table after large folds, since
-- readers scan it).
CREATE FUNCTION instance_counts_compact() RETURNS BIGINT LANGUAGE sql AS $$
    WITH moved AS (DELETE FROM instance_count_deltas RETURNING dimension, key, n, replicas, gpus),
    folded AS (
        INSERT INTO instance_counts AS c (dimension, key, n, replicas, gpus)
        SELECT dimension, key, SUM(n), SUM(replicas), SUM(gpus) FROM moved GROUP BY dimension, key
        ON CONFLICT (dimension, key) DO UPDATE
        SET n = c.n + EXCLUDED.n, replicas = c.replicas + EXCLUDED.replicas, gpus = c.gpus + EXCLUDED.gpus
    )
    SELECT COUNT(*) FROM moved;
$$;
-- +goose StatementEnd

-- Count what is already there.
INSERT INTO instance_counts (dimension, key, n, replicas, gpus)
SELECT d.dimension, d.key, COUNT(*), SUM(i.replicas), SUM(i.replicas * i.pp * i.cp * i.tp)
FROM instances i
CROSS JOIN LATERAL (VALUES ('total', ''), ('status', i.status), ('priority', i.priority), ('cluster', i.cluster_name),
                           ('model', i.model_name), ('status_priority', i.status || ':' || i.priority)) AS d (dimension, key)
GROUP BY d.dimension, d.key;
INSERT INTO instance_counts (dimension, key, n)
SELECT 'history', '', COUNT(*) FROM instance_history
UNION ALL SELECT 'history_op', operation_type, COUNT(*) FROM instance_history GROUP BY operation_type;

-- +goose Down
DROP FUNCTION instance_counts_compact();
DROP TRIGGER history_counts_insert ON instance_history;
DROP FUNCTION history_counts_track();
DROP TRIGGER instance_counts_update ON instances;
DROP TRIGGER instance_counts_insert_delete ON instances;
DROP FUNCTION instance_counts_track();
DROP FUNCTION instance_counts_add(instances, BIGINT);
DROP TABLE instance_counts;
DROP TABLE instance_count_deltas;
