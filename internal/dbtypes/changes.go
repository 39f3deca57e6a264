// Package dbtypes holds the Go types that sqlc maps database columns to, shared by both engines
// so that gen/pgdb and gen/sqlitedb generate identical structs.
package dbtypes

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// FieldChange is the value of one field before and after a change.
type FieldChange struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// Changes maps a field name to its change. It is stored as JSON (jsonb on PostgreSQL, TEXT on
// SQLite); a nil Changes is stored as NULL (the delete records).
type Changes map[string]FieldChange

// Value implements driver.Valuer.
func (c Changes) Value() (driver.Value, error) {
	if c == nil {
		return nil, nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("encode changes: %w", err)
	}
	return string(b), nil
}

// Scan implements sql.Scanner for both engines: pgx hands over jsonb as []byte or string, SQLite
// hands over TEXT as string.
func (c *Changes) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = nil
		return nil
	case []byte:
		return c.decode(v)
	case string:
		return c.decode([]byte(v))
	}
	return fmt.Errorf("scan changes: unsupported type %T", src)
}

// ScanBytes implements pgx's BytesScanner: pgx then hands over the jsonb's bytes as they came,
// instead of converting them for Scan (a copy and an allocation per record). nil is NULL.
func (c *Changes) ScanBytes(raw []byte) error {
	if raw == nil {
		*c = nil
		return nil
	}
	return c.decode(raw)
}

func (c *Changes) decode(raw []byte) error {
	if fast, ok := decodeChangesFast(raw); ok {
		*c = fast
		return nil
	}
	var out Changes
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep integers integers: 4 stays 4, not 4.0
	if err := dec.Decode(&out); err != nil {
		return fmt.Errorf("scan changes: %w", err)
	}
	*c = out
	return nil
}
