package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"go.yaml.in/yaml/v3"
)

// column is one column of a table: its heading, and its cell for a row (decoded as JSON).
type column struct {
	heading string
	cell    func(row map[string]any) string
	wide    bool // only with -o wide
}

// field is a column showing one JSON field as it is.
func field(heading, key string) column {
	return column{heading: heading, cell: func(row map[string]any) string { return text(row[key]) }}
}

func wideField(heading, key string) column {
	c := field(heading, key)
	c.wide = true
	return c
}

// text prints a JSON value in a cell: numbers without exponent, null as "-".
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case float64:
		return fmt.Sprintf("%.0f", x)
	case string:
		if x == "" {
			return "-"
		}
		return x
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// tabular says whether answers are printed for people (table, wide) rather than programs.
func (rm *remote) tabular() bool { return rm.format == "table" || rm.format == "wide" }

// print writes the server's JSON answer in the chosen format: as it is (indented), as YAML with
// the same keys, or as a table of rows (an array, or the array under itemsKey).
func (rm *remote) print(raw json.RawMessage, itemsKey string, columns []column) error {
	switch rm.format {
	case "json":
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(rm.out, string(b))
		return err
	case "yaml":
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		b, err := yaml.Marshal(v)
		if err != nil {
			return err
		}
		_, err = rm.out.Write(b)
		return err
	}
	rows, err := tableRows(raw, itemsKey)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(rm.out, 0, 4, 2, ' ', 0)
	var headings []string
	for _, c := range columns {
		if !c.wide || rm.format == "wide" {
			headings = append(headings, c.heading)
		}
	}
	fmt.Fprintln(tw, strings.Join(headings, "\t"))
	for _, row := range rows {
		var cells []string
		for _, c := range columns {
			if !c.wide || rm.format == "wide" {
				cells = append(cells, strings.ReplaceAll(c.cell(row), "\n", " "))
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// tableRows are the rows of an answer: its array, the array under itemsKey, or the one object.
func tableRows(raw json.RawMessage, itemsKey string) ([]map[string]any, error) {
	var rows []map[string]any
	if json.Unmarshal(raw, &rows) == nil {
		return rows, nil
	}
	var object map[string]any
	if err := json.Unmarshal(raw, &object); err != nil {
		return nil, fmt.Errorf("unexpected answer: %w", err)
	}
	items, ok := object[itemsKey].([]any)
	if itemsKey == "" || !ok {
		return []map[string]any{object}, nil
	}
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			rows = append(rows, m)
		}
	}
	return rows, nil
}

// changesText is "replicas 1→2, status active→error" for a record's or a plan's changes.
func changesText(v any) string {
	changes, _ := v.(map[string]any)
	var parts []string
	for _, key := range slices.Sorted(maps.Keys(changes)) {
		if key == "updated_at" || key == "version" || key == "created_at" {
			continue
		}
		c, _ := changes[key].(map[string]any)
		parts = append(parts, fmt.Sprintf("%s %s→%s", key, text(c["old"]), text(c["new"])))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

var instanceColumns = []column{
	field("ID", "id"), field("NAME", "name"), field("MODEL", "model_name"), field("CLUSTER", "cluster_name"),
	field("STATUS", "status"), field("PRIORITY", "priority"), field("REPLICAS", "replicas"),
	wideField("VERSION", "model_version"), wideField("IMAGE", "image_tag"),
	{heading: "PP×CP×TP", wide: true, cell: func(r map[string]any) string {
		return fmt.Sprintf("%s×%s×%s", text(r["pp"]), text(r["cp"]), text(r["tp"]))
	}},
	wideField("REV", "version"), field("UPDATED", "updated_at"),
}

var historyColumns = []column{
	field("HISTORY", "history_id"), field("INSTANCE", "original_id"), field("NAME", "name"),
	field("OPERATION", "operation_type"), field("AT", "operation_timestamp"),
	{heading: "CHANGES", cell: func(r map[string]any) string { return changesText(r["changes"]) }},
	field("ACTOR", "actor"), wideField("VIA", "via"), wideField("REASON", "reason"), wideField("REQUEST", "request_id"),
}
