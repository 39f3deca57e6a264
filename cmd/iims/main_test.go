package main_test

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/mysqltest"
	"github.com/iims/iims/internal/testutil/pgtest"
)

var binary string

// TestMain builds the real binary once; every test runs it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "iims-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "iims")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build iims: %v\n%s", err, out)
		os.Exit(1)
	}
	code := dbtest.Main(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

type run struct {
	out  string
	code int
}

// iims runs the binary to completion in dir with the given environment.
func iims(t *testing.T, dir string, env []string, args ...string) run {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return run{string(out), code}
}

// cleanEnv is the test's environment without IIMS settings that could leak in.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DATABASE_URL", "HOST", "PORT", "DEBUG", "LOG_TO_FILE", "LOG_FILE", "REQUIRE_REASON", "EVENTS_AUTH_RECHECK":
			continue
		}
		if strings.HasPrefix(k, "AUTH") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// server is a running `iims serve`.
type server struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	base string
}

func startServe(t *testing.T, dir string, env []string, args ...string) *server {
	t.Helper()
	out := &bytes.Buffer{}
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, append(cleanEnv(), env...), out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return &server{cmd: cmd, out: out}
}

// waitHealthy polls /health on port until it answers 200.
func (s *server) waitHealthy(t *testing.T, port int) {
	t.Helper()
	s.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not become healthy:\n%s", s.out)
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.out)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no exit after SIGTERM:\n%s", s.out)
	}
}

func TestServeFlagsOverrideEnvAndDotEnv(t *testing.T) {
	dir := t.TempDir()
	envPort, flagPort := freePort(t), freePort(t)
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(fmt.Sprintf("PORT=%d\nDATABASE_URL=sqlite:///./from-dotenv.db\n", envPort)), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, dir, nil, "--port", fmt.Sprint(flagPort))
	s.waitHealthy(t, flagPort)
	if _, err := os.Stat(filepath.Join(dir, "from-dotenv.db")); err != nil {
		t.Fatalf(".env DATABASE_URL (relative to the working dir) not used: %v", err)
	}
	res, err := http.Post(s.base+"/api/instances", "application/json", strings.NewReader(`{"name":"n","model_name":"m","cluster_name":"c","image_tag":"i"}`))
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("create: %v %v", err, res)
	}
	s.stop(t)
	for _, want := range []string{`"msg":"IIMS listening"`, `"msg":"request"`, `"status":201`, `"msg":"stopped"`, `"request_id":"`} {
		if !strings.Contains(s.out.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, s.out)
		}
	}
}

func TestServeOnPostgreSQLWithTextLogsToFile(t *testing.T) {
	url := dbtest.URL(t, store.EnginePostgres)
	dir := t.TempDir()
	port := freePort(t)
	s := startServe(t, dir, []string{"DATABASE_URL=" + url, "DEBUG=true", "LOG_TO_FILE=true", fmt.Sprintf("PORT=%d", port)})
	s.waitHealthy(t, port)
	res, _ := http.Get(s.base + "/health")
	var body bytes.Buffer
	_, _ = body.ReadFrom(res.Body)
	res.Body.Close()
	if !strings.Contains(body.String(), `"engine":"postgresql"`) {
		t.Fatalf("health on PostgreSQL: %s", body.String())
	}
	s.stop(t)
	logFile, err := os.ReadFile(filepath.Join(dir, "app.log"))
	if err != nil || !strings.Contains(string(logFile), "msg=request") || !strings.Contains(string(logFile), "path=/health") {
		t.Fatalf("app.log (text format) %q %v", logFile, err)
	}
}

