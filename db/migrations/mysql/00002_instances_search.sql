-- +goose Up
-- Substring search for the name filter and the free text q: a trigram index over the searchable
-- text (name, model, cluster, image tag, description, lower-cased, one line each), kept in step
-- with instances by triggers. MariaDB has no n-gram full-text parser and MySQL's tokenises words,
-- so the trigrams are kept here as rows: a lookup intersects the trigrams of the text, and the
-- matching instances are then checked with LIKE.
CREATE TABLE instances_search_grams (
    gram        CHAR(3) NOT NULL,
    instance_id BIGINT  NOT NULL,
    PRIMARY KEY (gram, instance_id),
    KEY instances_search_grams_instance_idx (instance_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- +goose StatementBegin
CREATE PROCEDURE instances_search_index(IN p_id BIGINT, IN p_text TEXT)
BEGIN
    DECLARE i INT DEFAULT 1;
    DECLARE n INT DEFAULT CHAR_LENGTH(p_text);
    DELETE FROM instances_search_grams WHERE instance_id = p_id;
    WHILE i <= n - 2 DO
        INSERT IGNORE INTO instances_search_grams (gram, instance_id) VALUES (SUBSTRING(p_text, i, 3), p_id);
        SET i = i + 1;
    END WHILE;
END
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER instances_search_insert AFTER INSERT ON instances FOR EACH ROW
    CALL instances_search_index(NEW.id, LOWER(CONCAT_WS(CHAR(10), NEW.name, NEW.model_name, NEW.cluster_name, NEW.image_tag, COALESCE(NEW.description, ''))))
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instances_search_update AFTER UPDATE ON instances FOR EACH ROW
BEGIN
    IF NOT (OLD.name <=> NEW.name AND OLD.model_name <=> NEW.model_name AND OLD.cluster_name <=> NEW.cluster_name
            AND OLD.image_tag <=> NEW.image_tag AND OLD.description <=> NEW.description) THEN
        CALL instances_search_index(NEW.id, LOWER(CONCAT_WS(CHAR(10), NEW.name, NEW.model_name, NEW.cluster_name, NEW.image_tag, COALESCE(NEW.description, ''))));
    END IF;
END
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER instances_search_delete AFTER DELETE ON instances FOR EACH ROW
    DELETE FROM instances_search_grams WHERE instance_id = OLD.id
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER instances_search_delete;
DROP TRIGGER instances_search_update;
DROP TRIGGER instances_search_insert;
DROP PROCEDURE instances_search_index;
DROP TABLE instances_search_grams;
