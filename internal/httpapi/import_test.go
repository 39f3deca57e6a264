package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/iims/iims/internal/httpapi"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// importResult is POST /api/instances/import's answer.
type importResult struct {
	DryRun                      bool   `json:"dry_run"`
	Created, Updated, Unchanged int    `json:"-"`
	RequestID                   string `json:"request_id"`
	Items                       []struct {
		Line    int                       `json:"line"`
		Name    string                    `json:"name"`
		Action  string                    `json:"action"`
		ID      *int64                    `json:"id"`
		Changes map[string]map[string]any `json:"changes"`
	} `json:"items"`
}

func (s *server) importFile(query, contentType, file string, headers ...string) response {
	s.t.Helper()
	return s.do("POST", "/api/instances/import"+query, file, append([]string{"Content-Type", contentType}, headers...)...)
}

func decodeImport(t *testing.T, r response) importResult {
	t.Helper()
	var res importResult
	r.json(&res)
	var counts struct{ Created, Updated, Unchanged int }
	r.json(&counts)
	res.Created, res.Updated, res.Unchanged = counts.Created, counts.Updated, counts.Unchanged
	return res
}

// historyTotal is the number of history records (every write adds one).
func (s *server) historyTotal() string {
	s.t.Helper()
	return s.expect(s.do("GET", "/api/history?limit=1&include_total=true", nil), 200, "").header.Get("X-Total-Count")
}

// importErrors is "line:field" for each entry of a 422's details.errors.
func importErrors(r response) []string {
	var env struct {
		Error struct {
			Details struct {
				Errors []struct {
					Field string
					Line  *int
				} `json:"errors"`
			} `json:"details"`
		} `json:"error"`
	}
	r.json(&env)
	var out []string
	for _, e := range env.Error.Details.Errors {
		line := 0
		if e.Line != nil {
			line = *e.Line
		}
		out = append(out, fmt.Sprintf("%d:%s", line, e.Field))
	}
	return out
}

const importCSV = "name,model_name,cluster_name,image_tag,replicas,description\n" +
	"imp-a,llama-7b,gpu-cluster-1,llama:7b,2,first\n" +
	"imp-b,llama-7b,gpu-cluster-2,llama:7b,1,\n"

func TestImportPlansThenAppliesAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		before := s.historyTotal()
		plan := decodeImport(t, s.expect(s.importFile("?dry_run=true", "text/csv", importCSV), 200, ""))
		if !plan.DryRun || plan.Created != 2 || len(plan.Items) != 2 || plan.Items[0].Line != 2 || plan.Items[0].Action != "create" ||
			plan.Items[0].ID != nil || plan.Items[1].Name != "imp-b" || plan.Items[1].Line != 3 {
			t.Fatalf("plan: %+v", plan)
		}
		if plan.Items[0].Changes["replicas"]["new"] != float64(2) {
			t.Fatalf("a create's plan shows its values: %+v", plan.Items[0].Changes)
		}
		if s.historyTotal() != before || len(s.listNames()) != 0 {
			t.Fatal("a dry run wrote")
		}

		applied := decodeImport(t, s.expect(s.importFile("", "text/csv; charset=utf-8", importCSV, "X-Change-Reason", "INC-1: seed the fleet"), 200, ""))
		if applied.DryRun || applied.Created != 2 || applied.Items[0].ID == nil || applied.RequestID == "" {
			t.Fatalf("applied: %+v", applied)
		}
		var page struct{ Items []map[string]any }
		s.expect(s.do("GET", "/api/history?request_id="+applied.RequestID, nil), 200, "").json(&page)
		if len(page.Items) != 2 || page.Items[0]["via"] != "import" || page.Items[0]["reason"] != "INC-1: seed the fleet" {
			t.Fatalf("the records of the import: %v", page.Items)
		}

		// The same file again: a no-op plan, and nothing written.
		again := s.historyTotal()
		if same := decodeImport(t, s.expect(s.importFile("", "text/csv", importCSV), 200, "")); same.Unchanged != 2 || same.Created+same.Updated != 0 {
			t.Fatalf("the same file twice: %+v", same)
		}
		if s.historyTotal() != again {
			t.Fatal("an unchanged import wrote history")
		}

		// An update shows each field from now to after.
		changed := strings.Replace(importCSV, "gpu-cluster-2,llama:7b,1,", "gpu-cluster-2,llama:7b,4,", 1)
		upd := decodeImport(t, s.expect(s.importFile("?dry_run=true", "text/csv", changed), 200, ""))
		if upd.Updated != 1 || upd.Items[1].Action != "update" || upd.Items[1].Changes["replicas"]["old"] != float64(1) ||
			upd.Items[1].Changes["replicas"]["new"] != float64(4) || upd.Items[0].Action != "unchanged" {
			t.Fatalf("update plan: %+v", upd)
		}

		// Undo the whole import by its request id.
		s.expect(s.do("POST", "/api/history/undo", map[string]any{"request_id": applied.RequestID}), 200, "")
		if names := s.listNames(); len(names) != 0 {
			t.Fatalf("after undoing the import: %v", names)
		}
	})
}

