package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"
)

type historyPage struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"total"`
	Limit int              `json:"limit"`
	Off   int              `json:"offset"`
}

func TestHistoryEndpoints(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *server) {
		a := s.create("alpha", map[string]any{"cluster_name": "cluster-x"})
		b := s.create("beta", nil)
		for r := 2; r <= 4; r++ {
			s.expect(s.do("PUT", fmt.Sprintf("/api/instances/%d", a), map[string]any{"replicas": r}), 200, "")
		}
		s.expect(s.do("DELETE", fmt.Sprintf("/api/instances/%d", b), nil), 200, "")

		var page historyPage
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d/history?limit=2", a), nil), 200, "").json(&page)
		if page.Total != 4 || page.Limit != 2 || page.Off != 0 || len(page.Items) != 2 {
			t.Fatalf("page meta %+v", page)
		}
		newest := page.Items[0]
		hid := int64(newest["history_id"].(float64))
		page = historyPage{} // decoding into the same page would reuse newest's map
		if newest["operation_type"] != "update" || newest["replicas"] != 4.0 {
			t.Fatalf("newest record %v", newest)
		}
		ch := newest["changes"].(map[string]any)
		if r := ch["replicas"].(map[string]any); r["old"] != 3.0 || r["new"] != 4.0 || ch["updated_at"] == nil || len(ch) != 2 {
			t.Fatalf("changes %v", ch)
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d/history?offset=3", a), nil), 200, "").json(&page)
		if len(page.Items) != 1 || page.Items[0]["operation_type"] != "create" || page.Off != 3 {
			t.Fatalf("oldest record %+v", page)
		}
		// The deleted instance's history still answers; the delete record has null changes.
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d/history?operation_type=delete", b), nil), 200, "").json(&page)
		if page.Total != 1 || page.Items[0]["changes"] != nil || page.Items[0]["name"] != "beta" {
			t.Fatalf("delete record %+v", page)
		}
		s.expect(s.do("GET", "/api/instances/9999/history", nil), 404, "NotFound")

		// Fleet feed: filters by instance, free text and dates, newest first.
		s.expect(s.do("GET", "/api/history?q=CLUSTER-X&operation_type=update", nil), 200, "").json(&page)
		if page.Total != 3 {
			t.Fatalf("fleet q+op total %d", page.Total)
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/history?instance_id=%d", b), nil), 200, "").json(&page)
		if page.Total != 2 || page.Items[0]["operation_type"] != "delete" {
			t.Fatalf("fleet by instance %+v", page)
		}
		future := url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		s.expect(s.do("GET", "/api/history?start_date="+future, nil), 200, "").json(&page)
		if page.Total != 0 || len(page.Items) != 0 {
			t.Fatalf("future window %+v", page)
		}
		past := url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339)) // a non-UTC offset is fine
		s.expect(s.do("GET", "/api/history?start_date="+past+"&limit=1000", nil), 200, "").json(&page)
		if page.Total != 6 || page.Limit != 1000 {
			t.Fatalf("past window %+v", page)
		}
		s.expect(s.do("GET", "/api/history?limit=1001", nil), 422, "ValidationError")
		s.expect(s.do("GET", "/api/history?operation_type=rename", nil), 422, "ValidationError")

		// One record by id, and compare.
		rec := s.expect(s.do("GET", fmt.Sprintf("/api/history/%d", hid), nil), 200, "").obj()
		if rec["original_id"] != float64(a) || rec["version"] != 4.0 {
			t.Fatalf("history record %v", rec)
		}
		s.expect(s.do("GET", "/api/history/424242", nil), 404, "NotFound")
		s.expect(s.do("GET", fmt.Sprintf("/api/instances/%d/history?offset=3", a), nil), 200, "").json(&page)
		first := int64(page.Items[0]["history_id"].(float64))
		var cmp struct {
			InstanceID int64                     `json:"instance_id"`
			Changes    map[string]map[string]any `json:"changes"`
			Unchanged  []string                  `json:"unchanged_fields"`
			From, To   map[string]any
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/history/compare?from=%d&to=%d", first, hid), nil), 200, "").json(&cmp)
		if cmp.InstanceID != a || len(cmp.Changes) != 1 || cmp.Changes["replicas"]["old"] != 1.0 || cmp.Changes["replicas"]["new"] != 4.0 ||
			len(cmp.Unchanged) != 11 || cmp.From["history_id"] != float64(first) {
			raw, _ := json.Marshal(cmp)
			t.Fatalf("compare %s", raw)
		}
		var bHist historyPage
		s.do("GET", fmt.Sprintf("/api/instances/%d/history", b), nil).json(&bHist)
		other := int64(bHist.Items[0]["history_id"].(float64))
		r := s.expect(s.do("GET", fmt.Sprintf("/api/history/compare?from=%d&to=%d", first, other), nil), 422, "ValidationError")
		if fe := r.fieldErrors(); len(fe) != 1 || fe[0] != "query:to" {
			t.Fatalf("cross-instance compare %s", r.body)
		}
		s.expect(s.do("GET", fmt.Sprintf("/api/history/compare?from=%d&to=424242", first), nil), 404, "NotFound")
	})
}
