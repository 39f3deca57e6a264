package bench

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/iims/iims/internal/store"
)

// seed fills a fresh database with n instances and perInstance history records each, directly in
// SQL (the API would take hours for millions of rows). Values cycle so that every filter selects
// a realistic fraction: 4 statuses, 4 priorities, 20 clusters, 50 models. Each record holds other
// replicas than the one before (the newest the live row's), so that a diff of any window finds
// every instance in it changed, as a real history would.
func seed(b testing.TB, e store.Engine, url string, n, perInstance int) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	if e == store.EnginePostgres {
		t, _ := store.ParseURL(url)
		conn, err := pgx.Connect(ctx, t.DSN)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, q := range []string{pgInstances, pgHistory, "ANALYZE"} {
			if _, err := conn.Exec(ctx, q, n, perInstance); err != nil && q != "ANALYZE" {
				b.Fatalf("seed: %v", err)
			} else if q == "ANALYZE" {
				if _, err := conn.Exec(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		}
	} else {
		t, _ := store.ParseURL(url)
		db, err := sql.Open("sqlite", "file:"+t.Path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, sqliteInstances, n); err != nil {
			b.Fatalf("seed instances: %v", err)
		}
		if _, err := db.ExecContext(ctx, sqliteHistory, perInstance); err != nil {
			b.Fatalf("seed history: %v", err)
		}
		if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	fmt.Printf("%s: seeded %d instances and %d history records in %v\n", e, n, n*perInstance, time.Since(start).Round(time.Second))
}

const sqliteInstances = `
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
    status, priority, description, version, created_at, updated_at)
SELECT 'inst-' || n, 'model-' || (n % 50), 'v1', 'cluster-' || (n % 20), 'img:' || (n % 100),
    (n % 100) + 1, 1, 8, 1,
    CASE n % 4 WHEN 0 THEN 'active' WHEN 1 THEN 'inactive' WHEN 2 THEN 'pending' ELSE 'error' END,
    CASE n % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' WHEN 2 THEN 'high' ELSE 'critical' END,
    'serves team ' || (n % 300) || ' in region ' || (n % 7), 1,
    strftime('%Y-%m-%d %H:%M:%S', 1700000000 + n, 'unixepoch') || '+00:00',
    strftime('%Y-%m-%d %H:%M:%S', 1700000000 + n * 7 % 1000000, 'unixepoch') || '+00:00'
FROM seq`

const sqliteHistory = `
WITH RECURSIVE k(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM k WHERE k < ?1)
INSERT INTO instance_history (original_id, operation_type, operation_timestamp, name, model_name,
    model_version, cluster_name, image_tag, replicas, pp, cp, tp, status, priority, description,
    version, created_at, updated_at, changes, request_id)
SELECT i.id, CASE k.k WHEN 1 THEN 'create' ELSE 'update' END,
    strftime('%Y-%m-%d %H:%M:%S', 1600000000 + (k.k * 2000000) + i.id, 'unixepoch') || '+00:00',
    i.name, i.model_name, i.model_version, i.cluster_name, i.image_tag,
    CASE k.k WHEN ?1 THEN i.replicas ELSE (i.replicas + k.k) % 100 + 1 END, i.pp, i.cp, i.tp,
    i.status, i.priority, i.description, k.k, i.created_at, i.updated_at,
    '{"replicas":{"old":' || k.k || ',"new":' || (k.k + 1) || '}}', NULL
FROM k CROSS JOIN instances i
ORDER BY k.k, i.id`

const pgInstances = `
INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
    status, priority, description, version, created_at, updated_at)
SELECT 'inst-' || n, 'model-' || (n % 50), 'v1', 'cluster-' || (n % 20), 'img:' || (n % 100),
    (n % 100) + 1, 1, 8, 1,
    (ARRAY['active','inactive','pending','error'])[n % 4 + 1],
    (ARRAY['low','medium','high','critical'])[n % 4 + 1],
    'serves team ' || (n % 300) || ' in region ' || (n % 7), 1,
    to_timestamp(1700000000 + n), to_timestamp(1700000000 + n * 7 % 1000000)
FROM generate_series(1, $1::int) AS n WHERE $2::int IS NOT NULL`

const pgHistory = `
INSERT INTO instance_history (original_id, operation_type, operation_timestamp, name, model_name,
    model_version, cluster_name, image_tag, replicas, pp, cp, tp, status, priority, description,
    version, created_at, updated_at, changes, request_id)
SELECT i.id, CASE k WHEN 1 THEN 'create' ELSE 'update' END,
    to_timestamp(1600000000 + (k * 2000000) + i.id),
    i.name, i.model_name, i.model_version, i.cluster_name, i.image_tag,
    CASE k WHEN $2 THEN i.replicas ELSE (i.replicas + k) % 100 + 1 END, i.pp, i.cp, i.tp,
    i.status, i.priority, i.description, k, i.created_at, i.updated_at,
    jsonb_build_object('replicas', jsonb_build_object('old', k, 'new', k + 1)), NULL
FROM generate_series(1, $2::int) AS k CROSS JOIN instances i
WHERE $1::int IS NOT NULL
ORDER BY k, i.id`
