package store

import (
	"database/sql/driver"
	"strings"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// SQLite's lower() folds ASCII only, so a short search for "ÉÉ" (scanned, not looked up in the
// trigram index, which folds Unicode) would miss "ééé". iims_lower folds like Go's
// strings.ToLower; it costs a Go call per row, so the scans use it only for non-ASCII text.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("iims_lower", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil
	})
}

// sqliteScanText is the lower-cased searchable text of a row for a scan matching text, and
// the text itself lower-cased the same way. For ASCII text it folds as the trigram index does:
// lower() and the two characters its Unicode folding takes to ASCII letters, the Kelvin sign
// (U+212A) to k and the long s (U+017F) to s (every code point checked against modernc's
// SQLite 3.54.1) — so a scan, or the recheck of a narrowed lookup (rareTrigrams), finds what
// the index finds.
func sqliteScanText(column, text string) (expr, lowered string) {
	if column == "" {
		column = sqliteSearchColumns
	}
	if !isASCII(text) {
		return "iims_lower(" + column + ")", strings.ToLower(text)
	}
	return "replace(replace(lower(" + column + "), '\u212a', 'k'), '\u017f', 's')", strings.ToLower(text)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
