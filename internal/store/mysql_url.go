package store

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// mysqlSQLMode is the SQL mode of every IIMS connection, whatever the server's default: strict
// (a value out of range is an error, never a truncation), no zero dates, and backslashes that are
// plain characters in string literals, as in standard SQL (the LIKE patterns with ESCAPE '\' are
// shared with the other engines).
const mysqlSQLMode = "'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES'"

// mysqlDSN turns the part of a mysql:// URL after the scheme (user:pass@host:port/db?params)
// into the driver's DSN, with what IIMS relies on always set: times parsed in UTC, utf8mb4 with
// byte-order comparison, the strict SQL mode. A percent-encoded password is decoded. The query
// parameters tls (true, false, skip-verify, preferred) and the SQLAlchemy-style charset are
// understood; other driver settings are IIMS's to choose.
func mysqlDSN(rest string) (string, error) {
	u, err := url.Parse("mysql://" + rest)
	if err != nil {
		var ue *url.Error // its message quotes the whole URL, password included: keep only the reason
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("MySQL DATABASE_URL: %w (special characters in the password must be percent-encoded: p@ss → p%%40ss)", err)
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return "", fmt.Errorf("MySQL DATABASE_URL needs a database name: mysql://user:password@host:3306/dbname")
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	cfg.Net = "tcp"
	host := u.Hostname()
	if host == "" {
		host = "localhost"
	}
	port := u.Port()
	if port == "" {
		port = "3306"
	}
	cfg.Addr = host + ":" + port
	if strings.HasPrefix(u.Host, "[") { // IPv6 literal
		cfg.Addr = "[" + host + "]:" + port
	}
	cfg.DBName = db
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_bin"
	cfg.Params = map[string]string{"time_zone": "'+00:00'", "sql_mode": mysqlSQLMode}
	q := u.Query()
	switch tls := strings.ToLower(q.Get("tls")); tls {
	case "", "false":
	case "true", "skip-verify", "preferred":
		cfg.TLSConfig = tls
	default:
		return "", fmt.Errorf("MySQL DATABASE_URL: tls must be true, false, skip-verify or preferred, not %q", tls)
	}
	if cs := q.Get("charset"); cs != "" && !strings.EqualFold(cs, "utf8mb4") {
		return "", fmt.Errorf("MySQL DATABASE_URL: charset must be utf8mb4 (the only one IIMS stores names in), not %q", cs)
	}
	return cfg.FormatDSN(), nil
}
