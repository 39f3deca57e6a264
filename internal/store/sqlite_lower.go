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
// the text itself lower-cased the same way.
func sqliteScanText(column, text string) (expr, lowered string) {
	fn := "lower"
	if !isASCII(text) {
		fn = "iims_lower"
	}
	if column == "" {
		column = sqliteSearchColumns
	}
	return fn + "(" + column + ")", strings.ToLower(text)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
