package importer

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/iims/iims/internal/instances"
)

// readOnly are fields an export carries that an import does not set (the instance keeps its own).
var readOnly = map[string]bool{"id": true, "version": true, "created_at": true, "updated_at": true}

// toRow converts a record's fields into an import row. In CSV every cell is text and an empty
// cell means "not given" (for description: no description).
func toRow(rec record, fromCSV bool) (instances.ImportRow, []instances.RowError) {
	row := instances.ImportRow{Line: rec.line}
	var errs []instances.RowError
	bad := func(field, msg string) {
		errs = append(errs, instances.RowError{Line: rec.line, Field: field, Message: msg})
	}
	p := &row.Fields
	for key, raw := range rec.fields {
		if fromCSV {
			if s, _ := raw.(string); s == "" {
				if key == "description" {
					p.SetDescription, row.BlankDescription = true, true
				}
				continue
			}
		}
		switch key {
		case "name", "model_name", "model_version", "cluster_name", "image_tag", "status", "priority":
			s, ok := raw.(string)
			if !ok {
				bad(key, "must be text")
				continue
			}
			*stringField(p, key) = &s
		case "replicas", "pp", "cp", "tp":
			n, err := integer(raw)
			if err != nil {
				bad(key, err.Error())
				continue
			}
			*intField(p, key) = &n
		case "description":
			p.SetDescription = true
			switch v := raw.(type) {
			case nil:
			case string:
				p.Description = &v
			default:
				bad(key, "must be text or null")
			}
		default:
			if !readOnly[key] {
				bad(key, "is not a field of an instance")
			}
		}
	}
	return row, errs
}

func stringField(p *instances.Patch, key string) **string {
	switch key {
	case "name":
		return &p.Name
	case "model_name":
		return &p.ModelName
	case "model_version":
		return &p.ModelVersion
	case "cluster_name":
		return &p.ClusterName
	case "image_tag":
		return &p.ImageTag
	case "status":
		return &p.Status
	}
	return &p.Priority
}

func intField(p *instances.Patch, key string) **int64 {
	switch key {
	case "replicas":
		return &p.Replicas
	case "pp":
		return &p.PP
	case "cp":
		return &p.CP
	}
	return &p.TP
}

// integer accepts whole numbers as JSON numbers, YAML integers or text.
func integer(v any) (int64, error) {
	switch n := v.(type) {
	case int:
		return int64(n), nil
	case int64:
		return n, nil
	case json.Number:
		return wholeNumber(n.String())
	case float64:
		if n != math.Trunc(n) {
			return 0, fmt.Errorf("must be a whole number, not %v", n)
		}
		return int64(n), nil
	case string:
		return wholeNumber(strings.TrimSpace(n))
	}
	return 0, fmt.Errorf("must be a whole number")
}

func wholeNumber(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	return 0, fmt.Errorf("must be a whole number, not %q", s)
}

// parseTime reads a timestamp of the old system (RFC 3339 or SQLAlchemy's SQLite text form).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999", "2006-01-02 15:04:05", "2006-01-02T15:04:05.999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
