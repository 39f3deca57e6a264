package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestExports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		tricky := "line one, \"quoted\"\nline two — ünïcode ✓"
		s.create("with-commas,and\"quotes", map[string]any{"description": tricky, "status": "error"})
		for i := 0; i < 30; i++ {
			s.create(fmt.Sprintf("plain-%02d", i), map[string]any{"replicas": i%4 + 1})
		}
		var listed []map[string]any
		s.expect(s.do("GET", "/api/instances?limit=1000&sort=name", nil), 200, "").json(&listed)

		r := s.expect(s.do("GET", "/api/instances/export?format=csv&sort=name", nil), 200, "")
		if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename="iims-instances-\d{8}T\d{6}Z\.csv"$`).MatchString(cd) {
			t.Fatalf("Content-Disposition %q", cd)
		}
		rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
		if err != nil || len(rows) != 32 || rows[0][0] != "id" || rows[0][12] != "description" {
			t.Fatalf("CSV: %d rows, %v", len(rows), err)
		}
		for i, it := range listed {
			if rows[i+1][1] != it["name"] || rows[i+1][15] != it["updated_at"] {
				t.Fatalf("CSV row %d %v vs %v", i, rows[i+1], it)
			}
		}
		if rows[len(rows)-1][12] != tricky { // "with-commas…" sorts last (byte order)
			t.Fatalf("CSV quoting lost data: %q", rows[len(rows)-1][12])
		}

		var asJSON []map[string]any
		r = s.expect(s.do("GET", "/api/instances/export?format=json&sort=name", nil), 200, "")
		r.json(&asJSON)
		if a, b := mustJSON(asJSON), mustJSON(listed); a != b {
			t.Fatalf("JSON export differs from the list API:\n%s\n%s", a, b)
		}

		r = s.expect(s.do("GET", "/api/instances/export?format=ndjson&replicas=&status=error", nil), 422, "ValidationError")
		r = s.expect(s.do("GET", "/api/instances/export?format=ndjson&status=error", nil), 200, "")
		if lines := strings.Split(strings.TrimSpace(string(r.body)), "\n"); len(lines) != 1 || !strings.Contains(lines[0], `"status":"error"`) {
			t.Fatalf("NDJSON filtered export: %q", r.body)
		}
		s.expect(s.do("GET", "/api/instances/export?format=xml", nil), 422, "ValidationError")

		r = s.expect(s.do("GET", "/api/history/export?format=ndjson&operation_type=create", nil), 200, "")
		sc := bufio.NewScanner(bytes.NewReader(r.body))
		n := 0
		for sc.Scan() {
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec["operation_type"] != "create" {
				t.Fatalf("history NDJSON line %q: %v", sc.Text(), err)
			}
			n++
		}
		if n != 31 {
			t.Fatalf("history export has %d records, want 31", n)
		}
		var historyPage struct{ Items []map[string]any }
		s.expect(s.do("GET", "/api/history?limit=1000", nil), 200, "").json(&historyPage)
		var historyJSON []map[string]any
		s.expect(s.do("GET", "/api/history/export?format=json", nil), 200, "").json(&historyJSON)
		if a, b := mustJSON(historyJSON), mustJSON(historyPage.Items); a != b {
			t.Fatalf("history JSON export differs from the history API:\n%s\n%s", a, b)
		}
		r = s.expect(s.do("GET", "/api/history/export", nil), 200, "")
		rows, err = csv.NewReader(bytes.NewReader(r.body)).ReadAll()
		if err != nil || len(rows) != 32 || rows[0][19] != "changes" || !json.Valid([]byte(rows[1][19])) {
			t.Fatalf("history CSV: %d rows %v", len(rows), err)
		}
		empty := s.expect(s.do("GET", "/api/instances/export?format=json&q=nothing-matches-this", nil), 200, "")
		if strings.TrimSpace(string(empty.body)) != "[]" {
			t.Fatalf("empty JSON export %q", empty.body)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestHeadOnExports sends HEAD for each export and then another request on the same kept-alive
// connection: HEAD must answer with the export's headers only (no chunked body), and do no export
// work at all (it answers even with the database closed).
func TestHeadOnExports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		s.create("one", nil)
		host := strings.TrimPrefix(s.url, "http://")
		for _, path := range []string{"/api/instances/export?format=csv", "/api/history/export?format=ndjson"} {
			conn, err := net.Dial("tcp", host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "HEAD %s HTTP/1.1\r\nHost: %s\r\n\r\nGET /api/stats HTTP/1.1\r\nHost: %s\r\n\r\n", path, host, host)
			br := bufio.NewReader(conn)
			head, err := http.ReadResponse(br, &http.Request{Method: http.MethodHead})
			if err != nil || head.StatusCode != 200 || !strings.HasPrefix(head.Header.Get("Content-Disposition"), "attachment;") {
				t.Fatalf("HEAD %s: %v %v", path, head, err)
			}
			head.Body.Close()
			next, err := http.ReadResponse(br, &http.Request{Method: http.MethodGet})
			if err != nil {
				t.Fatalf("the request after HEAD %s on the same connection: %v", path, err)
			}
			var stats map[string]any
			if err := json.NewDecoder(next.Body).Decode(&stats); err != nil || next.StatusCode != 200 || stats["total"] != 1.0 {
				t.Fatalf("after HEAD %s: %d %v %v", path, next.StatusCode, stats, err)
			}
		}
		s.st.Close() // no export work: HEAD needs no database
		for _, path := range []string{"/api/instances/export", "/api/history/export"} {
			if r := s.do("HEAD", path, nil); r.status != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" || len(r.body) != 0 {
				t.Fatalf("HEAD %s with the database closed: %d %v %q", path, r.status, r.header, r.body)
			}
		}
		if strings.Contains(s.logs.String(), "export failed") {
			t.Fatalf("HEAD ran an export:\n%s", s.logs.String())
		}
	})
}
