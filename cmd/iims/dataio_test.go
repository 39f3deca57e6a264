package main_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/mysqltest"
	"github.com/iims/iims/internal/testutil/pgtest"
)

// seedFleet creates instances with awkward values through the domain (as the API would).
func seedFleet(t *testing.T, url string) {
	t.Helper()
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := instances.NewService(st)
	desc := "line one, \"quoted\"\nline two: ünïcode ✓ — 100%"
	for i, name := range []string{"llama-7b-chat", "123", "true", "with,comma", "gpt \"q\""} {
		r, tp := int64(i+1), int64(2)
		in := instances.CreateInput{Name: name, ModelName: "model-" + name, ClusterName: fmt.Sprintf("cluster-%d", i%2),
			ImageTag: "img:" + name, Replicas: &r, TP: &tp, Status: &instances.Statuses[i%4], Priority: &instances.Priorities[i%4]}
		if i%2 == 0 {
			in.Description = &desc
		}
		if _, err := svc.Create(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
}

// fleetOf lists the data fields of every instance, by name, as JSON.
func fleetOf(t *testing.T, url string) map[string]string {
	t.Helper()
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]string{}
	_ = st.EachInstance(context.Background(), store.InstanceFilter{}, func(i store.Instance) error {
		b, _ := json.Marshal(instances.SpecOf(i))
		out[i.Name] = string(b)
		return nil
	})
	return out
}

func historyOf(t *testing.T, url string) []store.HistoryRecord {
	t.Helper()
	st, err := store.Open(context.Background(), url, store.PoolConfig{Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []store.HistoryRecord
	_ = st.EachHistory(context.Background(), store.HistoryFilter{}, func(h store.HistoryRecord) error {
		out = append(out, h)
		return nil
	})
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			src := dbtest.URL(t, e)
			seedFleet(t, src)
			want := fleetOf(t, src)
			dir := t.TempDir()
			for _, format := range []string{"csv", "json", "ndjson", "yaml"} {
				file := filepath.Join(dir, "fleet."+format)
				if r := iims(t, dir, nil, "export", "instances", "--database-url", src, "-o", file); r.code != 0 {
					t.Fatalf("export %s: %s", format, r.out)
				}
				dst := dbtest.URL(t, e)
				r := iims(t, dir, nil, "import", file, "--database-url", dst)
				if r.code != 0 || !strings.Contains(r.out, "5 to create, 0 to update, 0 unchanged") {
					t.Fatalf("import %s: %s", format, r.out)
				}
				if got := fleetOf(t, dst); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s round trip\n got %v\nwant %v", format, got, want)
				}
				hist := historyOf(t, dst)
				if len(hist) != 5 || hist[0].OperationType != "create" || hist[0].RequestID == nil || !strings.HasPrefix(*hist[0].RequestID, "import-") {
					t.Fatalf("%s: history of the import %+v", format, hist)
				}
				// Importing the same file again changes nothing and writes no history.
				if r := iims(t, dir, nil, "import", file, "--database-url", dst); !strings.Contains(r.out, "0 to create, 0 to update, 5 unchanged") {
					t.Fatalf("re-import %s: %s", format, r.out)
				}
				if n := len(historyOf(t, dst)); n != 5 {
					t.Fatalf("re-import wrote history: %d records", n)
				}
			}
			if r := iims(t, dir, nil, "export", "history", "--database-url", src, "--format", "ndjson", "--operation-type", "create"); r.code != 0 || strings.Count(r.out, "\n") != 5 {
				t.Fatalf("history export: %d %q", r.code, r.out)
			}
			// CSV cannot tell an empty description from none: importing a CSV export back over
			// an instance whose description is "" must not turn it into null.
			blank := filepath.Join(dir, "blank.json")
			writeFile(t, blank, `[{"name":"true","description":""}]`)
			if r := iims(t, dir, nil, "import", blank, "--database-url", src); !strings.Contains(r.out, "1 to update") {
				t.Fatalf("set an empty description: %s", r.out)
			}
			csvFile := filepath.Join(dir, "again.csv")
			iims(t, dir, nil, "export", "instances", "--database-url", src, "-o", csvFile)
			if r := iims(t, dir, nil, "import", csvFile, "--database-url", src, "--dry-run"); !strings.Contains(r.out, "0 to create, 0 to update, 5 unchanged") {
				t.Fatalf("CSV re-import over an empty description: %s", r.out)
			}
		})
	}
}

func TestImportPlansUpdatesAndRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := dbtest.URL(t, store.EngineSQLite)
	seedFleet(t, db)
	before := fleetOf(t, db)
	plan := filepath.Join(dir, "plan.yaml")
	writeFile(t, plan, "- name: llama-7b-chat\n  replicas: 9\n  status: error\n- name: brand-new\n  model_name: m\n  cluster_name: c\n  image_tag: i\n- name: \"123\"\n")
	r := iims(t, dir, nil, "import", plan, "--dry-run", "--database-url", db)
	if r.code != 0 || !strings.Contains(r.out, "update     line 1      llama-7b-chat: replicas 1 → 9, status active → error") ||
		!strings.Contains(r.out, "create     line 4      brand-new") || !strings.Contains(r.out, "dry run, nothing written: "+plan+" — 1 to create, 1 to update, 1 unchanged") {
		t.Fatalf("dry run plan:\n%s", r.out)
	}
	if fmt.Sprint(fleetOf(t, db)) != fmt.Sprint(before) || len(historyOf(t, db)) != 5 {
		t.Fatal("the dry run wrote")
	}
	bad := []struct{ name, content, want string }{
		{"bad.csv", "name,model_name,cluster_name,image_tag,replicas\nok-1,m,c,i,2\nbad-1,m,c,i,101\nbad-2,m,c,i,two\n",
			"line 3: replicas must be between 1 and 100\nline 4: replicas must be a whole number"},
		{"bad.ndjson", "{\"name\":\"x\",\"model_name\":\"m\",\"cluster_name\":\"c\",\"image_tag\":\"i\"}\n{\"name\": \"y\",\n", "line 2: malformed JSON"},
		{"bad.json", "[\n {\"name\":\"a\",\"model_name\":\"m\",\"cluster_name\":\"c\",\"image_tag\":\"i\"},\n {\"name\":\"b\",\"colour\":\"red\"}\n]", "line 3: colour is not a field of an instance"},
		{"dup.yaml", "- name: d\n  model_name: m\n  cluster_name: c\n  image_tag: i\n- name: d\n", "line 5: name \"d\" is already on line 1"},
		{"missing.csv", "name,model_name\nonly-name,m\n", "line 2: cluster_name is required"},
		{"update-bad.csv", "name,status\nllama-7b-chat,running\n", "line 2: status must be one of active, inactive, pending, error"},
	}
	for _, b := range bad {
		file := filepath.Join(dir, b.name)
		writeFile(t, file, b.content)
		r := iims(t, dir, nil, "import", file, "--database-url", db)
		if r.code == 0 || !strings.Contains(r.out, b.want) || !strings.Contains(r.out, "nothing was imported") && !strings.Contains(r.out, "malformed") {
			t.Errorf("%s: %d\n%s\nwant %q", b.name, r.code, r.out, b.want)
		}
	}
	if fmt.Sprint(fleetOf(t, db)) != fmt.Sprint(before) || len(historyOf(t, db)) != 5 {
		t.Fatal("a refused import wrote")
	}
}

