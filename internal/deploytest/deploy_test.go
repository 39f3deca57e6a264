// Package deploytest checks the deployment files without a Docker engine: the compose files are
// loaded and validated against the Compose specification (compose-go, the library `docker compose
// config` uses), and the Dockerfile is checked for what the image promises.
package deploytest

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/iims/iims/internal/store"
)

func loadCompose(t *testing.T, file string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{"../../" + file}, cli.WithWorkingDirectory("../.."), cli.WithName("iims"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background()) // validates against the Compose schema
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return p
}

func TestComposeWithPostgreSQL(t *testing.T) {
	p := loadCompose(t, "docker-compose.yml")
	iims, err := p.GetService("iims")
	if err != nil {
		t.Fatal(err)
	}
	db, err := p.GetService("db")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(db.Image, "postgres:16") || db.HealthCheck == nil || len(db.HealthCheck.Test) == 0 {
		t.Errorf("db: image %q, healthcheck %+v", db.Image, db.HealthCheck)
	}
	if dep, ok := iims.DependsOn["db"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("iims must wait for a healthy db: %+v", iims.DependsOn)
	}
	url := iims.Environment["DATABASE_URL"]
	if url == nil || !strings.HasPrefix(*url, "postgresql://") || !strings.Contains(*url, "@db:5432/") {
		t.Errorf("DATABASE_URL %v", url)
	}
	if h := iims.Environment["HOST"]; h == nil || *h != "0.0.0.0" {
		t.Errorf("HOST %v: the container must listen on every interface", h)
	}
	requiresTokens(t, iims)
	if iims.HealthCheck == nil || !strings.Contains(strings.Join(iims.HealthCheck.Test, " "), "healthcheck") {
		t.Errorf("iims healthcheck %+v", iims.HealthCheck)
	}
	for _, s := range []types.ServiceConfig{iims, db} {
		if s.Restart == "" || s.Restart == "no" {
			t.Errorf("%s has no restart policy", s.Name)
		}
	}
	if _, ok := p.Volumes["pgdata"]; !ok || len(db.Volumes) == 0 || db.Volumes[0].Source != "pgdata" {
		t.Errorf("PostgreSQL data must live in the named volume pgdata: %+v", db.Volumes)
	}
	if len(iims.Ports) == 0 || iims.Ports[0].Target != 8000 {
		t.Errorf("ports %+v", iims.Ports)
	}
}

func TestComposeWithMariaDB(t *testing.T) {
	p := loadCompose(t, "docker-compose.mysql.yml")
	iims, err := p.GetService("iims")
	if err != nil {
		t.Fatal(err)
	}
	db, err := p.GetService("db")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(db.Image, "mariadb:11") || db.HealthCheck == nil || len(db.HealthCheck.Test) == 0 {
		t.Errorf("db: image %q, healthcheck %+v", db.Image, db.HealthCheck)
	}
	if cmd := strings.Join(db.Command, " "); !strings.Contains(cmd, "utf8mb4_bin") {
		t.Errorf("db command %q: the server's default collation must be IIMS's (utf8mb4_bin)", cmd)
	}
	if dep, ok := iims.DependsOn["db"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("iims must wait for a healthy db: %+v", iims.DependsOn)
	}
	url := iims.Environment["DATABASE_URL"]
	if url == nil || !strings.HasPrefix(*url, "mysql://") || !strings.Contains(*url, "@db:3306/") {
		t.Errorf("DATABASE_URL %v", url)
	} else if target, err := store.ParseURL(*url); err != nil || target.Engine != store.EngineMySQL {
		t.Errorf("DATABASE_URL %s: %v", *url, err)
	}
	if h := iims.Environment["HOST"]; h == nil || *h != "0.0.0.0" {
		t.Errorf("HOST %v: the container must listen on every interface", h)
	}
	for _, k := range []string{"DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_POOL_RECYCLE", "DB_CONNECT_TIMEOUT"} {
		if v := iims.Environment[k]; v == nil || *v == "" {
			t.Errorf("%s is not passed to IIMS", k)
		}
	}
	requiresTokens(t, iims)
	if iims.HealthCheck == nil || !strings.Contains(strings.Join(iims.HealthCheck.Test, " "), "healthcheck") {
		t.Errorf("iims healthcheck %+v", iims.HealthCheck)
	}
	for _, s := range []types.ServiceConfig{iims, db} {
		if s.Restart == "" || s.Restart == "no" {
			t.Errorf("%s has no restart policy", s.Name)
		}
	}
	if _, ok := p.Volumes["mariadb-data"]; !ok || len(db.Volumes) == 0 || db.Volumes[0].Source != "mariadb-data" || db.Volumes[0].Target != "/var/lib/mysql" {
		t.Errorf("MariaDB data must live in the named volume mariadb-data: %+v", db.Volumes)
	}
	if len(iims.Ports) == 0 || iims.Ports[0].Target != 8000 {
		t.Errorf("ports %+v", iims.Ports)
	}
}

