-- +goose Up
-- Writers no longer queue behind one cluster-wide lock (ADR 0006):
--  * History records chain per instance (format 2: instances.chain_hash is the newest record's
--    hash, read under the row lock every writer of the instance holds) and carry their format
--    version, their provenance (actor, via, reason) and the record they put back (reverted_from).
--    Records written before keep format 1 (chain_version NULL) and verify under it.
--  * The order of the whole history is sealed after commit into a Merkle log whose tree heads
--    are kept in history_tree_heads.
--  * Readers, not writers, make the event sequence commit-safe: a writing transaction changes its
--    instance row (which gives it a transaction id) before it takes a history id, so the event
--    follower can tell when every history id up to a point is settled (internal/store/follow.go).
--    (Writers do not NOTIFY: a transaction that notifies holds a database-wide lock through its
--    commit, which serialised every write; the store announces commits separately, see
--    internal/store/announce.go.)
--  * Instance rows leave a tenth of each page free, so that an update that changes no indexed
--    column can stay on its page without touching any index (a HOT update).
ALTER TABLE instance_history
    ADD COLUMN chain_version SMALLINT,
    ADD COLUMN actor TEXT,
    ADD COLUMN via TEXT,
    ADD COLUMN reason TEXT,
    ADD COLUMN reverted_from BIGINT,
    ADD CONSTRAINT instance_history_chain_version CHECK (chain_version IS NULL OR chain_version = 2),
    ADD CONSTRAINT instance_history_reason_len CHECK (reason IS NULL OR char_length(reason) <= 500);

ALTER TABLE instances ADD COLUMN chain_hash TEXT;
UPDATE instances i SET chain_hash = (
    SELECT h.hash FROM instance_history h WHERE h.original_id = i.id ORDER BY h.history_id DESC LIMIT 1);

ALTER TABLE instances SET (fillfactor = 90);

CREATE TABLE history_tree_heads (
    tree_size       BIGINT      PRIMARY KEY,  -- leaves: the records up to last_history_id, in id order
    last_history_id BIGINT      NOT NULL,
    root_hash       TEXT        NOT NULL,     -- hex SHA-256 (RFC 6962)
    range_hashes    TEXT        NOT NULL,     -- the compact range, hex hashes joined by ",": resume point
    sealed_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT history_tree_heads_size CHECK (tree_size > 0)
);
-- +goose StatementBegin
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER history_tree_heads_append_only BEFORE UPDATE OR DELETE ON history_tree_heads
    FOR EACH ROW EXECUTE FUNCTION append_only();

-- +goose Down
DROP TABLE history_tree_heads;
DROP FUNCTION append_only();
ALTER TABLE instances RESET (fillfactor);
ALTER TABLE instances DROP COLUMN chain_hash;
ALTER TABLE instance_history
    DROP CONSTRAINT instance_history_reason_len,
    DROP CONSTRAINT instance_history_chain_version,
    DROP COLUMN reverted_from,
    DROP COLUMN reason,
    DROP COLUMN via,
    DROP COLUMN actor,
    DROP COLUMN chain_version;