// TestLegacyImport builds a database in the previous Python version's schema and imports it.
func TestLegacyImport(t *testing.T) {
	dir := t.TempDir()
	legacySQLite := "sqlite:///" + filepath.Join(dir, "old_inference_instances.db")
	sources := map[string]string{"sqlite": legacySQLite}
	if pgtest.Available() {
		sources["postgresql"] = dbtest.URL(t, store.EnginePostgres) // a migrated IIMS database is fine: the legacy table sits beside it
	}
	if mysqltest.Available() {
		sources["mysql"] = dbtest.URL(t, store.EngineMySQL)
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			buildLegacy(t, src)
			dst := dbtest.URL(t, store.EngineSQLite)
			r := iims(t, dir, nil, "import", "--legacy", src, "--database-url", dst, "--dry-run")
			if r.code != 0 || !strings.Contains(r.out, "4 to create") || !strings.Contains(r.out, `row 2 (mistral-old): status "running" mapped to "active"`) ||
				!strings.Contains(r.out, "row 3 (gpt-old): description truncated to 2000 characters") ||
				!strings.Contains(r.out, `row 3 (gpt-old): priority "urgent" mapped to "critical"`) ||
				!strings.Contains(r.out, `row 4 (odd-old): status "quarantined" is not known: set to "pending"`) {
				t.Fatalf("legacy dry run:\n%s", r.out)
			}
			// SQLite kept the old 2.5 as it was (PostgreSQL's and MySQL's INTEGER columns rounded it on insert).
			if name == "sqlite" && !strings.Contains(r.out, `row 4 (odd-old): replicas "2.5" is not a whole number: left to the default`) {
				t.Fatalf("a fractional replicas must be reported:\n%s", r.out)
			}
			if r := iims(t, dir, nil, "import", "--legacy", src, "--database-url", dst); r.code != 0 {
				t.Fatalf("legacy import: %s", r.out)
			}
			got := fleetOf(t, dst)
			if !strings.Contains(got["mistral-old"], `"ModelVersion":"latest"`) || !strings.Contains(got["mistral-old"], `"Status":"active"`) ||
				!strings.Contains(got["gpt-old"], `"Priority":"critical"`) || !strings.Contains(got["odd-old"], `"CP":8`) {
				t.Fatalf("imported %v", got)
			}
			st, _ := store.Open(context.Background(), dst, store.PoolConfig{Size: 1})
			defer st.Close()
			inst, _ := st.Q().InstanceGetByName(context.Background(), "mistral-old")
			if inst.CreatedAt.UTC().Format("2006-01-02 15:04:05") != "2023-03-01 08:00:00" {
				t.Fatalf("created_at not kept: %v", inst.CreatedAt)
			}
			if len(*inst.Description) != 11 || len([]rune(*mustGet(st, "gpt-old").Description)) != 2000 {
				t.Fatal("descriptions")
			}
		})
	}
}

func mustGet(st *store.Store, name string) store.Instance {
	i, _ := st.Q().InstanceGetByName(context.Background(), name)
	return i
}

