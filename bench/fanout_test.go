package bench

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// BenchmarkFanout measures delivery latency from commit (the change's timestamp, taken in the
// writing transaction) to receipt by every WebSocket subscriber, with 1,000 subscribers, and the
// same with 1 subscriber as the in-run baseline.
//
//	go test -run '^$' -bench Fanout -benchtime 1x ./bench/
func BenchmarkFanout(b *testing.B) {
	for _, e := range []store.Engine{store.EngineSQLite, store.EnginePostgres} {
		b.Run(string(e), func(b *testing.B) {
			base := fanout(b, e, 1, 50)
			full := fanout(b, e, 1000, 50)
			b.ReportMetric(ms(full.p50), "p50-ms")
			b.ReportMetric(ms(full.p99), "p99-ms")
			b.ReportMetric(ms(base.p50), "baseline-p50-ms")
			b.ReportMetric(float64(full.p99)/float64(max(base.p99, time.Microsecond)), "p99-vs-1-subscriber")
			fmt.Printf("%s: 1000 subscribers p50 %.2f ms p99 %.2f ms (%d deliveries); 1 subscriber p50 %.2f ms p99 %.2f ms\n",
				e, ms(full.p50), ms(full.p99), full.n, ms(base.p50), ms(base.p99))
		})
	}
}

type latencies struct {
	p50, p99 time.Duration
	n        int
}

func fanout(b *testing.B, e store.Engine, subscribers, changes int) latencies {
	a, _, url := server(b, e)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	inst, err := a.Service.Create(ctx, instances.CreateInput{Name: "hot", ModelName: "m", ClusterName: "c", ImageTag: "i"})
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var all []time.Duration
	var ready, done sync.WaitGroup
	for i := 0; i < subscribers; i++ {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			conn, _, err := websocket.Dial(ctx, strings.Replace(url, "http", "ws", 1)+"/api/events", nil)
			if err != nil {
				b.Error(err)
				ready.Done()
				return
			}
			defer conn.CloseNow()
			conn.SetReadLimit(1 << 20)
			local := make([]time.Duration, 0, changes)
			for len(local) < changes {
				_, data, err := conn.Read(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				recv := time.Now()
				typ, at, err := eventTypeAndTime(data)
				if err != nil {
					b.Error(err)
					return
				}
				if typ == "ready" {
					ready.Done()
					continue
				}
				if strings.HasPrefix(typ, "instance.") {
					local = append(local, recv.Sub(at))
				}
			}
			mu.Lock()
			all = append(all, local...)
			mu.Unlock()
		}()
	}
	ready.Wait()
	for i := 0; i < changes; i++ {
		r := int64(i%100 + 1)
		if _, _, err := a.Service.Update(ctx, inst.ID, instances.Patch{Replicas: &r, Description: ptr(fmt.Sprint(i)), SetDescription: true}, nil); err != nil {
			b.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond) // a steady stream, not one burst
	}
	done.Wait()
	return latencies{p50: percentile(all, 0.50), p99: percentile(all, 0.99), n: len(all)}
}

func ptr[T any](v T) *T { return &v }

// eventTypeAndTime reads a stream message's type and "at" without decoding the rest of it. The
// 1,000 subscribers run on the server's own cores: decoding each whole event (its record, its
// changes) cost them 18 µs of CPU per message, more than the server spends sending one, and the
// benchmark then measured its own clients' backlog. Events carry "at"; control messages do too.
func eventTypeAndTime(msg []byte) (string, time.Time, error) {
	typ, ok := topLevelString(msg, `"type":"`)
	if !ok {
		return "", time.Time{}, fmt.Errorf("no type in %.80s", msg)
	}
	raw, ok := topLevelString(msg, `"at":"`)
	if !ok {
		if typ == "ready" {
			return typ, time.Time{}, nil
		}
		return "", time.Time{}, fmt.Errorf("no at in %.80s", msg)
	}
	at, err := time.Parse(time.RFC3339Nano, raw)
	return typ, at, err
}

// topLevelString finds key's string value in msg: the first occurrence, which in the stream's
// messages is the top-level one (the record nested in an event comes after "at" and "type" has
// no nested namesake; neither value holds an escaped quote).
func topLevelString(msg []byte, key string) (string, bool) {
	i := bytes.Index(msg, []byte(key))
	if i < 0 {
		return "", false
	}
	rest := msg[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}
