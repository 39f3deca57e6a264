-- The secondary indexes IIMS keeps on PostgreSQL (db/migrations/postgres), on the W1 schema's
-- columns: pg-ceiling-indexed runs the same SQL as pg-ceiling while maintaining what IIMS's writes
-- must maintain (an index per list filter and sort key, the trigram indexes behind substring
-- search), still without its running counts or hash chain.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX instances_model_name_idx ON instances (model_name, id);
CREATE INDEX instances_cluster_name_idx ON instances (cluster_name, id);
CREATE INDEX instances_status_idx ON instances (status, id);
CREATE INDEX instances_priority_idx ON instances (priority, id);
CREATE INDEX instances_priority_rank_idx ON instances (
  (CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 END), id);
CREATE INDEX instances_replicas_idx ON instances (replicas, id);
CREATE INDEX instances_created_at_idx ON instances (created_at, id);
CREATE INDEX instances_updated_at_idx ON instances (updated_at, id);
CREATE INDEX instances_status_updated_at_idx ON instances (status, updated_at, id);
CREATE INDEX instances_priority_updated_at_idx ON instances (priority, updated_at, id);
CREATE INDEX instances_cluster_priority_idx ON instances (cluster_name, priority, id);
CREATE INDEX instances_name_trgm_idx ON instances USING gin (lower(name COLLATE "default") gin_trgm_ops);
CREATE INDEX instances_search_trgm_idx ON instances USING gin (lower((name || E'\n' || model_name || E'\n' ||
  cluster_name || E'\n' || image_tag || E'\n' || coalesce(description, '')) COLLATE "default") gin_trgm_ops);
CREATE INDEX instance_history_timestamp_idx ON instance_history (operation_timestamp, id);
VACUUM ANALYZE;
