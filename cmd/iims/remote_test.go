package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// remoteServer is `iims serve` with AUTH=token on a real database, and an editor's and a viewer's
// token made as an operator would (iims token create).
type remoteServer struct {
	*server
	db, dir, port string
	env, viewer   []string // IIMS_SERVER and IIMS_TOKEN for the CLI
}

func startRemoteServer(t *testing.T, e store.Engine) *remoteServer {
	t.Helper()
	dir := t.TempDir()
	db := dbtest.URL(t, e)
	token := func(name, role string) string {
		r := iims(t, dir, nil, "token", "create", "--name", name, "--role", role, "--database-url", db)
		secret := secretLine.FindString(r.out)
		if r.code != 0 || secret == "" {
			t.Fatalf("token create: %d %s", r.code, r.out)
		}
		return secret
	}
	editor, viewer := token("ci-editor", "editor"), token("dashboard", "viewer")
	port := freePort(t)
	rs := &remoteServer{db: db, dir: dir, port: fmt.Sprint(port)}
	rs.server = startServe(t, dir, []string{"DATABASE_URL=" + db, "AUTH=token"}, "--port", rs.port)
	rs.waitHealthy(t, port)
	rs.env = []string{"IIMS_SERVER=" + rs.base, "IIMS_TOKEN=" + editor}
	rs.viewer = []string{"IIMS_SERVER=" + rs.base, "IIMS_TOKEN=" + viewer}
	return rs
}

// cli runs a remote command and fails the test unless it exits with want.
func (rs *remoteServer) cli(t *testing.T, want int, args ...string) string {
	t.Helper()
	r := iims(t, rs.dir, rs.env, args...)
	if r.code != want {
		t.Fatalf("iims %s: exit %d, want %d\n%s", strings.Join(args, " "), r.code, want, r.out)
	}
	return r.out
}

