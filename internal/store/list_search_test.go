package store

import (
	"context"
	"testing"
)

// TestPostgresSearchesTakeOneOrTwoPasses: a PostgreSQL substring list that the planner expects
// to match few instances finds them once (pgSearchPageQuery), one expected to match many takes
// the two-pass form; both return the same pages and totals (so that this test fails if either
// form is never taken, or if they disagree); and neither settles on a generic plan, whose guess
// of how many rows a substring selects would be the same for every text.
func TestPostgresSearchesTakeOneOrTwoPasses(t *testing.T) {
	s := openMigrated(t, EnginePostgres)
	ctx := context.Background()
	// 30,000 instances, every one "serves team <n % 300> in region <n % 7>", as bench/ seeds.
	for _, stmt := range []string{`INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag,
		    replicas, pp, cp, tp, status, priority, description, version, created_at, updated_at)
		SELECT 'inst-' || n, 'model-' || (n % 50), 'v1', 'cluster-' || (n % 20), 'img:' || (n % 100), 1, 1, 1, 1,
		    (ARRAY['active','error'])[n % 2 + 1], (ARRAY['low','medium','high','critical'])[n % 4 + 1],
		    'serves team ' || (n % 300) || ' in region ' || (n % 7), 1, to_timestamp(1700000000 + n), to_timestamp(1700000000 + n)
		FROM generate_series(1, 30000) AS n`, "ANALYZE instances"} {
		if _, err := s.migrationDB.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		f       InstanceFilter
		onePass bool
	}{
		{InstanceFilter{Q: "team 123 in"}, true},
		{InstanceFilter{Q: "team 123 in", Statuses: []string{"error"}, Sort: []SortKey{{Field: "priority", Desc: true}}}, true},
		{InstanceFilter{Name: "inst-29"}, true},
		{InstanceFilter{Q: "serves team"}, false},
		{InstanceFilter{Q: "region", Sort: []SortKey{{Field: "name", Desc: true}}}, false},
		{InstanceFilter{Q: "Team", Sort: []SortKey{{Field: "updated_at", Desc: true}}}, false},
	} {
		f := c.f
		f.Offset, f.Limit = 40, 25
		plan, err := s.planSearches(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if plan.onePass != c.onePass {
			t.Errorf("%+v: one pass %v, want %v", f, plan.onePass, c.onePass)
		}
		onePass, onePassTotal := pageOf(t, s, f, searchPlan{onePass: true})
		twoPass, twoPassTotal := pageOf(t, s, f, searchPlan{})
		if len(onePass) != int(f.Limit) || onePassTotal != twoPassTotal ||
			!sameIDs(onePass, twoPass) {
			t.Errorf("%+v: one pass %d rows of %d, two passes %d of %d", f, len(onePass), onePassTotal, len(twoPass), twoPassTotal)
		}
		query, args, err := s.instancePageQuery(f, plan, false)
		if err != nil {
			t.Fatal(err)
		}
		if generic, _ := preparedPlans(t, s, query, args); generic > 0 {
			t.Errorf("%+v: 8 runs of the search used a generic plan %d times:\n%s", f, generic, query)
		}
	}
}
