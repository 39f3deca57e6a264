package logging

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// bufferedWriter batches log lines into fewer writes: one write call per request line was a
// measurable share of a request's cost. Lines reach the output at most flushEvery later, at once
// when the buffer fills, and before the process exits (Close). A line at warning level or above
// is flushed at once (flushNow), so that what explains a failure is never held back.
type bufferedWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

const flushEvery = 200 * time.Millisecond

func newBufferedWriter(out io.Writer) *bufferedWriter {
	w := &bufferedWriter{buf: bufio.NewWriterSize(out, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *bufferedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *bufferedWriter) flushNow() {
	w.mu.Lock()
	defer w.mu.Unlock()
	_ = w.buf.Flush()
}

func (w *bufferedWriter) run() {
	defer close(w.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.flushNow()
		}
	}
}

// Close stops the timer and writes out what is buffered.
func (w *bufferedWriter) Close() error {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Flush()
}
