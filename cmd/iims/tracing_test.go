package main_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// TestTracesReachAnOTLPCollector runs the server with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a
// fake collector and checks that a request's server span and its database spans arrive.
func TestTracesReachAnOTLPCollector(t *testing.T) {
	var mu sync.Mutex
	var spans []string
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			body = zr
		}
		raw, _ := io.ReadAll(body)
		var req coltrace.ExportTraceServiceRequest
		if err := proto.Unmarshal(raw, &req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					spans = append(spans, s.Name)
				}
			}
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
		raw, _ = proto.Marshal(&coltrace.ExportTraceServiceResponse{})
		_, _ = w.Write(raw)
	}))
	defer collector.Close()

	dir := t.TempDir()
	port := freePort(t)
	s := startServe(t, dir, []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + collector.URL, "OTEL_SERVICE_NAME=iims-test",
		"DATABASE_URL=sqlite:///./traced.db", fmt.Sprintf("PORT=%d", port)})
	s.waitHealthy(t, port)
	res, err := http.Post(s.base+"/api/instances", "application/json", bytes.NewReader([]byte(`{"name":"t","model_name":"m","cluster_name":"c","image_tag":"i"}`)))
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("create: %v %v", err, res)
	}
	s.stop(t) // flushes the batch
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		got := strings.Join(spans, "\n")
		mu.Unlock()
		if strings.Contains(got, "POST /api/instances") && strings.Contains(got, "db InstanceInsert") && strings.Contains(got, "db HistoryInsert") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("spans received:\n%s\nlog:\n%s", got, s.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
