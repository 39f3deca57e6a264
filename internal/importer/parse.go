// Package importer reads instances from files — CSV, JSON, NDJSON or YAML, as `iims export`
// writes them — and from a database of the previous Python version, and turns each record into
// an import row, naming the line of every problem.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iims/iims/internal/instances"
)

// Format is an import file format.
type Format string

const (
	CSV    Format = "csv"
	JSON   Format = "json"
	NDJSON Format = "ndjson"
	YAML   Format = "yaml"
)

// DetectFormat picks the format from the file name, else from the first non-blank byte.
func DetectFormat(name string, head []byte) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	case ".ndjson", ".jsonl":
		return NDJSON, nil
	case ".yaml", ".yml":
		return YAML, nil
	}
	trimmed := bytes.TrimSpace(head)
	switch {
	case len(trimmed) == 0:
		return "", errors.New("the file is empty")
	case trimmed[0] == '[':
		return JSON, nil
	case trimmed[0] == '{':
		return NDJSON, nil
	case trimmed[0] == '-':
		return YAML, nil
	}
	return CSV, nil
}

// FileError is a file that cannot be read as its format: Line is where (0 when the parser does
// not say) and Message what is wrong there; Error says both.
type FileError struct {
	Line    int
	Message string
}

func (e *FileError) Error() string {
	if e.Line == 0 {
		return e.Message
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Message)
}

func fileError(line int, format string, args ...any) *FileError {
	return &FileError{Line: line, Message: fmt.Sprintf(format, args...)}
}

// yamlLine is the line yaml.v3 puts at the front of its errors ("yaml: line 3: …").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// record is one parsed record: its fields and the line it starts on.
type record struct {
	line   int
	fields map[string]any
}

// Parse reads every record of r and converts it into an import row. A malformed file is an
// error; fields of the wrong type are returned as row errors (those fields are left out of their
// rows, so that the caller can check the rest and report every problem at once).
func Parse(r io.Reader, format Format) ([]instances.ImportRow, []instances.RowError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	var recs []record
	switch format {
	case CSV:
		recs, err = parseCSV(data)
	case JSON:
		recs, err = parseJSON(data)
	case NDJSON:
		recs, err = parseNDJSON(data)
	case YAML:
		recs, err = parseYAML(data)
	default:
		err = fmt.Errorf("unknown format %q: use csv, json, ndjson or yaml", format)
	}
	if err != nil {
		return nil, nil, err
	}
	rows := make([]instances.ImportRow, 0, len(recs))
	var bad []instances.RowError
	for _, rec := range recs {
		row, errs := toRow(rec, format == CSV)
		bad = append(bad, errs...)
		rows = append(rows, row)
	}
	return rows, bad, nil
}

func parseCSV(data []byte) ([]record, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))) // tolerate a BOM
	header, err := cr.Read()
	if err != nil {
		return nil, fileError(1, "read the CSV header: %v", err)
	}
	var recs []record
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fileError(pe.Line, "malformed CSV (column %d): %v", pe.Column, pe.Err)
			}
			return nil, fileError(0, "malformed CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		fields := map[string]any{}
		for i, h := range header {
			if i < len(cells) {
				fields[strings.TrimSpace(h)] = cells[i]
			}
		}
		recs = append(recs, record{line: line, fields: fields})
	}
}

func parseJSON(data []byte) ([]record, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fileError(lineAt(data, dec.InputOffset()), "a JSON import is an array of objects")
	}
	var recs []record
	for dec.More() {
		start := lineAt(data, skipSpace(data, dec.InputOffset()))
		var fields map[string]any
		if err := dec.Decode(&fields); err != nil {
			return nil, fileError(lineAt(data, dec.InputOffset()), "malformed JSON: %v", err)
		}
		recs = append(recs, record{line: start, fields: fields})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fileError(lineAt(data, dec.InputOffset()), "malformed JSON: %v", err)
	}
	return recs, nil
}

func parseNDJSON(data []byte) ([]record, error) {
	var recs []record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var fields map[string]any
		if err := dec.Decode(&fields); err != nil || dec.More() {
			if err == nil {
				err = errors.New("more than one value on the line")
			}
			return nil, fileError(line, "malformed JSON: %v", err)
		}
		recs = append(recs, record{line: line, fields: fields})
	}
	return recs, sc.Err()
}

func parseYAML(data []byte) ([]record, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, message := 0, err.Error()
		if m := yamlLine.FindStringSubmatch(message); m != nil {
			line, _ = strconv.Atoi(m[1])
			message = message[len(m[0]):]
		}
		return nil, fileError(line, "malformed YAML: %s", message)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
		return nil, fileError(1, "a YAML import is a list of mappings")
	}
	var recs []record
	for _, item := range doc.Content[0].Content {
		var fields map[string]any
		if err := item.Decode(&fields); err != nil {
			return nil, fileError(item.Line, "%v", err)
		}
		recs = append(recs, record{line: item.Line, fields: fields})
	}
	return recs, nil
}

func lineAt(data []byte, offset int64) int {
	return bytes.Count(data[:min(int(offset), len(data))], []byte("\n")) + 1
}

func skipSpace(data []byte, offset int64) int64 {
	for offset < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[offset])) {
		offset++
	}
	return offset
}