// buildLegacy creates the old schema (with columns IIMS no longer has) and four rows.
func buildLegacy(t *testing.T, url string) {
	t.Helper()
	target, _ := store.ParseURL(url)
	driver, dsn := "sqlite", "file:"+target.Path
	switch target.Engine {
	case store.EnginePostgres:
		driver, dsn = "pgx", target.DSN
	case store.EngineMySQL:
		driver, dsn = "mysql", target.DSN
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	long := strings.Repeat("é", 2500)
	stmts := []string{
		`CREATE TABLE inference_instances (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE, model_name VARCHAR(255),
			model_version VARCHAR(50), cluster_name VARCHAR(255), image_tag VARCHAR(255), replicas INTEGER, pp INTEGER, cp INTEGER,
			tp INTEGER, status VARCHAR(50), priority VARCHAR(50), description TEXT, owner VARCHAR(255), is_ephemeral BOOLEAN,
			field_config TEXT, created_at TIMESTAMP, updated_at TIMESTAMP)`,
		`INSERT INTO inference_instances VALUES (1, 'llama-old', 'llama-7b', 'v1', 'gpu-a', 'llama:1', 2, 1, 8, 1, 'active', 'high', NULL, 'alice', false, '{}', '2023-01-01 10:00:00', '2023-02-01 10:00:00')`,
		`INSERT INTO inference_instances VALUES (2, 'mistral-old', 'mistral', NULL, 'gpu-b', 'mistral:1', 1, 1, 8, 1, 'running', 'normal', 'old service', 'bob', true, NULL, '2023-03-01 08:00:00', '2023-03-02 08:00:00')`,
		`INSERT INTO inference_instances VALUES (3, 'gpt-old', 'gpt', 'latest', 'gpu-a', 'gpt:1', 3, 2, 16, 2, 'deploying', 'urgent', '` + long + `', NULL, false, NULL, '2023-04-01 08:00:00', NULL)`,
		`INSERT INTO inference_instances VALUES (4, 'odd-old', 'odd', '', 'gpu-c', 'odd:1', 2.5, 1, NULL, 1, 'quarantined', 'p3', NULL, NULL, false, NULL, NULL, NULL)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s[:40], err)
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyReportsATamperedHistory(t *testing.T) {
	dir := t.TempDir()
	db := dbtest.URL(t, store.EngineSQLite)
	seedFleet(t, db)
	r := iims(t, dir, nil, "verify", "--database-url", db)
	if r.code != 0 || !strings.Contains(r.out, "records checked: 5") || !strings.Contains(r.out, "history:         intact") {
		t.Fatalf("verify: %d %s", r.code, r.out)
	}
	// The tree head it prints, kept elsewhere, is checked by a later verify.
	head := regexp.MustCompile(`tree head now:   (\d+:[0-9a-f]{64})`).FindStringSubmatch(r.out)
	if head == nil {
		t.Fatalf("no tree head in %s", r.out)
	}
	if r = iims(t, dir, nil, "verify", "--database-url", db, "--tree-head", head[1]); r.code != 0 || !strings.Contains(r.out, "--tree-head:     consistent") {
		t.Fatalf("verify --tree-head: %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "verify", "--database-url", db, "--tree-head", "5:nothex"); r.code == 0 || !strings.Contains(r.out, "want SIZE:ROOT") {
		t.Fatalf("verify with a malformed --tree-head: %d %s", r.code, r.out)
	}
	target, _ := store.ParseURL(db)
	raw, err := sql.Open("sqlite", "file:"+target.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range []string{"DROP TRIGGER instance_history_no_update", "UPDATE instance_history SET replicas = 42 WHERE history_id = 3"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	r = iims(t, dir, nil, "verify", "--database-url", db, "--tree-head", head[1])
	if r.code != 1 || !strings.Contains(r.out, "BROKEN:          history record 3") {
		t.Fatalf("verify after tampering: %d %s", r.code, r.out)
	}
}

// Reading commands refuse a database that is not there or not migrated (instead of creating an
// empty file or failing on a missing table); migrate down on an empty database is not an error;
// an export file is an ordinary 0644 file.
func TestCommandsOnMissingAndEmptyDatabases(t *testing.T) {
	dir := t.TempDir()
	missing := "sqlite:///" + filepath.Join(dir, "missing.db")
	for _, args := range [][]string{{"export", "instances"}, {"verify"}} {
		r := iims(t, dir, nil, append(args, "--database-url", missing)...)
		if r.code == 0 || !strings.Contains(r.out, "no database at") {
			t.Fatalf("%v on a missing file: %d %s", args, r.code, r.out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Fatal("a reading command created the missing database file")
	}
	empty := "sqlite:///" + filepath.Join(dir, "empty.db")
	if r := iims(t, dir, nil, "migrate", "down", "--database-url", empty); r.code != 0 || !strings.Contains(r.out, "nothing to roll back") {
		t.Fatalf("migrate down on an empty database: %d %s", r.code, r.out)
	}
	if r := iims(t, dir, nil, "export", "instances", "--database-url", empty); r.code == 0 || !strings.Contains(r.out, "migrations pending") {
		t.Fatalf("export from an unmigrated database: %d %s", r.code, r.out)
	}
	iims(t, dir, nil, "migrate", "up", "--database-url", empty)
	out := filepath.Join(dir, "out.json")
	if r := iims(t, dir, nil, "export", "instances", "--format", "json", "-o", out, "--database-url", empty); r.code != 0 {
		t.Fatalf("export: %s", r.out)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("export file mode %v %v", fi.Mode().Perm(), err)
	}
}