func TestComposeSQLiteOnly(t *testing.T) {
	p := loadCompose(t, "docker-compose.sqlite.yml")
	if len(p.Services) != 1 {
		t.Fatalf("services %v", p.ServiceNames())
	}
	iims, err := p.GetService("iims")
	if err != nil {
		t.Fatal(err)
	}
	if url := iims.Environment["DATABASE_URL"]; url == nil || !strings.HasPrefix(*url, "sqlite:////data/") {
		t.Errorf("DATABASE_URL %v: the SQLite file must live in the /data volume", url)
	}
	if len(iims.Volumes) == 0 || iims.Volumes[0].Target != "/data" || iims.Volumes[0].Type != types.VolumeTypeVolume {
		t.Errorf("volumes %+v", iims.Volumes)
	}
	requiresTokens(t, iims)
}

// TestDockerfile checks what the image promises: a multi-stage build that builds the UI and a
// static binary, a non-root final stage listening on every interface, a data volume, a health
// check through the binary itself, OCI labels and the version injected at link time.
func TestDockerfile(t *testing.T) {
	f, err := os.Open("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	var cont strings.Builder
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cont.WriteString(strings.TrimSuffix(l, "\\") + " ")
			continue
		}
		cont.WriteString(l)
		lines = append(lines, cont.String())
		cont.Reset()
	}
	var stages []string
	final := []string{}
	for _, l := range lines {
		if strings.HasPrefix(strings.ToUpper(l), "FROM ") {
			stages = append(stages, l)
			final = nil
		}
		final = append(final, l)
	}
	all := strings.Join(lines, "\n")
	if len(stages) < 3 || !strings.Contains(all, "npm") || !regexp.MustCompile(`(?m)CGO_ENABLED=0`).MatchString(all) {
		t.Errorf("want node, go and final stages building the UI and a static binary; stages: %v", stages)
	}
	if !strings.Contains(all, "internal/version.Version=") {
		t.Error("the version is not injected at link time")
	}
	last := strings.Join(final, "\n")
	checks := map[string]*regexp.Regexp{
		"non-root final stage":      regexp.MustCompile(`(?m)(^FROM \S*distroless\S*:nonroot|^USER (\d*[1-9]\d*|[a-z]+))`),
		"HOST=0.0.0.0":              regexp.MustCompile(`(?m)^ENV .*HOST=0\.0\.0\.0`),
		"a /data volume":            regexp.MustCompile(`(?m)^VOLUME .*/data`),
		"health check via binary":   regexp.MustCompile(`(?m)^HEALTHCHECK .*iims.*healthcheck`),
		"OCI labels":                regexp.MustCompile(`(?m)^LABEL .*org\.opencontainers\.image\.version`),
		"port 8000":                 regexp.MustCompile(`(?m)^EXPOSE 8000`),
		"serve by default":          regexp.MustCompile(`(?m)^CMD \["serve"\]`),
		"SQLite file in the volume": regexp.MustCompile(`(?m)DATABASE_URL=sqlite:////data/`),
		"API tokens required":       regexp.MustCompile(`(?m)^ENV .*AUTH=token`),
	}
	for what, re := range checks {
		if !re.MatchString(last) {
			t.Errorf("final stage lacks %s:\n%s", what, last)
		}
	}
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil || !strings.Contains(string(ignore), "node_modules") || !strings.Contains(string(ignore), ".git") {
		t.Errorf(".dockerignore must keep node_modules and .git out of the build context: %v", err)
	}
}

// requiresTokens: a compose service on every interface ships with access control on (the issue:
// "docker compose up on a fresh machine serves IIMS that refuses anonymous writes").
func requiresTokens(t *testing.T, s types.ServiceConfig) {
	t.Helper()
	if a := s.Environment["AUTH"]; a == nil || (*a != "token" && *a != "token,proxy") {
		t.Errorf("%s: AUTH %v, want token by default", s.Name, a)
	}
	if a := s.Environment["AUTH_ALLOW_OPEN"]; a != nil && *a != "false" {
		t.Errorf("%s: AUTH_ALLOW_OPEN %v by default", s.Name, *a)
	}
}
