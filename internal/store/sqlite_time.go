package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// The SQLite driver turns the text of a column declared TIMESTAMP into a time.Time inside
// rows.Next, and tries a layout that never matches ours before the one that does: two time.Parse
// calls, one of them building an error, per timestamp — 11% of the CPU of a 20-row list. An
// expression (+created_at) has no declared type, so the driver hands its text over as it is, and
// timeDest parses it with the one layout IIMS writes (_time_format=sqlite, sqliteDSN).

// sqliteTimeLayout is the driver's "sqlite" write format.
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// timestampColumns are the columns of the hand-written select lists that hold a timestamp.
var timestampColumns = map[string]bool{"created_at": true, "updated_at": true, "operation_timestamp": true}

// sqliteTimesAsText rewrites a select list so that its timestamp columns come as text. Not
// aliased to their own names: SQLite resolves ORDER BY to a result column's alias before a table's
// column, and ORDER BY created_at would then sort by the expression instead of reading an index.
func sqliteTimesAsText(columns string) string {
	parts := strings.Split(columns, ", ")
	for i, c := range parts {
		if timestampColumns[c] {
			parts[i] = "+" + c
		}
	}
	return strings.Join(parts, ", ")
}

// timeDest scans a timestamp: a time.Time from PostgreSQL and MySQL, the text of one from SQLite
// (sqliteTimesAsText).
type timeDest struct{ t *time.Time }

func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d.t = v
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("scan a timestamp: unexpected %T", src)
}

// ScanTimestamptz implements pgx's TimestamptzScanner: pgx then hands over the time it decoded,
// instead of going through Scan's database/sql conversion (an allocation per timestamp).
func (d timeDest) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid || v.InfinityModifier != pgtype.Finite {
		return fmt.Errorf("scan a timestamp: %v is not a time IIMS writes", v)
	}
	*d.t = v.Time
	return nil
}

// parse reads the layout IIMS writes, and the two others a hand-edited database may hold
// (RFC 3339, and SQLite's own CURRENT_TIMESTAMP, which is UTC).
func (d timeDest) parse(s string) error {
	for _, layout := range [...]string{sqliteTimeLayout, time.RFC3339Nano, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			*d.t = t
			return nil
		}
	}
	return fmt.Errorf("scan a timestamp: %q is not a time IIMS writes", s)
}
