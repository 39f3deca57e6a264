package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The undo and time-travel endpoints over HTTP, answers checked against the spec by s.http.
func TestRevertRestoreUndoOverHTTP(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		id := s.create("tt", map[string]any{"replicas": 2})
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", id), map[string]any{"replicas": 6, "status": "error"}), 200, "")
		var page struct {
			Items []struct {
				HistoryID int64 `json:"history_id"`
			}
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d/history", id), nil), 200, "").json(&page)
		first := page.Items[1].HistoryID
		path := fmt.Sprintf("/api/instances/%d/revert", id)

		plan := s.expect(s.do("POST", path, map[string]any{"to_history_id": first, "dry_run": true}), 200, "").obj()
		if plan["dry_run"] != true || plan["changes"].(map[string]any)["replicas"].(map[string]any)["new"] != 2.0 {
			t.Fatalf("plan %v", plan)
		}
		s.expect(s.do("POST", path, map[string]any{"to_history_id": first}, "If-Match", `"1"`), 412, "PreconditionFailed")
		r := s.expect(s.do("POST", path, map[string]any{"to_history_id": first, "reason": "back"}, "If-Match", `"2"`), 200, "")
		if r.header.Get("ETag") != `"3"` {
			t.Fatalf("ETag %q", r.header.Get("ETag"))
		}
		// The revert's record names the record it put back; an ordinary change's names none.
		var reverted struct {
			Items []struct {
				RevertedFrom *int64 `json:"reverted_from"`
			}
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d/history", id), nil), 200, "").json(&reverted)
		if got := reverted.Items[0].RevertedFrom; got == nil || *got != first {
			t.Fatalf("the revert's record has reverted_from %s, want %d", fmtOptional(got), first)
		}
		if got := reverted.Items[1].RevertedFrom; got != nil {
			t.Fatalf("the update's record has reverted_from %d, want null", *got)
		}
		s.expect(s.do("POST", path, map[string]any{"to_history_id": first}), 422, "ValidationError")
		s.expect(s.do("POST", path, map[string]any{"to_history_id": 99999}), 404, "NotFound")
		s.expect(s.do("POST", path, map[string]any{}), 422, "ValidationError")

		// Restore.
		s.expect(s.do("POST", fmt.Sprintf("/api/instances/%d/restore", id), map[string]any{}), 409, "Conflict")
		s.expect(s.do("DELETE", fmt.Sprintf("/api/instances/%d", id), nil, "X-Request-ID", "req-del"), 200, "")
		s.expect(s.do("POST", path, map[string]any{"to_history_id": first}), 404, "NotFound")
		s.expect(s.do("POST", fmt.Sprintf("/api/instances/%d/restore", id), map[string]any{"dry_run": true}), 200, "")
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d", id), nil), 404, "NotFound")
		res := s.expect(s.do("POST", fmt.Sprintf("/api/instances/%d/restore", id), map[string]any{"reason": "oops"}), 201, "")
		if res.header.Get("Location") != fmt.Sprintf("/api/instances/%d", id) {
			t.Fatalf("Location %q", res.header.Get("Location"))
		}
		s.expect(s.do("POST", "/api/instances/99999/restore", map[string]any{}), 404, "NotFound")

		// Undo the delete by its request id; then a conflict once it changed again.
		s.expect(s.do("DELETE", fmt.Sprintf("/api/instances/%d", id), nil, "X-Request-ID", "req-del-2"), 200, "")
		undo := s.expect(s.do("POST", "/api/history/undo", map[string]any{"request_id": "req-del-2"}), 200, "").obj()
		if undo["changed_count"] != 1.0 || undo["items"].([]any)[0].(map[string]any)["action"] != "restore" {
			t.Fatalf("undo %v", undo)
		}
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", id), map[string]any{"replicas": 9}), 200, "")
		c := s.expect(s.do("POST", "/api/history/undo", map[string]any{"request_id": "req-del-2"}), 409, "Conflict").obj()
		conflicts := c["error"].(map[string]any)["details"].(map[string]any)["conflicts"].([]any)
		if len(conflicts) != 1 || conflicts[0].(map[string]any)["expected_version"] != nil {
			t.Fatalf("conflicts %v", conflicts)
		}
		s.expect(s.do("POST", "/api/history/undo", map[string]any{"request_id": "nope"}), 404, "NotFound")
		s.expect(s.do("POST", "/api/history/undo", map[string]any{"request_id": "x", "history_ids": []int64{1}}), 422, "ValidationError")
		s.expect(s.do("POST", "/api/history/undo", map[string]any{"history_ids": []int64{1, 99999}}), 404, "NotFound")
	})
}

