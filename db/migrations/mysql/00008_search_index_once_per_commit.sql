-- +goose Up
-- On SQLite this step makes the writer update the full-text index once per commit; this engine's
-- search indexes are maintained by the database itself, so there is nothing to change. The step
-- keeps the numbering of every engine's migrations the same.
SELECT 1;

-- +goose Down
SELECT 1;
