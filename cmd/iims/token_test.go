package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/user"
	"regexp"
	"strings"
	"testing"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

var secretLine = regexp.MustCompile(`(?m)^(iims_[A-Za-z0-9_-]{43})$`)

// The bootstrap a new server's operator follows: a server on a network address requires tokens
// (and refuses AUTH=off unless told it is deliberate); `iims token create` makes the first one,
// which then creates and changes instances under its name; list shows it and revoke ends it.
func TestTokenBootstrapOnANetworkAddress(t *testing.T) {
	dir := t.TempDir()
	db := dbtest.URL(t, store.EngineSQLite)
	r := iims(t, dir, []string{"AUTH=off", "DATABASE_URL=" + db}, "serve", "--host", "0.0.0.0", "--port", fmt.Sprint(freePort(t)))
	if r.code == 0 || !strings.Contains(r.out, "AUTH_ALLOW_OPEN") || !strings.Contains(r.out, "iims token create") {
		t.Fatalf("AUTH=off on 0.0.0.0: %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "token", "create", "--name", "admin", "--role", "root", "--database-url", db); r.code == 0 || !strings.Contains(r.out, "viewer, editor, admin") {
		t.Fatalf("a bad role: %d %s", r.code, r.out)
	}
	r = iims(t, dir, nil, "token", "create", "--name", "admin", "--role", "admin", "--database-url", db)
	admin := secretLine.FindString(r.out)
	if r.code != 0 || admin == "" {
		t.Fatalf("token create: %d %s", r.code, r.out)
	}
	r = iims(t, dir, nil, "token", "create", "--name", "reader", "--role", "viewer", "--expires", "30d", "--database-url", db)
	reader := secretLine.FindString(r.out)
	if r.code != 0 || reader == "" || !strings.Contains(r.out, "expires 20") {
		t.Fatalf("token create --expires: %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "token", "create", "--name", "admin", "--role", "viewer", "--database-url", db); r.code == 0 || !strings.Contains(r.out, "already exists") {
		t.Fatalf("a second token named admin: %d %s", r.code, r.out)
	}

	port := freePort(t)
	s := startServe(t, dir, []string{"DATABASE_URL=" + db}, "--host", "0.0.0.0", "--port", fmt.Sprint(port))
	s.waitHealthy(t, port)
	send := func(method, path, secret, body string) (int, string) {
		req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
		req.Header.Set("X-Change-Reason", "bootstrap check")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	instance := `{"name":"first","model_name":"m","cluster_name":"c","image_tag":"i"}`
	if st, body := send("POST", "/api/instances", "", instance); st != 401 {
		t.Fatalf("an anonymous write: %d %s", st, body)
	}
	if st, body := send("POST", "/api/instances", reader, instance); st != 403 {
		t.Fatalf("a viewer's write: %d %s", st, body)
	}
	if st, body := send("POST", "/api/instances", admin, instance); st != 201 {
		t.Fatalf("the admin token's write: %d %s", st, body)
	}
	st, body := send("GET", "/api/history", reader, "")
	var page struct {
		Items []struct{ Actor, Via, Reason string }
	}
	_ = json.Unmarshal([]byte(body), &page)
	if st != 200 || len(page.Items) != 1 || page.Items[0].Actor != "admin" || page.Items[0].Reason != "bootstrap check" || page.Items[0].Via != "api" {
		t.Fatalf("history: %d %s", st, body)
	}

	r = iims(t, dir, nil, "token", "list", "--database-url", db)
	if r.code != 0 || !regexp.MustCompile(`admin\s+admin\s+active`).MatchString(r.out) || !regexp.MustCompile(`reader\s+viewer\s+active`).MatchString(r.out) ||
		strings.Contains(r.out, admin) || strings.Contains(r.out, reader) {
		t.Fatalf("token list (never the secrets): %d %s", r.code, r.out)
	}
	if r = iims(t, dir, nil, "token", "revoke", "reader", "--database-url", db); r.code != 0 || !strings.Contains(r.out, "revoked") {
		t.Fatalf("token revoke: %d %s", r.code, r.out)
	}
	r = iims(t, dir, nil, "token", "list", "--database-url", db)
	if !regexp.MustCompile(`reader\s+viewer\s+revoked`).MatchString(r.out) {
		t.Fatalf("a revoked token listed as %s", r.out)
	}
	// The server read the reader token less than 10 s ago; within its cache time it may still
	// work, after it, never. The admin token, used through the API, revokes at once.
	if st, _ := send("DELETE", "/api/tokens/1", admin, ""); st != 200 {
		t.Fatalf("revoke the admin token through the API: %d", st)
	}
	if st, body := send("GET", "/api/instances", admin, ""); st != 401 || !strings.Contains(body, "revoked") {
		t.Fatalf("a revoked token still works: %d %s", st, body)
	}
	s.stop(t)
	for _, secret := range []string{admin, reader} {
		if strings.Contains(s.out.String(), secret) {
			t.Fatal("a secret reached the server's log")
		}
	}
	if !strings.Contains(s.out.String(), `"auth":"token"`) {
		t.Errorf("the log does not say how callers are let in:\n%s", s.out)
	}
}

// A CLI import writes as the OS user, via import, with --reason.
func TestImportRecordsTheOSUser(t *testing.T) {
	dir := t.TempDir()
	db := dbtest.URL(t, store.EngineSQLite)
	writeFile(t, dir+"/fleet.csv", "name,model_name,cluster_name,image_tag\nimported,m,c,i\n")
	if r := iims(t, dir, []string{"REQUIRE_REASON=true"}, "import", "fleet.csv", "--database-url", db); r.code == 0 || !strings.Contains(r.out, "--reason is required") {
		t.Fatalf("import without a reason under REQUIRE_REASON: %d %s", r.code, r.out)
	}
	if r := iims(t, dir, []string{"REQUIRE_REASON=true"}, "import", "fleet.csv", "--reason", "CMDB sync", "--database-url", db); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.out)
	}
	recs := historyOf(t, db)
	if len(recs) != 1 || recs[0].Actor == nil || *recs[0].Actor != currentUser(t) || *recs[0].Via != "import" || *recs[0].Reason != "CMDB sync" {
		t.Fatalf("import record %+v", recs)
	}
}

func currentUser(t *testing.T) string {
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	return u.Username
}
