-- +goose Up
-- The full-text index was kept by triggers on instances, and FTS5 writes its pending changes out
-- as a new index segment at every statement savepoint: each statement after a create (its
-- history insert, the next write of a grouped commit) flushed one, 11% of a W1 create's CPU. Now
-- the triggers only note which instances changed, with the values the index holds for them, and
-- the writer brings the index up to date once per transaction, just before it commits
-- (store.sqliteSyncSearch): readers, who see committed data only, find the index exact as before.
CREATE TABLE instances_search_pending (
    id           INTEGER PRIMARY KEY, -- the instance
    indexed      INTEGER NOT NULL,    -- 1: the index holds the row with the values below, 0: nothing
    name         TEXT,
    model_name   TEXT,
    cluster_name TEXT,
    image_tag    TEXT,
    description  TEXT
);

DROP TRIGGER instances_search_insert;
DROP TRIGGER instances_search_delete;
DROP TRIGGER instances_search_update;
-- The first change of an instance in a transaction records what the index holds (OR IGNORE keeps
-- it through the later ones): nothing for a new one, its committed values for the others.
-- +goose StatementBegin
CREATE TRIGGER instances_search_insert AFTER INSERT ON instances BEGIN
    INSERT OR IGNORE INTO instances_search_pending (id, indexed) VALUES (new.id, 0);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instances_search_delete AFTER DELETE ON instances BEGIN
    INSERT OR IGNORE INTO instances_search_pending (id, indexed, name, model_name, cluster_name, image_tag, description)
    VALUES (old.id, 1, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instances_search_update AFTER UPDATE OF name, model_name, cluster_name, image_tag, description ON instances BEGIN
    INSERT OR IGNORE INTO instances_search_pending (id, indexed, name, model_name, cluster_name, image_tag, description)
    VALUES (old.id, 1, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
END;
-- +goose StatementEnd

-- +goose Down
-- Apply what is noted (a database written by this version is always in step at commit), then
-- the triggers of 00002/00005 again.
INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
SELECT 'delete', id, name, model_name, cluster_name, image_tag, description FROM instances_search_pending WHERE indexed = 1;
INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
SELECT i.id, i.name, i.model_name, i.cluster_name, i.image_tag, i.description
FROM instances_search_pending p JOIN instances i ON i.id = p.id;
DROP TRIGGER instances_search_update;
DROP TRIGGER instances_search_delete;
DROP TRIGGER instances_search_insert;
DROP TABLE instances_search_pending;
-- +goose StatementBegin
CREATE TRIGGER instances_search_insert AFTER INSERT ON instances BEGIN
    INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
    VALUES (new.id, new.name, new.model_name, new.cluster_name, new.image_tag, new.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instances_search_delete AFTER DELETE ON instances BEGIN
    INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
    VALUES ('delete', old.id, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instances_search_update AFTER UPDATE OF name, model_name, cluster_name, image_tag, description ON instances BEGIN
    INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
    VALUES ('delete', old.id, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
    INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
    VALUES (new.id, new.name, new.model_name, new.cluster_name, new.image_tag, new.description);
END;
-- +goose StatementEnd
