package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/iims/iims/internal/testutil/mysqltest"
)

// The URL forms of the product description and of SQLAlchemy all reach the same driver settings,
// and the settings IIMS relies on are set whatever the URL says.
func TestMySQLURLForms(t *testing.T) {
	for _, c := range []struct {
		url, user, pass, addr, db string
	}{
		{"mysql://user:password@localhost/dbname", "user", "password", "localhost:3306", "dbname"},
		{"mysql+pymysql://iims:s3cret@db.internal:3307/iims", "iims", "s3cret", "db.internal:3307", "iims"},
		{"mysql+mysqldb://iims:s3cret@10.0.0.5/iims", "iims", "s3cret", "10.0.0.5:3306", "iims"},
		{"mariadb://iims:s3cret@galera:3306/iims", "iims", "s3cret", "galera:3306", "iims"},
		{"MySQL://iims:x@h/iims", "iims", "x", "h:3306", "iims"},
		{"mysql://iims:p%40ss%3Aw%2Frd%25%23@h/iims", "iims", "p@ss:w/rd%#", "h:3306", "iims"},
		{"mysql://iims@h/iims", "iims", "", "h:3306", "iims"},
		{"mysql://iims:x@[::1]:3306/iims", "iims", "x", "[::1]:3306", "iims"},
		{"mysql://iims:x@/iims", "iims", "x", "localhost:3306", "iims"},
		{"mysql://iims:x@h/iims?charset=utf8mb4&tls=true", "iims", "x", "h:3306", "iims"},
	} {
		tg, err := ParseURL(c.url)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if tg.Engine != EngineMySQL {
			t.Errorf("%s: engine %s", c.url, tg.Engine)
		}
		cfg, err := mysql.ParseDSN(tg.DSN)
		if err != nil {
			t.Fatalf("%s: the DSN %q does not parse: %v", c.url, tg.DSN, err)
		}
		if cfg.User != c.user || cfg.Passwd != c.pass || cfg.Addr != c.addr || cfg.DBName != c.db || cfg.Net != "tcp" {
			t.Errorf("%s: user %q pass %q addr %q db %q net %q", c.url, cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName, cfg.Net)
		}
		if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.Collation != "utf8mb4_bin" ||
			cfg.Params["time_zone"] != "'+00:00'" || !strings.Contains(cfg.Params["sql_mode"], "STRICT_ALL_TABLES") ||
			!strings.Contains(cfg.Params["sql_mode"], "NO_BACKSLASH_ESCAPES") {
			t.Errorf("%s: IIMS's settings missing: %+v", c.url, cfg)
		}
	}
}

func TestMySQLURLMistakesAreExplained(t *testing.T) {
	for url, want := range map[string]string{
		"mysql://u:p@h":                    "needs a database name",
		"mysql://u:p@h/":                   "needs a database name",
		"mysql://u:p@h/a/b":                "needs a database name",
		"mysql://u:p@h/db?tls=maybe":       "tls must be",
		"mysql://u:p@h/db?charset=latin1":  "charset must be utf8mb4",
		"mysql://u:p%zz@h/db":              "percent-encoded",
		"mysql://u:p@h:notaport/db":        "percent-encoded",
		"mysqlx://u:p@h/db":                `scheme "mysqlx" is not supported`,
		"mysql+asyncmy-not-a-scheme//u@h/": "has no scheme",
	} {
		_, err := ParseURL(url)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", url, err, want)
		}
		if err != nil && strings.Contains(url, ":p@") && strings.Contains(err.Error(), ":p@") {
			t.Errorf("%s: the error shows the password: %v", url, err)
		}
	}
}

// DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_RECYCLE and DB_CONNECT_TIMEOUT size and age the pool as
// on PostgreSQL: size + overflow connections at most, size kept idle.
func TestMySQLPoolSettings(t *testing.T) {
	url := mysqltest.NewDatabase(t, nil)
	pc := PoolConfig{Size: 3, MaxOverflow: 4, Recycle: 30 * time.Minute, ConnectTimeout: 7 * time.Second}
	st, err := Open(context.Background(), url, pc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := st.rawReadDB.Stats().MaxOpenConnections; got != 7 {
		t.Errorf("max open connections %d, want size + overflow = 7", got)
	}
	if p := st.PoolStats(); p.Max != 7 {
		t.Errorf("pool stats %+v", p)
	}
	// 192.0.2.1 (TEST-NET-1) never answers: the connect timeout, not the OS's, ends the wait.
	start := time.Now()
	_, err = Open(context.Background(), "mysql://u:p@192.0.2.1:3306/db", PoolConfig{Size: 1, ConnectTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "connect to MySQL") || time.Since(start) > 5*time.Second {
		t.Errorf("an unreachable server: %v after %v", err, time.Since(start))
	}
}
