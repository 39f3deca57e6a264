//go:build !windows

package httpapi_test

import (
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iims/iims/internal/httpapi"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// TestStalledExportsDoNotStarveTheAPI opens more export downloads than there are export slots
// and never reads them. The API must keep answering meanwhile, and each stalled download must be
// cut after the write timeout, giving its database connection back.
func TestStalledExportsDoNotStarveTheAPI(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			s := newServer(t, e, func(o *httpapi.Options) { o.ExportWriteTimeout = 300 * time.Millisecond })
			// About 10 MB of history: more than the kernel buffers a stalled socket absorbs.
			ids := make([]int64, 400)
			for i := range ids {
				ids[i] = s.create(fmt.Sprintf("big-%03d", i), map[string]any{"description": strings.Repeat("a", 2000)})
			}
			for _, fill := range []string{"b", "c", "d"} {
				s.expect(s.do("POST", "/api/instances/bulk", map[string]any{"action": "update", "ids": ids,
					"patch": map[string]any{"description": strings.Repeat(fill, 2000)}}), 200, "")
			}

			slots := max(1, (s.st.PoolStats().Max-1)/2)
			host := strings.TrimPrefix(s.url, "http://")
			for range slots + 2 {
				conn := stalledDownload(t, host, "/api/history/export?format=json")
				t.Cleanup(func() { conn.Close() })
			}
			time.Sleep(100 * time.Millisecond) // let the downloads start and fill the buffers
			done := make(chan response, 1)
			go func() { done <- s.do("GET", "/api/instances?limit=1", nil) }()
			select {
			case r := <-done:
				if r.status != 200 {
					t.Fatalf("list during stalled exports: %d %s", r.status, r.body)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the API does not answer while exports are stalled")
			}
			// Each stalled export first writes what the kernel buffers absorb (megabytes) before it
			// blocks and its write timeout can cut it: under the race detector, with every engine's
			// exports running at once on a loaded two-core machine, that alone took over 15 s.
			deadline := time.Now().Add(60 * time.Second)
			for s.st.PoolStats().InUse > 0 {
				if time.Now().After(deadline) {
					t.Fatalf("stalled exports still hold %d connections", s.st.PoolStats().InUse)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// stalledDownload sends a GET on a connection with a tiny receive buffer and never reads.
func stalledDownload(t *testing.T, host, path string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		_ = c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return err
	}}
	conn, err := d.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, host); err != nil {
		t.Fatal(err)
	}
	return conn
}
