package store

import (
	"context"
	"testing"
)

// TestSQLiteSearchNarrowsToRareTrigrams: a substring search looked up through its rarest
// trigrams and rechecked returns exactly the page and total of the phrase lookup, whichever
// column it searches and however it is cased; and each lookup is taken where it should be (so
// that this test fails if a path is never used).
func TestSQLiteSearchNarrowsToRareTrigrams(t *testing.T) {
	s := openMigrated(t, EngineSQLite)
	ctx := context.Background()
	// 3,000 instances, every one "serves Team <n % 300> in region <n % 7>", as bench/ seeds, and
	// two whose names hold the characters the index folds to ASCII letters (sqliteScanText).
	for _, stmt := range []string{`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000)
		INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
		    status, priority, description, version, created_at, updated_at)
		SELECT 'Inst-' || n, 'model-' || (n % 50), 'v1', 'cluster-' || (n % 20), 'img:' || (n % 100), 1, 1, 1, 1,
		    CASE n % 2 WHEN 0 THEN 'active' ELSE 'error' END, 'low',
		    'serves Team ' || (n % 300) || ' in region ' || (n % 7) || CASE n % 500 WHEN 0 THEN ' "quoted"' ELSE '' END, 1,
		    strftime('%Y-%m-%d %H:%M:%S', 1700000000 + n, 'unixepoch') || '+00:00',
		    strftime('%Y-%m-%d %H:%M:%S', 1700000000 + n, 'unixepoch') || '+00:00'
		FROM seq`,
		`INSERT INTO instances (name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp,
		    status, priority, version, created_at, updated_at)
		SELECT name, 'm', 'v', 'c', 'i', 1, 1, 1, 1, 'active', 'low', 1, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00'
		FROM (SELECT 'cla' || char(383) || 's-rare' AS name UNION ALL SELECT char(8490) || 'sign-rare')`, "ANALYZE"} {
		if _, err := s.migrationDB.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	// The seed wrote past the writer: its next commit brings the full-text index in step.
	if err := s.ApplyOther(ctx, func(Querier) error { return nil }); err != nil {
		t.Fatal(err)
	}
	filters := []InstanceFilter{
		{Q: "team 123 in"}, {Q: "TEAM 12"}, {Q: "team 123 in", Statuses: []string{"error"}},
		{Q: "serves team"}, {Q: "region 3"}, {Q: `"quoted"`}, {Q: "in region 6"}, {Q: "nowhere at all"},
		{Name: "inst-123"}, {Name: "ST-1"}, {Name: "inst-2", Q: "team 2"}, {Q: "model-7\ncluster"},
		{Q: "team 123 in", Sort: []SortKey{{Field: "name", Desc: true}}},
		{Q: "class-rare"}, {Name: "KSIGN-rare"},
	}
	for _, base := range filters {
		for _, page := range [][2]int64{{0, 20}, {15, 10}} {
			f := base
			f.Offset, f.Limit = page[0], page[1]
			want, _ := pageOf(t, s, f, searchPlan{}) // the phrase lookup
			all := f
			all.Offset, all.Limit = 0, 3000 // past the last page no row carries the total
			_, wantTotal := pageOf(t, s, all, searchPlan{})
			got, total, err := s.ListInstances(ctx, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			if total != wantTotal || !sameIDs(got, want) {
				t.Errorf("%+v: %d rows of %d, want %d of %d", f, len(got), total, len(want), wantTotal)
			}
		}
	}

	// The folded characters are found through a narrowed lookup as the phrase finds them.
	for _, f := range []InstanceFilter{{Q: "class-rare", Limit: 10}, {Name: "KSIGN-rare", Limit: 10}} {
		if narrow, _ := s.rareTrigrams(ctx, f.Q+f.Name, map[bool]string{true: "name"}[f.Name != ""]); narrow == "" {
			t.Errorf("%+v is not narrowed", f)
		}
		if _, total, err := s.ListInstances(ctx, f); err != nil || total != 1 {
			t.Errorf("%+v: %d matches (%v), want the one instance", f, total, err)
		}
	}

	for _, c := range []struct {
		text, column string
		narrowed     bool
	}{
		{"team 123 in", "", true},  // "123" and "23 " are rare; "tea" and " in" are everywhere
		{"inst-123", "name", true}, // "123" is in fewer than 64 names
		{"serves team", "", false}, // every trigram in every row: the phrase is as cheap
		{"tea", "", false},         // one trigram: nothing to narrow
		{"café 12", "", false},     // non-ASCII: the index folds it otherwise than a recheck could
		{"a\nmodel-1", "", false},  // a newline: the recheck's joined columns hold one between fields
	} {
		narrow, err := s.rareTrigrams(ctx, c.text, c.column)
		if err != nil {
			t.Fatal(err)
		}
		if (narrow != "") != c.narrowed {
			t.Errorf("rareTrigrams(%q, %q) = %q, want narrowed %v", c.text, c.column, narrow, c.narrowed)
		}
	}
	if narrow, _ := s.rareTrigrams(ctx, "team 123 in", ""); narrow != `"123" AND "23 "` && narrow != `"23 " AND "123"` {
		t.Errorf(`"team 123 in" narrows to %q, want "123" and "23 "`, narrow)
	}
}