func TestRemoteCLI(t *testing.T) {
	for _, e := range []store.Engine{store.EngineSQLite, store.EnginePostgres} {
		t.Run(string(e), func(t *testing.T) {
			rs := startRemoteServer(t, e)
			for i, c := range []struct{ name, cluster, status string }{{"cli-a", "gpu-1", "active"}, {"cli-b", "gpu-2", "active"}, {"cli-c", "gpu-1", "error"}} {
				rs.cli(t, 0, "instances", "create", "--name", c.name, "--model", "llama-7b", "--cluster", c.cluster, "--image", "llama:7b",
					"--status", c.status, "--replicas", fmt.Sprint(i+1), "--reason", "seed", "-o", "json")
			}

			// A list with filters, in each output format.
			var listed []map[string]any
			if err := json.Unmarshal([]byte(rs.cli(t, 0, "instances", "list", "--cluster", "gpu-1", "--sort", "name", "-o", "json")), &listed); err != nil || len(listed) != 2 ||
				listed[0]["name"] != "cli-a" || listed[1]["name"] != "cli-c" {
				t.Fatalf("list -o json: %v %v", listed, err)
			}
			var asYAML []map[string]any
			if err := yaml.Unmarshal([]byte(rs.cli(t, 0, "instances", "list", "--cluster", "gpu-1", "--status", "error", "-o", "yaml")), &asYAML); err != nil ||
				len(asYAML) != 1 || asYAML[0]["name"] != "cli-c" || asYAML[0]["cluster_name"] != "gpu-1" {
				t.Fatalf("list -o yaml: %v %v", asYAML, err)
			}
			table := rs.cli(t, 0, "instances", "list", "--cluster", "gpu-1", "--sort", "name", "-o", "table")
			lines := strings.Split(strings.TrimSpace(table), "\n")
			if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], "cli-a") || !strings.Contains(lines[2], "cli-c") ||
				lines[3] != "2 of 2 instances" || strings.Contains(lines[0], "IMAGE") {
				t.Fatalf("list -o table:\n%s", table)
			}
			if wide := rs.cli(t, 0, "instances", "list", "-o", "wide"); !strings.Contains(wide, "IMAGE") || !strings.Contains(wide, "llama:7b") {
				t.Fatalf("list -o wide:\n%s", wide)
			}
			// Piped (as here), the default is JSON.
			if out := rs.cli(t, 0, "instances", "get", "cli-b"); !json.Valid([]byte(out)) || !strings.Contains(out, `"cluster_name": "gpu-2"`) {
				t.Fatalf("get by name, piped: %s", out)
			}

			// Update, conflicts and exit codes scripts rely on.
			var updated map[string]any
			_ = json.Unmarshal([]byte(rs.cli(t, 0, "instances", "update", "cli-b", "--replicas", "5", "--if-version", "1", "--reason", "INC-9: scale up")), &updated)
			if updated["replicas"] != float64(5) || updated["version"] != float64(2) {
				t.Fatalf("update: %v", updated)
			}
			if out := rs.cli(t, 4, "instances", "update", "cli-b", "--replicas", "6", "--if-version", "1"); !strings.Contains(out, "412") {
				t.Fatalf("a stale --if-version: %s", out)
			}
			rs.cli(t, 3, "instances", "get", "no-such-instance")
			rs.cli(t, 5, "instances", "update", "cli-b", "--replicas", "1000")
			rs.cli(t, 2, "instances", "list", "-o", "xml")
			if r := iims(t, rs.dir, rs.viewer, "instances", "delete", "cli-a"); r.code != 6 {
				t.Fatalf("a viewer deleting: %d %s", r.code, r.out)
			}
			if r := iims(t, rs.dir, []string{"IIMS_SERVER=http://127.0.0.1:1"}, "instances", "list"); r.code != 7 {
				t.Fatalf("no server: %d %s", r.code, r.out)
			}

			// The history says who, via what and why.
			var page struct{ Items []map[string]any }
			_ = json.Unmarshal([]byte(rs.cli(t, 0, "history", "list", "--instance-id", fmt.Sprint(updated["id"]), "--limit", "1")), &page)
			if len(page.Items) != 1 || page.Items[0]["actor"] != "ci-editor" || page.Items[0]["via"] != "cli" || page.Items[0]["reason"] != "INC-9: scale up" {
				t.Fatalf("history of the update: %v", page.Items)
			}

			// Revert it, then delete and restore cli-a, then undo the revert.
			first := rs.cli(t, 0, "history", "list", "--instance-id", fmt.Sprint(updated["id"]), "--operation-type", "create", "-o", "json")
			_ = json.Unmarshal([]byte(first), &page)
			createID := fmt.Sprint(page.Items[0]["history_id"])
			if plan := rs.cli(t, 0, "revert", "cli-b", "--to", createID, "--dry-run", "-o", "table"); !strings.Contains(plan, "replicas 5→2") {
				t.Fatalf("revert plan:\n%s", plan)
			}
			var reverted struct {
				Instance map[string]any `json:"instance"`
			}
			_ = json.Unmarshal([]byte(rs.cli(t, 0, "revert", "cli-b", "--to", createID)), &reverted)
			if reverted.Instance["replicas"] != float64(2) {
				t.Fatalf("revert: %v", reverted)
			}
			rs.cli(t, 0, "instances", "delete", "cli-a", "--reason", "retired")
			a := listed[0]["id"]
			rs.cli(t, 0, "restore", fmt.Sprint(a), "--reason", "not retired after all")
			rs.cli(t, 0, "instances", "get", fmt.Sprint(a))
		})
	}
}

