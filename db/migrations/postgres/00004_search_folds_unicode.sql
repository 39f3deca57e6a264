-- +goose Up
-- The instance text columns sort in byte order (COLLATE "C"), and under "C" lower() folds ASCII
-- only: a search for "ÜBERBLICK" missed "Überblick". The search expressions now lower-case
-- under the database's default collation; their trigram indexes are rebuilt to match.
DROP INDEX instances_name_trgm_idx;
DROP INDEX instances_search_trgm_idx;
CREATE INDEX instances_name_trgm_idx ON instances USING gin (lower(name COLLATE "default") gin_trgm_ops);
CREATE INDEX instances_search_trgm_idx ON instances USING gin ((lower((
    name || E'\n' || model_name || E'\n' || cluster_name || E'\n' || image_tag || E'\n' || coalesce(description, '')
) COLLATE "default")) gin_trgm_ops);

-- +goose Down
DROP INDEX instances_search_trgm_idx;
DROP INDEX instances_name_trgm_idx;
CREATE INDEX instances_name_trgm_idx ON instances USING gin (lower(name) gin_trgm_ops);
CREATE INDEX instances_search_trgm_idx ON instances USING gin ((lower(
    name || E'\n' || model_name || E'\n' || cluster_name || E'\n' || image_tag || E'\n' || coalesce(description, '')
)) gin_trgm_ops);
