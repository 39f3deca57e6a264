-- +goose Up
-- History format 2 (ADR 0006): records chain per instance (instances.chain_hash is the newest
-- record's hash) and carry their format version, their provenance (actor, via, reason) and the
-- record they put back (reverted_from); records written before keep format 1 (chain_version
-- NULL). The order of the whole history is sealed into a Merkle log whose tree heads are kept in
-- history_tree_heads.
ALTER TABLE instance_history ADD COLUMN chain_version SMALLINT CHECK (chain_version IS NULL OR chain_version = 2);
ALTER TABLE instance_history ADD COLUMN actor TEXT;
ALTER TABLE instance_history ADD COLUMN via TEXT;
ALTER TABLE instance_history ADD COLUMN reason TEXT CHECK (reason IS NULL OR length(reason) <= 500);
ALTER TABLE instance_history ADD COLUMN reverted_from BIGINT;

ALTER TABLE instances ADD COLUMN chain_hash TEXT;
UPDATE instances SET chain_hash = (
    SELECT h.hash FROM instance_history h WHERE h.original_id = instances.id ORDER BY h.history_id DESC LIMIT 1);

-- The search index changes only when a searched column does (a replicas change used to rewrite
-- every trigram of the row).
DROP TRIGGER instances_search_update;
-- +goose StatementBegin
CREATE TRIGGER instances_search_update AFTER UPDATE OF name, model_name, cluster_name, image_tag, description ON instances BEGIN
    INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
    VALUES ('delete', old.id, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
    INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
    VALUES (new.id, new.name, new.model_name, new.cluster_name, new.image_tag, new.description);
END;
-- +goose StatementEnd

CREATE TABLE history_tree_heads (
    tree_size       BIGINT    PRIMARY KEY CHECK (tree_size > 0),
    last_history_id BIGINT    NOT NULL,
    root_hash       TEXT      NOT NULL,
    range_hashes    TEXT      NOT NULL,
    sealed_at       TIMESTAMP NOT NULL
);
-- +goose StatementBegin
CREATE TRIGGER history_tree_heads_no_update BEFORE UPDATE ON history_tree_heads
BEGIN
    SELECT RAISE(ABORT, 'history_tree_heads is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER history_tree_heads_no_delete BEFORE DELETE ON history_tree_heads
BEGIN
    SELECT RAISE(ABORT, 'history_tree_heads is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE history_tree_heads;
DROP TRIGGER instances_search_update;
-- +goose StatementBegin
CREATE TRIGGER instances_search_update AFTER UPDATE ON instances BEGIN
    INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
    VALUES ('delete', old.id, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
    INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
    VALUES (new.id, new.name, new.model_name, new.cluster_name, new.image_tag, new.description);
END;
-- +goose StatementEnd
ALTER TABLE instances DROP COLUMN chain_hash;
ALTER TABLE instance_history DROP COLUMN reverted_from;
ALTER TABLE instance_history DROP COLUMN reason;
ALTER TABLE instance_history DROP COLUMN via;
ALTER TABLE instance_history DROP COLUMN actor;
ALTER TABLE instance_history DROP COLUMN chain_version;
