// Package pgtest gives tests a real PostgreSQL: the server named by TEST_DATABASE_URL, or else a
// throwaway cluster started from the locally installed binaries (initdb, pg_ctl) for the test
// binary's lifetime. Each test gets its own database, cloned from a migrated template.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
package pgtest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var (
	mu          sync.Mutex
	adminURL    string // a maintenance database on the server
	unavailable string // why there is no server, when there is none
	cluster     *localCluster
	templates   = map[string]string{} // template key → database name
	counter     atomic.Int64
)

// Main runs the tests and stops the cluster if one was started. The server is found (or the
// cluster started) at the first test that needs it, so that test binaries that need none — a
// fuzzing worker, a run of other tests only — never start one.
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		cluster.stop()
	}
	return code
}

var ensure = sync.OnceFunc(func() {
	if err := setup(); err != nil {
		unavailable = err.Error()
		fmt.Fprintf(os.Stderr, "\n*** pgtest: NO POSTGRESQL — PostgreSQL tests will be SKIPPED (or fail under CI=true): %v ***\n\n", err)
	}
})

func setup() error {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		adminURL = u
		return nil
	}
	c, err := startCluster()
	if err != nil {
		return err
	}
	cluster = c
	adminURL = c.url("postgres")
	return nil
}

// Available reports whether a PostgreSQL server is available; tests call Require instead.
func Available() bool { ensure(); return adminURL != "" }

// Require skips the test (or fails it under CI=true) when no PostgreSQL is available.
func Require(t testing.TB) {
	t.Helper()
	ensure()
	if adminURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL required in CI: %s", unavailable)
		}
		t.Skipf("no PostgreSQL: %s", unavailable)
	}
}

// NewDatabase creates a fresh database for the test, cloned from a template that prepare
// initialised once per test binary (e.g. by running migrations), and drops it when the test ends.
// It returns the database's URL.
func NewDatabase(t testing.TB, templateKey string, prepare func(ctx context.Context, url string) error) string {
	t.Helper()
	Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tmpl, err := template(ctx, templateKey, prepare)
	if err != nil {
		t.Fatalf("pgtest: template: %v", err)
	}
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), counter.Add(1))
	if err := adminExec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tmpl)); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adminExec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
			t.Logf("pgtest: drop database %s: %v", name, err)
		}
	})
	return databaseURL(name)
}

// Cluster is a PostgreSQL server of a test's own, which the test may stop and start again (on the
// same port) to see how IIMS copes with losing its database.
type Cluster struct{ c *localCluster }

// NewCluster starts a dedicated cluster for t (stopped and removed when t ends); it skips (or,
// under CI=true, fails) when no PostgreSQL binaries are installed.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	if _, err := findBinDir(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL required in CI: %v", err)
		}
		t.Skipf("no PostgreSQL: %v", err)
	}
	c, err := startCluster()
	if err != nil {
		t.Fatalf("pgtest: start cluster: %v", err)
	}
	t.Cleanup(c.stop)
	return &Cluster{c: c}
}

// URL is the URL of the cluster's postgres database.
func (c *Cluster) URL() string { return c.c.url("postgres") }

// Stop shuts the server down, dropping every connection ("fast" mode: the test clusters run
// without synchronous commit, which a crash-like immediate stop would turn into lost commits).
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	if out, err := c.c.run(c.c.pgCtl, "-D", filepath.Join(c.c.dir, "data"), "-m", "fast", "-w", "stop"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// Start starts the stopped server again on the same port.
func (c *Cluster) Start(t testing.TB) {
	t.Helper()
	if out, err := c.c.start(); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

// AdminURL is the URL of the maintenance database (for tests that create databases themselves).
func AdminURL() string { ensure(); return adminURL }

func template(ctx context.Context, key string, prepare func(ctx context.Context, url string) error) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if name, ok := templates[key]; ok {
		return name, nil
	}
	name := fmt.Sprintf("tmpl_%d_%d", os.Getpid(), len(templates))
	if err := adminExec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	if prepare != nil {
		if err := prepare(ctx, databaseURL(name)); err != nil {
			return "", err
		}
	}
	// CREATE DATABASE … TEMPLATE needs the template to have no other sessions.
	if err := adminExec(ctx, fmt.Sprintf("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s' AND pid <> pg_backend_pid()", name)); err != nil {
		return "", err
	}
	templates[key] = name
	return name, nil
}

func adminExec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, sql)
	return err
}

func databaseURL(name string) string {
	u, err := url.Parse(adminURL)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// localCluster is a PostgreSQL cluster in a temporary directory.
type localCluster struct {
	dir    string
	port   int
	pgCtl  string
	cred   *syscall.Credential
	stopMu sync.Once
}

func (c *localCluster) url(db string) string {
	return fmt.Sprintf("postgresql://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

func startCluster() (*localCluster, error) {
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "iims-pg-")
	if err != nil {
		return nil, err
	}
	c := &localCluster{dir: dir, pgCtl: filepath.Join(bin, "pg_ctl")}
	// PostgreSQL refuses to run as root: run it as the postgres user, which must own the directory.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	for attempt := 0; attempt < 3; attempt++ {
		c.port, err = freePort()
		if err != nil {
			return nil, err
		}
		var out []byte
		out, err = c.start()
		if err == nil {
			return c, nil
		}
		err = fmt.Errorf("pg_ctl start: %v\n%s", err, out)
	}
	os.RemoveAll(dir)
	return nil, err
}

func (c *localCluster) start() ([]byte, error) {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "+
		"-c full_page_writes=off -c max_connections=300", c.port, c.dir)
	return c.run(c.pgCtl, "-D", filepath.Join(c.dir, "data"), "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o", opts, "start")
}

func (c *localCluster) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd.CombinedOutput()
}

func (c *localCluster) stop() {
	c.stopMu.Do(func() {
		_, _ = c.run(c.pgCtl, "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
		os.RemoveAll(c.dir)
	})
}

// findBinDir locates initdb/pg_ctl: on PATH, or in Debian's /usr/lib/postgresql/<v>/bin.
func findBinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1]), nil
	}
	return "", fmt.Errorf("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; install postgresql or set TEST_DATABASE_URL")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
