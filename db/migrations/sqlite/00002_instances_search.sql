-- +goose Up
-- Substring search for the name filter and the free text q: an FTS5 trigram index over the
-- searchable columns, kept in step with instances by triggers (external-content table).
CREATE VIRTUAL TABLE instances_search USING fts5(
    name, model_name, cluster_name, image_tag, description,
    content = 'instances', content_rowid = 'id', tokenize = 'trigram'
);

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
CREATE TRIGGER instances_search_update AFTER UPDATE ON instances BEGIN
    INSERT INTO instances_search (instances_search, rowid, name, model_name, cluster_name, image_tag, description)
    VALUES ('delete', old.id, old.name, old.model_name, old.cluster_name, old.image_tag, old.description);
    INSERT INTO instances_search (rowid, name, model_name, cluster_name, image_tag, description)
    VALUES (new.id, new.name, new.model_name, new.cluster_name, new.image_tag, new.description);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER instances_search_update;
DROP TRIGGER instances_search_delete;
DROP TRIGGER instances_search_insert;
DROP TABLE instances_search;
