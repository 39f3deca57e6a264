package export

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/dbtypes"
)

// CSVRow builds one CSV record in place, each cell encoded exactly as encoding/csv's Writer
// encodes it (comma-separated, "\n"-terminated; a fuzz test holds the two equal). A table's Row
// appends its cells to it instead of returning a []string of formatted copies: building and
// re-scanning those was half of a CSV export's own time.
type CSVRow struct {
	b       []byte
	cells   int
	scratch []byte // a JSON cell before it is quoted
}

func (r *CSVRow) next() {
	if r.cells > 0 {
		r.b = append(r.b, ',')
	}
	r.cells++
}

// Text adds a cell, quoted when encoding/csv would quote it.
func (r *CSVRow) Text(s string) {
	r.next()
	if !csvNeedsQuotes(s) {
		r.b = append(r.b, s...)
		return
	}
	r.b = append(r.b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		r.b = append(r.b, s[:i+1]...)
		r.b = append(r.b, '"')
		s = s[i+1:]
	}
	r.b = append(r.b, s...)
	r.b = append(r.b, '"')
}

// OptionalText adds a cell for an optional text; CSV has no null, so null and "" are both empty.
func (r *CSVRow) OptionalText(s *string) {
	if s == nil {
		r.next()
		return
	}
	r.Text(*s)
}

// Int adds an integer cell (digits and a sign never need quotes).
func (r *CSVRow) Int(n int64) {
	r.next()
	r.b = strconv.AppendInt(r.b, n, 10)
}

// OptionalInt adds an optional integer: empty when null.
func (r *CSVRow) OptionalInt(n *int64) {
	if n == nil {
		r.next()
		return
	}
	r.Int(*n)
}

// Time adds a timestamp as the API writes it (RFC 3339, UTC; never quoted).
func (r *CSVRow) Time(t time.Time) {
	r.next()
	r.b = t.UTC().AppendFormat(r.b, time.RFC3339Nano)
}

// Changes adds a cell holding a changes object as the API writes it (JSON, so always quoted).
func (r *CSVRow) Changes(c dbtypes.Changes) {
	r.scratch = apiconv.AppendChangesJSON(r.scratch[:0], c)
	r.Text(string(r.scratch))
}

// csvNeedsQuotes is encoding/csv's Writer.fieldNeedsQuotes for the comma.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
