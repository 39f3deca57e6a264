// Package mysqltest gives tests a real MySQL-family server: the one named by TEST_MYSQL_URL
// (mysql://user:pass@host:port/anydb), or else a throwaway MariaDB (or MySQL) started from the
// locally installed binaries in a temporary directory for the test binary's lifetime. Each test
// gets a database of its own, migrated by the caller's prepare function.
//
// The server is started at the first test that needs one; call Stop from TestMain (dbtest.Main
// does).
package mysqltest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

var (
	adminURL    string // mysql://… of a user who may create databases
	unavailable string
	server      *localServer
	counter     atomic.Int64
	ensure      = sync.OnceFunc(func() {
		if err := setup(); err != nil {
			unavailable = err.Error()
			fmt.Fprintf(os.Stderr, "\n*** mysqltest: NO MYSQL/MARIADB — MySQL tests will be SKIPPED (or fail under CI=true): %v ***\n\n", err)
		}
	})
)

func setup() error {
	if u := os.Getenv("TEST_MYSQL_URL"); u != "" {
		adminURL = u
		return nil
	}
	s, err := startServer()
	if err != nil {
		return err
	}
	server = s
	adminURL = fmt.Sprintf("mysql://iims:iims@127.0.0.1:%d/mysql", s.port)
	return nil
}

// Stop stops the throwaway server, if one was started.
func Stop() {
	if server != nil {
		server.stop()
	}
}

// Available reports whether a server is available; tests call Require instead.
func Available() bool { ensure(); return adminURL != "" }

// Require skips the test (or fails it under CI=true) when no server is available.
func Require(t testing.TB) {
	t.Helper()
	ensure()
	if adminURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("MySQL/MariaDB required in CI: %s", unavailable)
		}
		t.Skipf("no MySQL/MariaDB: %s", unavailable)
	}
}

// NewDatabase creates a database for the test, prepared by prepare (e.g. migrated), dropped when
// the test ends, and returns its mysql:// URL.
func NewDatabase(t testing.TB, prepare func(ctx context.Context, url string) error) string {
	t.Helper()
	Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), counter.Add(1))
	if err := adminExec(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		t.Fatalf("mysqltest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adminExec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Logf("mysqltest: drop database %s: %v", name, err)
		}
	})
	u := databaseURL(name)
	if prepare != nil {
		if err := prepare(ctx, u); err != nil {
			t.Fatalf("mysqltest: prepare %s: %v", name, err)
		}
	}
	return u
}

// AdminURL is the URL of a database the test user may use to create others.
func AdminURL() string { ensure(); return adminURL }

func databaseURL(name string) string {
	u, err := url.Parse(adminURL)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

func adminExec(ctx context.Context, stmt string) error {
	u, err := url.Parse(adminURL)
	if err != nil {
		return err
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net, cfg.Addr = "tcp", u.Host
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// localServer is a MariaDB/MySQL server in a temporary directory.
type localServer struct {
	dir  string
	port int
	cmd  *exec.Cmd
	once sync.Once
}

func startServer() (*localServer, error) {
	serverBin, installDB, err := findBinaries()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "iims-mysql-")
	if err != nil {
		return nil, err
	}
	s := &localServer{dir: dir}
	var cred *syscall.Credential
	if os.Geteuid() == 0 { // mariadbd refuses to run as root: run it as the mysql user
		u, err := user.Lookup("mysql")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no mysql user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	run := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		return cmd
	}
	data := filepath.Join(dir, "data")
	if out, err := run(installDB, "--no-defaults", "--datadir="+data, "--auth-root-authentication-method=normal",
		"--skip-test-db").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s: %v\n%s", filepath.Base(installDB), err, out)
	}
	for attempt := 0; attempt < 3; attempt++ {
		if s.port, err = freePort(); err != nil {
			return nil, err
		}
		log, _ := os.Create(filepath.Join(dir, "server.log"))
		s.cmd = run(serverBin, "--no-defaults", "--datadir="+data, "--socket="+filepath.Join(dir, "sock"),
			"--port="+strconv.Itoa(s.port), "--bind-address=127.0.0.1", "--skip-name-resolve", "--skip-log-bin",
			"--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=256M", "--max-connections=500",
			"--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin")
		s.cmd.Stdout, s.cmd.Stderr = log, log
		if cred != nil {
			s.cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
		} else {
			s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		}
		if err = startPinned(s.cmd); err != nil {
			continue
		}
		if err = s.bootstrap(filepath.Join(dir, "sock")); err == nil {
			return s, nil
		}
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
	os.RemoveAll(dir)
	return nil, err
}

// bootstrap waits for the server and creates the test user (root logs in over the socket only).
func (s *localServer) bootstrap(socket string) error {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Net, cfg.Addr = "root", "unix", socket
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err = db.Ping(); err == nil {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
			return fmt.Errorf("the server did not start: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, stmt := range []string{"CREATE USER IF NOT EXISTS iims@'%' IDENTIFIED BY 'iims'", "GRANT ALL ON *.* TO iims@'%' WITH GRANT OPTION"} {
		if _, err := db.Exec(stmt); err != nil {
			return err
		}
	}
	return nil
}

func (s *localServer) stop() {
	s.once.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			_ = s.cmd.Process.Signal(syscall.SIGKILL)
			_ = s.cmd.Wait()
		}
		os.RemoveAll(s.dir)
	})
}

// findBinaries locates the server (mariadbd or mysqld) and the data directory initialiser.
func findBinaries() (server, installDB string, err error) {
	for _, pair := range [][2]string{{"mariadbd", "mariadb-install-db"}, {"mysqld", "mysql_install_db"}} {
		s, err1 := exec.LookPath(pair[0])
		if err1 != nil {
			s, err1 = exec.LookPath("/usr/sbin/" + pair[0])
		}
		i, err2 := exec.LookPath(pair[1])
		if err1 == nil && err2 == nil {
			return s, i, nil
		}
	}
	return "", "", fmt.Errorf("MariaDB server binaries (mariadbd, mariadb-install-db) not found: apt-get install mariadb-server, or set TEST_MYSQL_URL")
}

// startPinned starts cmd from an OS thread that never exits. Pdeathsig kills the server when the
// thread that started it dies, so that a test binary killed by a timeout or a panic leaves no
// mariadbd behind; pinning keeps the Go runtime from retiring that thread while the tests run.
func startPinned(cmd *exec.Cmd) error {
	started := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread lives as long as the process
		started <- cmd.Start()
		select {}
	}()
	return <-started
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
