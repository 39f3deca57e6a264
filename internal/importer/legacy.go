package importer

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" database/sql driver for a PostgreSQL source
	_ "modernc.org/sqlite"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// legacyTables are the names the previous Python version used for its instances table.
var legacyTables = []string{"inference_instances", "instances"}

// legacyColumns are the columns the product description's Migration Guide maps; any other column
// of the old table (owners, ephemeral flags, field configuration…) is left behind.
var legacyColumns = []string{"id", "name", "model_name", "model_version", "cluster_name", "image_tag",
	"replicas", "pp", "cp", "tp", "status", "priority", "description", "created_at", "updated_at"}

// LegacyResult is what a legacy database yields: the rows to import and what was changed on the
// way (status/priority mapped, descriptions truncated).
type LegacyResult struct {
	Table    string
	Rows     []instances.ImportRow
	Warnings []string
}

// ReadLegacy reads every instance of a database of the previous Python version (a DATABASE_URL:
// sqlite:///old.db, postgresql://… or mysql://…), mapping it as the Migration Guide says. Each row's Line is
// the old row's id.
func ReadLegacy(ctx context.Context, databaseURL string) (LegacyResult, error) {
	db, err := openLegacy(databaseURL)
	if err != nil {
		return LegacyResult{}, err
	}
	defer db.Close()
	res := LegacyResult{}
	var cols []string
	for _, t := range legacyTables {
		if cols, err = columnsOf(ctx, db, t); err == nil {
			res.Table = t
			break
		}
	}
	if res.Table == "" {
		return res, fmt.Errorf("no table %s in %s: is this a database of the previous version?", strings.Join(legacyTables, " or "), store.Redacted(databaseURL))
	}
	var selected []string
	for _, c := range legacyColumns {
		if slices.Contains(cols, c) {
			selected = append(selected, c)
		}
	}
	if !slices.Contains(selected, "name") {
		return res, fmt.Errorf("table %s has no name column", res.Table)
	}
	rows, err := db.QueryContext(ctx, "SELECT "+strings.Join(selected, ", ")+" FROM "+res.Table+" ORDER BY 1")
	if err != nil {
		return res, fmt.Errorf("read %s: %w", res.Table, err)
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		vals := make([]any, len(selected))
		ptrs := make([]any, len(selected))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return res, err
		}
		rec := map[string]any{}
		for i, c := range selected {
			rec[c] = vals[i]
		}
		row, warnings := mapLegacy(rec, n)
		res.Rows = append(res.Rows, row)
		res.Warnings = append(res.Warnings, warnings...)
	}
	return res, rows.Err()
}

func openLegacy(databaseURL string) (*sql.DB, error) {
	t, err := store.ParseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	switch t.Engine {
	case store.EnginePostgres:
		return sql.Open("pgx", t.DSN)
	case store.EngineMySQL: // the driver is registered by internal/store
		return sql.Open("mysql", t.DSN)
	}
	return sql.Open("sqlite", "file:"+t.Path+"?mode=ro")
}

func columnsOf(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+table+" LIMIT 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// Status and priority values of the previous version, mapped to today's.
var (
	legacyStatus = map[string]string{
		"active": "active", "running": "active", "deployed": "active", "ready": "active", "healthy": "active",
		"inactive": "inactive", "stopped": "inactive", "disabled": "inactive", "paused": "inactive", "suspended": "inactive",
		"pending": "pending", "deploying": "pending", "creating": "pending", "starting": "pending", "provisioning": "pending", "scaling": "pending",
		"error": "error", "failed": "error", "crashed": "error", "unhealthy": "error",
	}
	legacyPriority = map[string]string{
		"critical": "critical", "urgent": "critical", "p0": "critical", "highest": "critical",
		"high": "high", "p1": "high",
		"medium": "medium", "normal": "medium", "p2": "medium", "default": "medium",
		"low": "low", "p3": "low", "lowest": "low",
	}
)

// mapLegacy turns one old row into an import row, noting every value it had to change.
func mapLegacy(rec map[string]any, n int) (instances.ImportRow, []string) {
	line := n
	if id, ok := asInt(rec["id"]); ok {
		line = int(id)
	}
	name := asString(rec["name"])
	row := instances.ImportRow{Line: line}
	var warnings []string
	warn := func(format string, args ...any) {
		warnings = append(warnings, fmt.Sprintf("row %d (%s): ", line, name)+fmt.Sprintf(format, args...))
	}
	p := &row.Fields
	if rec["name"] != nil {
		p.Name = &name
	}
	for _, f := range []string{"model_name", "cluster_name", "image_tag"} {
		if v := rec[f]; v != nil {
			s := asString(v)
			*stringField(p, f) = &s
		}
	}
	version := strings.TrimSpace(asString(rec["model_version"]))
	if version == "" {
		version = instances.DefaultModelVersion
	}
	p.ModelVersion = &version
	for _, f := range []string{"replicas", "pp", "cp", "tp"} {
		if rec[f] == nil {
			continue
		}
		if n, ok := asInt(rec[f]); ok {
			*intField(p, f) = &n
		} else {
			warn("%s %q is not a whole number: left to the default", f, asString(rec[f]))
		}
	}
	p.Status = mapValue(rec["status"], legacyStatus, "pending", "status", warn)
	p.Priority = mapValue(rec["priority"], legacyPriority, "medium", "priority", warn)
	if rec["description"] != nil {
		d := asString(rec["description"])
		if utf8.RuneCountInString(d) > instances.DescriptionMaxLen {
			d = string([]rune(d)[:instances.DescriptionMaxLen])
			warn("description truncated to %d characters", instances.DescriptionMaxLen)
		}
		p.SetDescription, p.Description = true, &d
	}
	row.CreatedAt, row.UpdatedAt = asTime(rec["created_at"]), asTime(rec["updated_at"])
	for f, parsed := range []*time.Time{row.CreatedAt, row.UpdatedAt} {
		field := []string{"created_at", "updated_at"}[f]
		if parsed == nil && rec[field] != nil && asString(rec[field]) != "" {
			warn("%s %q is not a date: the time of the import is used", field, asString(rec[field]))
		}
	}
	return row, warnings
}

func mapValue(v any, table map[string]string, fallback, field string, warn func(string, ...any)) *string {
	if v == nil {
		return &fallback
	}
	raw := asString(v)
	if mapped, ok := table[strings.ToLower(strings.TrimSpace(raw))]; ok {
		if mapped != raw {
			warn("%s %q mapped to %q", field, raw, mapped)
		}
		return &mapped
	}
	warn("%s %q is not known: set to %q", field, raw, fallback)
	return &fallback
}

func asString(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return s
	case []byte:
		return string(s)
	}
	return fmt.Sprint(v)
}

func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case float64:
		return int64(n), n == float64(int64(n))
	case string, []byte:
		i, err := wholeNumber(strings.TrimSpace(asString(n)))
		return i, err == nil
	}
	return 0, false
}

func asTime(v any) *time.Time {
	switch t := v.(type) {
	case time.Time:
		return &t
	case string, []byte:
		if parsed, ok := parseTime(asString(t)); ok {
			return &parsed
		}
	}
	return nil
}