func TestImportNamesTheLineOfEveryProblemAndWritesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		s.create("kept", nil)
		before := s.historyTotal()

		// A line that is not JSON at all: the file cannot be read.
		ndjson := `{"name":"n1","model_name":"m","cluster_name":"c","image_tag":"i"}` + "\n\n" + `{"name":"n2",` + "\n"
		r := s.expect(s.importFile("", "application/x-ndjson", ndjson), 422, "ValidationError")
		if got := importErrors(r); len(got) != 1 || got[0] != "3:file" || !strings.Contains(string(r.body), `"message":"malformed JSON`) {
			t.Fatalf("malformed NDJSON: %v %s", got, r.body)
		}

		// Rows that can be read but are wrong: every one named, with its line.
		csv := "name,model_name,cluster_name,image_tag,replicas,status\n" +
			"ok-1,m,c,i,1,active\n" +
			"bad-type,m,c,i,lots,active\n" +
			"bad-status,m,c,i,1,sleeping\n" +
			",m,c,i,1,active\n" +
			"kept,m,c,i,200,active\n"
		r = s.expect(s.importFile("", "text/csv", csv), 422, "ValidationError")
		if got := strings.Join(importErrors(r), " "); got != "3:replicas 4:status 5:name 6:replicas" {
			t.Fatalf("row errors: %s (%s)", got, r.body)
		}
		// YAML names its lines too; the format can be given explicitly.
		yaml := "- name: y1\n  model_name: m\n  cluster_name: c\n  image_tag: i\n- name: y2\n  model_name: m\n  cluster_name: c\n  image_tag: i\n  replicas: [1, 2]\n"
		r = s.expect(s.importFile("?format=yaml", "application/octet-stream", yaml), 422, "ValidationError")
		if got := importErrors(r); len(got) != 1 || got[0] != "5:replicas" {
			t.Fatalf("YAML row error: %v %s", got, r.body)
		}
		if s.historyTotal() != before || len(s.listNames()) != 1 {
			t.Fatal("a refused import wrote")
		}

		// A format the server cannot tell, an empty file, one over the limit.
		s.expect(s.importFile("", "text/plain", importCSV), http.StatusUnsupportedMediaType, "UnsupportedMediaType")
		s.expect(s.importFile("", "text/csv", "name\n"), 422, "ValidationError")
		huge := "name,model_name,cluster_name,image_tag\n" + strings.Repeat("x,m,c,"+strings.Repeat("i", 200)+"\n", 17<<20/200)
		r = s.expect(s.importFile("", "text/csv", huge), http.StatusRequestEntityTooLarge, "PayloadTooLarge")
		if !strings.Contains(string(r.body), "16 MiB") {
			t.Fatalf("the 413 says the limit: %s", r.body)
		}
		if s.historyTotal() != before {
			t.Fatal("a refused import wrote")
		}
	})
}

func TestImportReadsWhatExportWrites(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		for i := range 5 {
			s.create(fmt.Sprintf("round-%d", i), map[string]any{"description": "it's \"quoted\", with commas", "replicas": i + 1})
		}
		for format, contentType := range map[string]string{"csv": "text/csv", "json": "application/json", "ndjson": "application/x-ndjson"} {
			exported := s.expect(s.do("GET", "/api/instances/export?format="+format, nil), 200, "")
			res := decodeImport(t, s.expect(s.importFile("?dry_run=true", contentType, string(exported.body)), 200, ""))
			if res.Unchanged != 5 || res.Created+res.Updated != 0 {
				raw, _ := json.Marshal(res)
				t.Fatalf("%s export imported back: %s", format, raw)
			}
		}
	})
}

// listNames is every instance's name, in name order.
func (s *server) listNames() []string {
	s.t.Helper()
	var items []struct{ Name string }
	s.expect(s.do("GET", "/api/instances?limit=1000&sort=name", nil), 200, "").json(&items)
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
	}
	return names
}

// With REQUIRE_REASON an import needs one, and the file has no place for it: the 422 points at
// the X-Change-Reason header, as a DELETE's does.
func TestImportReasonIsTheHeaders(t *testing.T) {
	s := newServer(t, dbtest.Engines[0], func(o *httpapi.Options) {
		o.Service = instances.NewService(o.Service.Store(), instances.WithRequiredReason(true))
	})
	r := s.expect(s.importFile("", "text/csv", importCSV), 422, "ValidationError")
	if got := r.fieldErrors(); len(got) != 1 || got[0] != "header:X-Change-Reason" {
		t.Fatalf("a missing reason: %v %s", got, r.body)
	}
	s.expect(s.importFile("?dry_run=true", "text/csv", importCSV), 200, "") // a plan needs none
	s.expect(s.importFile("", "text/csv", importCSV, "X-Change-Reason", "UTF-8''capacity%20%E2%80%94%20Q3"), 200, "")
	var page struct{ Items []map[string]any }
	s.expect(s.do("GET", "/api/history?limit=1", nil), 200, "").json(&page)
	if len(page.Items) != 1 || page.Items[0]["reason"] != "capacity — Q3" {
		t.Fatalf("the reason kept: %v", page.Items)
	}
}
