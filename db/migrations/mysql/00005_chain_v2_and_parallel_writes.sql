-- +goose Up
-- History records chain per instance (format 2) and carry who made the change, through what and
-- why, and the record they put back; instances keep the hash of their newest record. Tree heads
-- of the sealed Merkle log are append-only.
ALTER TABLE instance_history
    ADD COLUMN chain_version SMALLINT CHECK (chain_version IS NULL OR chain_version = 2),
    ADD COLUMN actor VARCHAR(255),
    ADD COLUMN via VARCHAR(16),
    ADD COLUMN reason VARCHAR(500),
    ADD COLUMN reverted_from BIGINT;
ALTER TABLE instances ADD COLUMN chain_hash CHAR(64);

CREATE TABLE history_tree_heads (
    tree_size       BIGINT      NOT NULL PRIMARY KEY CHECK (tree_size > 0),
    last_history_id BIGINT      NOT NULL,
    root_hash       CHAR(64)    NOT NULL,
    range_hashes    TEXT        NOT NULL,
    sealed_at       DATETIME(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- +goose StatementBegin
CREATE TRIGGER history_tree_heads_no_update BEFORE UPDATE ON history_tree_heads FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'history_tree_heads is append-only (UPDATE refused)';
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER history_tree_heads_no_delete BEFORE DELETE ON history_tree_heads FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'history_tree_heads is append-only (DELETE refused)';
-- +goose StatementEnd

-- The order of commits (ADR 0008): a write takes this row's lock right before its history
-- records get their ids and holds it through its commit, so that history ids are handed out in
-- commit order and a reader that sees a record sees every record before it.
CREATE TABLE history_sequence (
    id      TINYINT NOT NULL PRIMARY KEY CHECK (id = 1),
    commits BIGINT  NOT NULL
) ENGINE = InnoDB;
INSERT INTO history_sequence (id, commits) VALUES (1, 0);

-- +goose Down
DROP TABLE history_sequence;
DROP TABLE history_tree_heads;
ALTER TABLE instances DROP COLUMN chain_hash;
ALTER TABLE instance_history DROP COLUMN reverted_from, DROP COLUMN reason, DROP COLUMN via,
    DROP COLUMN actor, DROP COLUMN chain_version;
