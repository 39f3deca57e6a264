package store

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// Target is a parsed DATABASE_URL.
type Target struct {
	Engine Engine
	// Path is the SQLite file (":memory:" for an in-memory database).
	Path string
	// DSN is the PostgreSQL connection string, with any SQLAlchemy "+driver" suffix removed, or
	// the MySQL driver's DSN (see mysqlDSN).
	DSN string
}

// ParseURL understands the DATABASE_URL forms of the product description (and of the previous
// Python version, so old .env files keep working):
//
//	sqlite:///./inference_instances.db   relative path (SQLAlchemy: three slashes)
//	sqlite:////var/lib/iims/iims.db       absolute path (four slashes)
//	sqlite:///:memory: or sqlite://       in-memory database
//	postgresql://user:pass@host:5432/db   also postgres://, postgresql+psycopg2://
//	mysql://user:pass@host:3306/db        also mariadb://, mysql+pymysql://, mysql+mysqldb://
func ParseURL(raw string) (Target, error) {
	raw = strings.TrimSpace(raw)
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return Target{}, fmt.Errorf("DATABASE_URL %q has no scheme: use sqlite:///path/to/file.db, "+
			"postgresql://user:password@host/dbname or mysql://user:password@host/dbname", redact(raw))
	}
	base, _, _ := strings.Cut(strings.ToLower(scheme), "+") // postgresql+psycopg2 → postgresql
	switch base {
	case "sqlite", "sqlite3":
		return parseSQLite(rest)
	case "postgresql", "postgres":
		return Target{Engine: EnginePostgres, DSN: "postgresql://" + rest}, nil
	case "mysql", "mariadb":
		dsn, err := mysqlDSN(rest)
		if err != nil {
			return Target{}, err
		}
		return Target{Engine: EngineMySQL, DSN: dsn}, nil
	default:
		return Target{}, fmt.Errorf("DATABASE_URL scheme %q is not supported: use sqlite:///path/to/file.db, "+
			"postgresql://user:password@host/dbname or mysql://user:password@host/dbname", scheme)
	}
}

func parseSQLite(rest string) (Target, error) {
	// rest is everything after "sqlite://": "" (memory), "/:memory:", "/relative.db" or "//abs.db".
	path, _, _ := strings.Cut(rest, "?")
	if path == "" || path == "/" || path == "/:memory:" || path == ":memory:" {
		return Target{Engine: EngineSQLite, Path: ":memory:"}, nil
	}
	if !strings.HasPrefix(path, "/") {
		return Target{}, fmt.Errorf("SQLite DATABASE_URL needs three slashes: sqlite:///%s (relative) or sqlite:////%s (absolute)", path, path)
	}
	path = strings.TrimPrefix(path, "/") // "/x.db" → "x.db" (relative); "//abs" → "/abs"
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	return Target{Engine: EngineSQLite, Path: filepath.Clean(path)}, nil
}

// Redacted returns the URL with its password hidden, for logs and error messages.
func Redacted(raw string) string { return redact(raw) }

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