func TestRemoteApplyIsAllOrNothingAndIdempotent(t *testing.T) {
	for _, e := range []store.Engine{store.EngineSQLite, store.EnginePostgres} {
		t.Run(string(e), func(t *testing.T) {
			rs := startRemoteServer(t, e)
			file := filepath.Join(rs.dir, "fleet.yaml")
			writeFile(t, file, "- {name: ap-1, model_name: m, cluster_name: c, image_tag: i, replicas: 2}\n- {name: ap-2, model_name: m, cluster_name: c, image_tag: i}\n")
			if plan := rs.cli(t, 0, "apply", "-f", file, "--dry-run", "-o", "table"); !strings.Contains(plan, "plan: 2 to create, 0 to update, 0 unchanged") {
				t.Fatalf("dry run:\n%s", plan)
			}
			rs.cli(t, 3, "instances", "get", "ap-1") // the dry run wrote nothing
			if out := rs.cli(t, 0, "apply", "-f", file, "--reason", "capacity plan", "-o", "table"); !strings.Contains(out, "applied: 2 created, 0 updated, 0 unchanged") {
				t.Fatalf("apply:\n%s", out)
			}
			if again := rs.cli(t, 0, "apply", "-f", file, "-o", "table"); !strings.Contains(again, "nothing to do: 0 to create, 0 to update, 2 unchanged") {
				t.Fatalf("the same file again:\n%s", again)
			}
			var plan struct {
				Updated int `json:"updated"`
				Items   []struct {
					Action  string
					Changes map[string]map[string]any
				}
			}
			writeFile(t, file, "- {name: ap-1, replicas: 3}\n- {name: ap-2, replicas: many}\n")
			if out := rs.cli(t, 5, "apply", "-f", file); !strings.Contains(out, "line 2: replicas") {
				t.Fatalf("a bad row: %s", out)
			}
			writeFile(t, file, "- {name: ap-1, replicas: 3}\n")
			_ = json.Unmarshal([]byte(rs.cli(t, 0, "apply", "-f", file, "--dry-run")), &plan)
			if plan.Updated != 1 || plan.Items[0].Changes["replicas"]["old"] != float64(2) {
				t.Fatalf("an update's plan: %+v", plan)
			}
		})
	}
}

// TestRemoteWatchFollowsAndResumes: watch prints a change another client makes, keeps going when
// the server restarts (resuming with since), and prints every change exactly once.
func TestRemoteWatchFollowsAndResumes(t *testing.T) {
	for _, e := range []store.Engine{store.EngineSQLite, store.EnginePostgres} {
		t.Run(string(e), func(t *testing.T) {
			rs := startRemoteServer(t, e)
			cmd := exec.Command(binary, "watch", "--since", "0", "-o", "json") // from the start: nothing can slip by before it connects
			cmd.Dir, cmd.Env = rs.dir, append(cleanEnv(), rs.env...)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = io.Discard
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
			events := make(chan map[string]any, 16)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					var ev map[string]any
					if json.Unmarshal(sc.Bytes(), &ev) == nil {
						events <- ev
					}
				}
				close(events)
			}()
			next := func(what string) map[string]any {
				t.Helper()
				select {
				case ev, ok := <-events:
					if !ok {
						t.Fatalf("watch ended before %s", what)
					}
					return ev
				case <-time.After(20 * time.Second):
					t.Fatalf("no event for %s", what)
				}
				return nil
			}
			rs.cli(t, 0, "instances", "create", "--name", "w-1", "--model", "m", "--cluster", "c", "--image", "i")
			if ev := next("the first create"); ev["type"] != "instance.created" || ev["record"].(map[string]any)["name"] != "w-1" {
				t.Fatalf("first event %v", ev)
			}

			// The server goes away; a change is made while watch is disconnected... by a second server
			// on the same database, which then stops too; then the first comes back.
			rs.stop(t)
			port := freePort(t)
			other := startServe(t, rs.dir, []string{"DATABASE_URL=" + rs.db, "AUTH=token"}, "--port", fmt.Sprint(port))
			other.waitHealthy(t, port)
			if r := iims(t, rs.dir, []string{"IIMS_SERVER=" + other.base, rs.env[1]}, "instances", "update", "w-1", "--replicas", "3"); r.code != 0 {
				t.Fatalf("update through the other server: %d %s", r.code, r.out)
			}
			other.stop(t)
			restarted := startServe(t, rs.dir, []string{"DATABASE_URL=" + rs.db, "AUTH=token"}, "--port", rs.port)
			restarted.waitHealthy(t, mustAtoi(t, rs.port))
			if ev := next("the update made while disconnected"); ev["type"] != "instance.updated" || ev["changes"].(map[string]any)["replicas"] == nil {
				t.Fatalf("after the restart %v", ev)
			}
			rs.cli(t, 0, "instances", "delete", "w-1")
			if ev := next("the delete"); ev["type"] != "instance.deleted" {
				t.Fatalf("then %v", ev)
			}
			select {
			case ev := <-events:
				t.Fatalf("an event twice, or one too many: %v", ev)
			case <-time.After(time.Second):
			}
		})
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
