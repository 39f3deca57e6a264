-- +goose Up
-- Nothing to change on SQLite: its FTS5 trigram index folds Unicode case, and the scans for
-- short texts use iims_lower (a Go function) for non-ASCII text. This migration keeps the two
-- engines' migration numbers aligned (00004 on PostgreSQL rebuilds its search indexes).
SELECT 1;

-- +goose Down
SELECT 1;
