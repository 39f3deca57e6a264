package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iims/iims/internal/store"
)

// BenchmarkHistoryExport streams 1M history records as CSV and as NDJSON over HTTP and reports
// throughput and the server process's peak heap growth, against an export of 10k records in the
// same run: memory that does not grow with the export's size shows the stream is constant-space.
//
//	go test -run '^$' -bench HistoryExport -benchtime 1x -timeout 30m ./bench/
func BenchmarkHistoryExport(b *testing.B) {
	for _, e := range []store.Engine{store.EngineSQLite, store.EnginePostgres} {
		b.Run(string(e), func(b *testing.B) {
			small := exportRun(b, e, 1_000)
			large := exportRun(b, e, 100_000)
			floor := driverFloor(b, e, large["csv"].url)
			fmt.Printf("%-10s driver alone: %d rows of every history column read in %.2f s (%.0f rows/s): the ceiling\n",
				e, floor.records, floor.elapsed.Seconds(), float64(floor.records)/floor.elapsed.Seconds())
			for _, f := range []string{"csv", "ndjson"} {
				s, l := small[f], large[f]
				fmt.Printf("%-10s %-6s %8d records in %6.2f s (%7.0f records/s), peak heap +%5.1f MiB; %d records: +%5.1f MiB (×%.2f)\n",
					e, f, l.records, l.elapsed.Seconds(), float64(l.records)/l.elapsed.Seconds(), mib(l.peak), s.records, mib(s.peak),
					float64(l.peak)/float64(max(s.peak, 1)))
				b.ReportMetric(float64(l.records)/l.elapsed.Seconds(), f+"-records/s")
				b.ReportMetric(mib(l.peak), f+"-peak-heap-MiB")
			}
		})
	}
}

type exportFigures struct {
	records int
	elapsed time.Duration
	peak    uint64
	url     string // the database's
}

// driverFloor times the export's query alone: every row and column through database/sql into
// raw bytes, with nothing decoded or written — what no export over this driver can beat.
func driverFloor(b *testing.B, e store.Engine, url string) exportFigures {
	target, _ := store.ParseURL(url)
	driver, dsn := "pgx", target.DSN
	if e == store.EngineSQLite {
		driver, dsn = "sqlite", "file:"+target.Path+"?_pragma=journal_mode(WAL)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	rows, err := db.QueryContext(context.Background(), "SELECT * FROM instance_history ORDER BY operation_timestamp DESC, history_id DESC")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	raw := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = &raw[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return exportFigures{records: n, elapsed: time.Since(start)}
}

// exportRun seeds instances×10 history records and exports them in each format.
func exportRun(b *testing.B, e store.Engine, instances int) map[string]exportFigures {
	_, st, base := server(b, e)
	_ = st
	url := dbURLOf(b, st)
	seed(b, e, url, instances, 10)
	out := map[string]exportFigures{}
	for _, f := range []string{"csv", "ndjson"} {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // sample the heap while the export runs
			defer wg.Done()
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
					runtime.ReadMemStats(&m)
					if m.HeapInuse > before.HeapInuse && m.HeapInuse-before.HeapInuse > peak.Load() {
						peak.Store(m.HeapInuse - before.HeapInuse)
					}
				}
			}
		}()
		start := time.Now()
		res, err := http.Get(base + "/api/history/export?format=" + f)
		if err != nil {
			b.Fatal(err)
		}
		lines := &lineCounter{}
		if _, err := io.Copy(lines, res.Body); err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		elapsed := time.Since(start)
		close(stop)
		wg.Wait()
		n := lines.n
		if f == "csv" {
			n-- // the header
		}
		if n != instances*10 {
			b.Fatalf("%s export has %d records, want %d", f, n, instances*10)
		}
		out[f] = exportFigures{records: n, elapsed: elapsed, peak: peak.Load(), url: url}
	}
	return out
}

// lineCounter counts newlines without keeping the data (CSV cells here hold no newlines).
type lineCounter struct{ n int }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += bytes.Count(p, []byte("\n"))
	return len(p), nil
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
