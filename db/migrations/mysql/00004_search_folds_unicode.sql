-- +goose Up
-- On the other engines this step made search fold non-ASCII case; here LOWER() over utf8mb4
-- already does (00002), so there is nothing to change. The step exists to keep the numbering
-- of every engine's migrations the same.
SELECT 1;

-- +goose Down
SELECT 1;