func TestServeRefusesWhatItCannotDo(t *testing.T) {
	dir := t.TempDir()
	r := iims(t, dir, []string{"DATABASE_URL=oracle://u:p@localhost/db"}, "serve")
	if r.code == 0 || !strings.Contains(r.out, `scheme "oracle" is not supported`) || strings.Contains(r.out, "panic") {
		t.Fatalf("oracle: %d %s", r.code, r.out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := l.Addr().(*net.TCPAddr).Port
	r = iims(t, dir, nil, "serve", "--port", fmt.Sprint(busy), "--database-url", "sqlite:///./busy.db")
	if r.code == 0 || !strings.Contains(r.out, "is the port in use") {
		t.Fatalf("busy port: %d %s", r.code, r.out)
	}
	r = iims(t, dir, []string{"PORT=0"}, "serve")
	if r.code == 0 || !strings.Contains(r.out, "PORT must be between 1 and 65535") {
		t.Fatalf("PORT=0: %d %s", r.code, r.out)
	}
}

func TestCheckDBAndMigrate(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:///" + filepath.Join(dir, "iims.db")
	r := iims(t, dir, nil, "check-db", "--database-url", db)
	if r.code != 1 || !strings.Contains(r.out, "does not exist") {
		t.Fatalf("missing file: %d %s", r.code, r.out)
	}
	if _, err := os.Stat(filepath.Join(dir, "iims.db")); err == nil {
		t.Fatal("check-db created the database file")
	}
	if r = iims(t, dir, nil, "migrate", "status", "--database-url", db); r.code != 0 || !strings.Contains(r.out, "pending") {
		t.Fatalf("status before: %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "check-db", "--database-url", db); r.code != 2 || !strings.Contains(r.out, "not migrated") {
		t.Fatalf("unmigrated: %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "migrate", "up", "--database-url", db); r.code != 0 || !strings.Contains(r.out, "applied 9 migration(s)") {
		t.Fatalf("up: %d %s", r.code, r.out)
	}
	r = iims(t, dir, []string{"DATABASE_URL=" + db}, "check-db")
	if r.code != 0 || !strings.Contains(r.out, "engine:     sqlite 3.") || !strings.Contains(r.out, "9 applied, 0 pending") || !strings.Contains(r.out, "status:     OK") {
		t.Fatalf("check-db: %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "migrate", "down", "--database-url", db); r.code != 0 || !strings.Contains(r.out, "rolled back migration 00009") {
		t.Fatalf("down: %d %s", r.code, r.out)
	}
	r = iims(t, dir, nil, "check-db", "--database-url", "postgresql://iims:s3cret@127.0.0.1:1/none?connect_timeout=2")
	if r.code != 1 || !strings.Contains(r.out, "cannot connect") || strings.Contains(r.out, "s3cret") {
		t.Fatalf("unreachable PostgreSQL (and the password must not be printed): %d %s", r.code, r.out)
	}
	r = iims(t, dir, nil, "check-db", "--database-url", "mysql://iims:s3cret@127.0.0.1:1/none")
	if r.code != 1 || !strings.Contains(r.out, "cannot connect") || strings.Contains(r.out, "s3cret") {
		t.Fatalf("unreachable MySQL (and the password must not be printed): %d %s", r.code, r.out)
	}
	if mysqltest.Available() {
		url := dbtest.URL(t, store.EngineMySQL)
		// The throwaway server is MariaDB (Debian's mariadb-server); TEST_MYSQL_URL may name a MySQL.
		if r = iims(t, dir, nil, "check-db", "--database-url", url); r.code != 0 ||
			!(strings.Contains(r.out, "engine:     mysql (MariaDB) 1") || strings.Contains(r.out, "engine:     mysql (MySQL) ")) ||
			!strings.Contains(r.out, "9 applied, 0 pending") {
			t.Fatalf("check-db on MySQL/MariaDB: %d %s", r.code, r.out)
		}
	}
	if pgtest.Available() {
		url := dbtest.URL(t, store.EnginePostgres)
		if r = iims(t, dir, nil, "check-db", "--database-url", url); r.code != 0 || !strings.Contains(r.out, "engine:     postgresql 1") {
			t.Fatalf("check-db on PostgreSQL: %d %s", r.code, r.out)
		}
	}
}

func TestVersion(t *testing.T) {
	if r := iims(t, t.TempDir(), nil, "version"); r.code != 0 || !strings.HasPrefix(r.out, "iims ") {
		t.Fatalf("%d %s", r.code, r.out)
	}
}