func TestAsOfDiffAndTransitionsOverHTTP(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		a := s.create("alpha", map[string]any{"status": "active"})
		time.Sleep(5 * time.Millisecond)
		before := time.Now().UTC()
		time.Sleep(5 * time.Millisecond)
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", a), map[string]any{"status": "error"}, "X-Change-Reason", "broke"), 200, "")
		s.create("beta", nil)
		q := url.QueryEscape(before.Format(time.RFC3339Nano))

		r := s.expect(s.do("GET", "/api/instances?as_of="+q, nil), 200, "")
		var list []struct{ Name, Status string }
		r.json(&list)
		if len(list) != 1 || list[0].Name != "alpha" || list[0].Status != "active" || r.header.Get("X-Total-Count") != "1" {
			t.Fatalf("as_of: %v total %s", list, r.header.Get("X-Total-Count"))
		}
		if n := len(s.expect(s.do("GET", "/api/instances?status=error&as_of="+q, nil), 200, "").body); n > 3 {
			t.Fatalf("as_of with a filter the past did not match: %d bytes", n)
		}
		stats := s.expect(s.do("GET", "/api/stats?as_of="+q, nil), 200, "").obj()
		byStatus, byPriority := stats["by_status"].(map[string]any), stats["by_priority"].(map[string]any)
		if stats["total"] != 1.0 || byStatus["active"] != 1.0 || byStatus["error"] != 0.0 {
			t.Fatalf("stats as_of %v", stats)
		}
		// The same shape as the live stats: every status and priority, zero when unused then.
		if byStatus["pending"] != 0.0 || byStatus["inactive"] != 0.0 || len(byStatus) != 4 || byPriority["critical"] != 0.0 || len(byPriority) != 4 {
			t.Fatalf("stats as_of lack the unused statuses or priorities: %v", stats)
		}
		s.expect(s.do("GET", "/api/instances?as_of=yesterday", nil), 422, "ValidationError")

		to := url.QueryEscape(time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano))
		var diff []struct {
			InstanceID int64                     `json:"instance_id"`
			Change     string                    `json:"change"`
			Changes    map[string]map[string]any `json:"changes"`
		}
		s.expect(s.do("GET", "/api/history/diff?from="+q+"&to="+to, nil), 200, "").json(&diff)
		if len(diff) != 2 || diff[0].Change != "updated" || diff[0].Changes["status"]["old"] != "active" || diff[1].Change != "created" {
			t.Fatalf("diff %+v", diff)
		}
		csv := s.expect(s.do("GET", "/api/history/diff/export?format=csv&from="+q+"&to="+to, nil), 200, "")
		if !strings.HasPrefix(string(csv.body), "instance_id,name,change,changes,actors,history_ids") ||
			!strings.Contains(csv.header.Get("Content-Disposition"), "iims-diff-") {
			t.Fatalf("diff export %s %s", csv.header, csv.body)
		}
		s.expect(s.do("GET", "/api/history/diff?from="+to+"&to="+q, nil), 422, "ValidationError")

		var feed struct{ Items []struct{ Reason *string } }
		s.expect(s.do("GET", "/api/history?field=status&to=error", nil), 200, "").json(&feed)
		if len(feed.Items) != 1 || feed.Items[0].Reason == nil || *feed.Items[0].Reason != "broke" {
			t.Fatalf("transition to error: %+v", feed.Items)
		}
		s.expect(s.do("GET", "/api/history?field=status&from=active&to=error", nil), 200, "").json(&feed)
		if len(feed.Items) != 1 {
			t.Fatalf("transition active → error: %d", len(feed.Items))
		}
		if s.expect(s.do("GET", "/api/history?field=status&from=error", nil), 200, "").json(&feed); len(feed.Items) != 0 {
			t.Fatalf("transition from error: %d", len(feed.Items))
		}
		s.expect(s.do("GET", "/api/history?to=error", nil), 422, "ValidationError")
		s.expect(s.do("GET", "/api/history/export?field=status&field=priority&to=error", nil), 422, "ValidationError")
	})
}

// TestAsOfPagesInterleaveLiveAndPast pages through a past fleet whose order mixes instances
// unchanged since (answered by their live rows) and instances changed since (answered by their
// records): every page must be the slice of the one order, with the past's values, under each
// sort — each half of the query is cut to its first rows, and a wrong cut loses or repeats some;
// the filter puts arguments in both halves (MySQL binds them in text order).
func TestAsOfPagesInterleaveLiveAndPast(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		priorities := []string{"low", "critical", "medium", "high", "low", "critical", "high"}
		ids := map[string]int64{}
		for i, p := range priorities {
			name := fmt.Sprintf("n%d", i+1)
			ids[name] = s.create(name, map[string]any{"priority": p, "replicas": i + 1})
		}
		time.Sleep(5 * time.Millisecond)
		before := time.Now().UTC()
		time.Sleep(5 * time.Millisecond)
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", ids["n2"]), map[string]any{"priority": "low", "replicas": 50}), 200, "")
		s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", ids["n4"]), map[string]any{"priority": "critical"}), 200, "")
		s.expect(s.do("DELETE", fmt.Sprintf("/api/instances/%d", ids["n5"]), nil), 200, "")
		s.create("n0", map[string]any{"priority": "critical"}) // not there then
		q := url.QueryEscape(before.Format(time.RFC3339Nano))

		for sort, want := range map[string][]string{
			"-priority":          {"n6", "n2", "n7", "n4", "n3", "n5", "n1"}, // ties by id, in the last key's direction
			"priority,name":      {"n1", "n5", "n3", "n4", "n7", "n2", "n6"},
			"-replicas":          {"n7", "n6", "n5", "n4", "n3", "n2", "n1"},
			"cluster_name,-name": {"n7", "n6", "n5", "n4", "n3", "n2", "n1"},
		} {
			var got []string
			for skip := 0; skip < len(want)+2; skip += 2 {
				r := s.expect(s.do("GET", fmt.Sprintf("/api/instances?as_of=%s&cluster_name=gpu-cluster-1&sort=%s&limit=2&skip=%d", q, sort, skip), nil), 200, "")
				var page []struct {
					Name     string
					Priority string
					Replicas int
				}
				r.json(&page)
				if r.header.Get("X-Total-Count") != "7" {
					t.Fatalf("sort %s skip %d: total %s", sort, skip, r.header.Get("X-Total-Count"))
				}
				for _, i := range page {
					if i.Name == "n2" && (i.Priority != "critical" || i.Replicas != 2) {
						t.Fatalf("n2 as it is now, not as it was: %+v", i)
					}
					got = append(got, i.Name)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("sort %s: pages %v, want %v", sort, got, want)
			}
		}
	})
}

func fmtOptional(n *int64) string {
	if n == nil {
		return "null"
	}
	return fmt.Sprint(*n)
}
