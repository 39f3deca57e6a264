// Package metrics exposes IIMS's Prometheus metrics at /metrics: HTTP requests by route
// template, method and status; connection pools; instances by status and priority; history
// records written; WebSocket clients and events; build info; and the Go runtime.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// Metrics is the registry and the instruments the server updates.
type Metrics struct {
	registry        *prometheus.Registry
	instances       *instancesCollector
	requestDuration *prometheus.HistogramVec
	inFlight        prometheus.Gauge
	historyRecords  *prometheus.CounterVec
	EventsPublished prometheus.Counter
	ClientsDropped  prometheus.Counter
}

// New registers every metric. clients reports the current WebSocket clients.
func New(version string, st *store.Store, clients func() int) *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		registry: r,
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "iims_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "iims_http_requests_in_flight", Help: "HTTP requests being answered now."}),
		historyRecords: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iims_history_records_total", Help: "History records written by this process, by operation."},
			[]string{"operation"}),
		EventsPublished: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iims_events_published_total", Help: "Change events published to this process's WebSocket clients."}),
		ClientsDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iims_websocket_dropped_total", Help: "WebSocket clients dropped for not keeping up."}),
	}
	m.instances = newInstancesCollector(st)
	for _, op := range []string{instances.OpCreate, instances.OpUpdate, instances.OpDelete} {
		m.historyRecords.WithLabelValues(op) // export zeros: rate() works from the first scrape
	}
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "iims_build_info", Help: "Always 1; the labels say which build runs on which engine."}, []string{"version", "engine"})
	buildInfo.WithLabelValues(version, string(st.Engine())).Set(1)
	r.MustRegister(m.requestDuration, m.inFlight, m.historyRecords, m.EventsPublished, m.ClientsDropped, buildInfo,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "iims_websocket_clients", Help: "Connected WebSocket clients."},
			func() float64 { return float64(clients()) }),
		newPoolCollector(st), m.instances,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Middleware times every request. It renders errors itself (c.Error) so that the status it
// records is the one the client received.
func (m *Metrics) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		m.requestDuration.WithLabelValues(c.Request().Method, route(c), strconv.Itoa(c.Response().Status)).
			Observe(time.Since(start).Seconds())
		return nil
	}
}

// route is the matched route template; unmatched paths share one label so that scanners cannot
// create unbounded series.
func route(c echo.Context) string {
	switch p := c.Path(); p {
	case "", "/*":
		return "other"
	case "/api/*", "/api":
		return "/api/unmatched"
	default:
		return p
	}
}

// RecordHistory counts the history records this process committed, by operation (a Service
// commit hook), and makes the next scrape recount the instances.
func (m *Metrics) RecordHistory(ops []string) {
	for _, op := range ops {
		m.historyRecords.WithLabelValues(op).Inc()
	}
	m.instances.invalidate()
}

// poolCollector reads the connection pools at scrape time.
type poolCollector struct {
	st                        *store.Store
	conns, max, waits, waited *prometheus.Desc
}

func newPoolCollector(st *store.Store) *poolCollector {
	return &poolCollector{st: st,
		conns:  prometheus.NewDesc("iims_db_connections", "Database connections by state.", []string{"state"}, nil),
		max:    prometheus.NewDesc("iims_db_connections_max", "Most database connections the pools may open.", nil, nil),
		waits:  prometheus.NewDesc("iims_db_wait_total", "Times a request waited for a free database connection.", nil, nil),
		waited: prometheus.NewDesc("iims_db_wait_seconds_total", "Time spent waiting for a free database connection.", nil, nil),
	}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.conns
	ch <- c.max
	ch <- c.waits
	ch <- c.waited
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	p := c.st.PoolStats()
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(p.Open), "open")
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(p.InUse), "in_use")
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(p.Idle), "idle")
	ch <- prometheus.MustNewConstMetric(c.max, prometheus.GaugeValue, float64(p.Max))
	ch <- prometheus.MustNewConstMetric(c.waits, prometheus.CounterValue, float64(p.Waits))
	ch <- prometheus.MustNewConstMetric(c.waited, prometheus.CounterValue, p.WaitTime.Seconds())
}

// instancesCollector counts instances by status and priority, at most once per cacheFor: a
// scrape must stay cheap with a million instances.
type instancesCollector struct {
	st   *store.Store
	desc *prometheus.Desc

	mu     sync.Mutex
	at     time.Time
	counts []store.StatusPriorityCount
}

// cacheFor bounds how stale the counts may be when other replicas write (this process's own
// writes invalidate them at once).
const cacheFor = 10 * time.Second

func (c *instancesCollector) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}

func newInstancesCollector(st *store.Store) *instancesCollector {
	return &instancesCollector{st: st,
		desc: prometheus.NewDesc("iims_instances", "Instances by status and priority.", []string{"status", "priority"}, nil)}
}

func (c *instancesCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *instancesCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) > cacheFor {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		counts, err := c.st.CountByStatusAndPriority(ctx)
		cancel()
		if err != nil {
			ch <- prometheus.NewInvalidMetric(c.desc, err)
			return
		}
		c.counts, c.at = counts, time.Now()
	}
	seen := map[[2]string]int64{}
	for _, n := range c.counts {
		seen[[2]string{n.Status, n.Priority}] = n.Count
	}
	for _, s := range instances.Statuses { // every pair, zeros included: alerts need the series
		for _, p := range instances.Priorities {
			ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(seen[[2]string{s, p}]), s, p)
		}
	}
}
