-- +goose Up
-- Substring search for the name filter and the free text q: trigram GIN indexes serve
-- LIKE '%…%' on lower(name) and on the lower-cased searchable columns joined by newlines.
-- pg_trgm is a trusted extension: the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX instances_name_trgm_idx ON instances USING gin (lower(name) gin_trgm_ops);
CREATE INDEX instances_search_trgm_idx ON instances USING gin ((lower(
    name || E'\n' || model_name || E'\n' || cluster_name || E'\n' || image_tag || E'\n' || coalesce(description, '')
)) gin_trgm_ops);

-- +goose Down
DROP INDEX instances_search_trgm_idx;
DROP INDEX instances_name_trgm_idx;
