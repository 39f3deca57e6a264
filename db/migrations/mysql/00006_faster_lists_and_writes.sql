-- +goose Up
-- The filters people combine — "active on cluster X", "critical on cluster X" — served by one
-- index each. (The other engines' counter triggers were split per kind of change here; 00003
-- starts out that way on this engine.)
CREATE INDEX instances_status_cluster_idx ON instances (status, cluster_name, id);
CREATE INDEX instances_cluster_priority_idx ON instances (cluster_name, priority, id);

-- +goose Down
DROP INDEX instances_cluster_priority_idx ON instances;
DROP INDEX instances_status_cluster_idx ON instances;
