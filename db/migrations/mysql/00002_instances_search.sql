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

-- The positions 1…4096 of the searchable text, so that one INSERT … SELECT indexes all of a text's
-- trigrams (a loop of one INSERT per position made each write of a long description cost
-- thousands of statements). The CHECKs bound the text at 4 × 255 + 2000 + 4 = 3,024 characters.
CREATE TABLE instances_search_positions (
    n SMALLINT NOT NULL PRIMARY KEY
) ENGINE = InnoDB;

-- +goose StatementBegin
INSERT INTO instances_search_positions (n)
WITH digits (d) AS (
    SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
    UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10
    UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15
)
SELECT 1 + a.d + 16 * b.d + 256 * c.d FROM digits a CROSS JOIN digits b CROSS JOIN digits c
-- +goose StatementEnd

-- +goose StatementBegin
CREATE PROCEDURE instances_search_index(IN p_id BIGINT, IN p_text TEXT)
BEGIN
    -- In UTF-32 every character is 4 bytes, so SUBSTRING finds position n at once; in utf8mb4 it
    -- walks the text from the start, making a 2,000-character description cost 2,000 walks. Back
    -- in utf8mb4, the grams compare byte for byte (DISTINCT under a _ci collation would take "é"
    -- and "e" for one gram and leave one of them out of the index).
    DECLARE fixed_width TEXT CHARACTER SET utf32 DEFAULT CONVERT(p_text USING utf32);
    DELETE FROM instances_search_grams WHERE instance_id = p_id;
    INSERT IGNORE INTO instances_search_grams (gram, instance_id)
        SELECT DISTINCT CONVERT(SUBSTRING(fixed_width, n, 3) USING utf8mb4) COLLATE utf8mb4_bin, p_id
        FROM instances_search_positions
        WHERE n <= CHAR_LENGTH(fixed_width) - 2;
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
DROP TABLE instances_search_positions;
DROP TABLE instances_search_grams;
