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
	if t, ok := parseSQLiteTime(s); ok {
		*d.t = t
		return nil
	}
	for _, layout := range [...]string{sqliteTimeLayout, time.RFC3339Nano, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			*d.t = t
			return nil
		}
	}
	return fmt.Errorf("scan a timestamp: %q is not a time IIMS writes", s)
}

// parseSQLiteTime reads sqliteTimeLayout by hand, exactly as time.Parse reads it, zone included (a
// fuzz test holds the two equal); anything else reports ok=false and goes to time.Parse, which was
// a sixth of scanning a history record on SQLite (three timestamps each).
func parseSQLiteTime(s string) (t time.Time, ok bool) {
	// 2006-01-02 15:04:05[.999999999]-07:00
	if len(s) < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, month, day := digits(s[0:4]), digits(s[5:7]), digits(s[8:10])
	hour, minute, sec := digits(s[11:13]), digits(s[14:16]), digits(s[17:19])
	rest, nsec := s[19:], 0
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 { // no digit, or more than nanoseconds
			return time.Time{}, false
		}
		nsec = digits(rest[1:n])
		for range 10 - n {
			nsec *= 10
		}
		rest = rest[n:]
	}
	if len(rest) != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' {
		return time.Time{}, false
	}
	zoneHour, zoneMinute := digits(rest[1:3]), digits(rest[4:6])
	if min(year, month, day, hour, minute, sec, zoneHour, zoneMinute) < 0 || month < 1 || month > 12 ||
		day < 1 || hour > 23 || minute > 59 || sec > 59 || zoneHour > 23 || zoneMinute > 59 {
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day { // the 31st of a 30-day month, which time.Date would carry into the next
		return time.Time{}, false
	}
	offset := zoneHour*3600 + zoneMinute*60
	if rest[0] == '-' {
		offset = -offset
	}
	t = t.Add(-time.Duration(offset) * time.Second)
	// The zone as time.Parse gives it: Local when Local had that offset then, else a fixed zone.
	if local := t.In(time.Local); zoneOffset(local) == offset {
		return local, true
	}
	return t.In(time.FixedZone("", offset)), true
}

func zoneOffset(t time.Time) int {
	_, offset := t.Zone()
	return offset
}

// digits is the value of a string of ASCII digits, or -1.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
