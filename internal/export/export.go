// Package export streams instances and history records as CSV, JSON or NDJSON. It never holds
// more than one record in memory: rows go from the database cursor to the writer one at a time.
// The HTTP exports and `iims export` share it, and `iims import` reads what it writes.
package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Format is an export file format.
type Format string

const (
	CSV    Format = "csv"
	JSON   Format = "json"
	NDJSON Format = "ndjson"
)

// ParseFormat accepts csv, json, ndjson and yaml.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case CSV, JSON, NDJSON, YAML:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use csv, json, ndjson or yaml", s)
}

// ContentType is the media type of the format (UTF-8).
func (f Format) ContentType() string {
	switch f {
	case JSON:
		return "application/json; charset=utf-8"
	case NDJSON:
		return "application/x-ndjson; charset=utf-8"
	case YAML:
		return "application/yaml; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

// Filename names an export of kind ("instances", "history") made at t.
func (f Format) Filename(kind string, t time.Time) string {
	return fmt.Sprintf("iims-%s-%s.%s", kind, t.UTC().Format("20060102T150405Z"), f)
}

// Table describes how one kind of record is written: CSV columns and cells, and the JSON value.
type Table[T any] struct {
	Columns []string
	Row     func(*CSVRow, T) // appends the record's cells, in Columns' order
	Value   func(T) any
	// AppendJSON (optional) appends Value's JSON encoding without reflection; JSON and NDJSON
	// use it when set, YAML always goes through Value.
	AppendJSON func([]byte, T) []byte
}

// flushEvery bounds how many records are buffered before they are written out; the flush
// callback (over HTTP: push what is written to the client, through the compressor) runs at most
// every pushEvery. Data keeps flowing between pushes, as the buffers fill; a push on every batch
// cost a tenth of a compressed export (each one ends a deflate block) for no visible gain.
const (
	flushEvery = 256
	pushEvery  = 250 * time.Millisecond
)

// Writer writes records of one table in one format.
type Writer[T any] struct {
	format   Format
	table    Table[T]
	buf      *bufio.Writer
	row      CSVRow
	flush    func()
	pushedAt time.Time
	n        int
	scratch  []byte
}

// NewWriter starts an export to w; flush (optional) is called after the first batch, then at most
// every pushEvery and at the end, e.g. to push a chunk of an HTTP response to the client.
func NewWriter[T any](w io.Writer, format Format, table Table[T], flush func()) (*Writer[T], error) {
	ew := &Writer[T]{format: format, table: table, buf: bufio.NewWriterSize(w, 64<<10), flush: flush}
	switch format {
	case CSV:
		for _, c := range table.Columns {
			ew.row.Text(c)
		}
		if err := ew.endRow(); err != nil {
			return nil, err
		}
	case JSON:
		if _, err := ew.buf.WriteString("["); err != nil {
			return nil, err
		}
	}
	return ew, nil
}

// Write adds one record.
func (w *Writer[T]) Write(v T) error {
	switch w.format {
	case CSV:
		w.table.Row(&w.row, v)
		if err := w.endRow(); err != nil {
			return err
		}
	case YAML:
		b, err := yamlItem(w.table.Value(v))
		if err != nil {
			return err
		}
		if _, err := w.buf.Write(b); err != nil {
			return err
		}
	default:
		b := w.scratch[:0]
		if w.format == JSON {
			sep := ",\n"
			if w.n == 0 {
				sep = "\n"
			}
			b = append(b, sep...)
		}
		if w.table.AppendJSON != nil {
			b = w.table.AppendJSON(b, v)
		} else {
			enc, err := json.Marshal(w.table.Value(v))
			if err != nil {
				return err
			}
			b = append(b, enc...)
		}
		if w.format == NDJSON {
			b = append(b, '\n')
		}
		w.scratch = b // reused: one record's bytes are copied into buf before the next
		if _, err := w.buf.Write(b); err != nil {
			return err
		}
	}
	w.n++
	if w.n%flushEvery == 0 {
		return w.push(false)
	}
	return nil
}

// endRow ends the CSV record being built and writes it to the buffer.
func (w *Writer[T]) endRow() error {
	w.row.b = append(w.row.b, '\n')
	_, err := w.buf.Write(w.row.b)
	w.row.b, w.row.cells = w.row.b[:0], 0
	return err
}

// Close finishes the file and returns how many records it holds.
func (w *Writer[T]) Close() (int, error) {
	if w.format == YAML && w.n == 0 {
		if _, err := w.buf.WriteString("[]\n"); err != nil {
			return w.n, err
		}
	}
	if w.format == JSON {
		end := "]\n"
		if w.n > 0 {
			end = "\n]\n"
		}
		if _, err := w.buf.WriteString(end); err != nil {
			return w.n, err
		}
	}
	return w.n, w.push(true)
}

// push writes the buffered records out, and calls flush at the end or once pushEvery passed.
func (w *Writer[T]) push(last bool) error {
	if err := w.buf.Flush(); err != nil {
		return err
	}
	if w.flush != nil && (last || time.Since(w.pushedAt) >= pushEvery) {
		w.flush()
		w.pushedAt = time.Now()
	}
	return nil
}
