package importer

import (
	"fmt"
	"io"
	"os"
)

// mediaTypes are the Content-Types of each format: the first is the one to send; all are read.
var mediaTypes = map[Format][]string{
	CSV:    {"text/csv"},
	JSON:   {"application/json"},
	NDJSON: {"application/x-ndjson", "application/ndjson"},
	YAML:   {"application/yaml", "application/x-yaml", "text/yaml"},
}

// ContentType is the Content-Type to send a file of format f with.
func ContentType(f Format) string { return mediaTypes[f][0] }

// FormatOfMediaType is the format a Content-Type's media type names, if any.
func FormatOfMediaType(mediaType string) (Format, bool) {
	for f, types := range mediaTypes {
		for _, t := range types {
			if t == mediaType {
				return f, true
			}
		}
	}
	return "", false
}

// ReadFile reads a file to import (name "-" is standard input) and decides its format: format
// when it names one, else ("" or "auto") from the file name, else from the first bytes.
func ReadFile(name, format string) ([]byte, Format, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, "", err
		}
		defer f.Close() //nolint:errcheck // read only: closing it cannot lose data
		r = f
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, "", err
	}
	if format != "" && format != "auto" {
		if _, ok := mediaTypes[Format(format)]; !ok {
			return nil, "", fmt.Errorf("unknown format %q: use auto, csv, json, ndjson or yaml", format)
		}
		return data, Format(format), nil
	}
	detected, err := DetectFormat(name, data[:min(len(data), 512)])
	return data, detected, err
}
