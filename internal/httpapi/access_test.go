package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	apispec "github.com/iims/iims/api"
	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/httpapi"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/realtime"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
	"github.com/iims/iims/internal/testutil/spectest"
)

// wantRoles is what each operation must need, written down apart from the spec: a new operation
// fails TestAuthorizationMatrix until it is added here (deliberately), and a role changed in the
// spec alone fails it too.
var wantRoles = map[string]string{
	"instanceList": "viewer", "instanceCreate": "editor", "instanceBulk": "editor", "instanceImport": "editor", "instanceExport": "viewer",
	"instanceGet": "viewer", "instanceUpdate": "editor", "instanceDelete": "editor",
	"instanceHistoryList": "viewer", "historyList": "viewer", "historyExport": "viewer", "historyGet": "viewer",
	"historyCompare": "viewer", "eventsStream": "viewer", "statsGet": "viewer", "meGet": "viewer",
	"tokenList": "admin", "tokenCreate": "admin", "tokenGet": "admin", "tokenRevoke": "admin",
	"readyGet": "viewer", "healthGet": "none",
	"instanceRevert": "editor", "instanceRestore": "editor", "historyUndo": "editor",
	"historyDiff": "viewer", "historyDiffExport": "viewer",
}

// caller is one row of the matrix's credentials.
type caller struct {
	name    string
	role    string // the role it has ("" none: every protected operation must answer 401)
	headers map[string]string
	trusted bool // sent from the trusted proxy's address
}

// matrixOp is one operation of the spec as a request that passes validation where it can.
type matrixOp struct {
	id, method, path, need string
	body                   []byte
}

// TestAuthorizationMatrix sends every operation of the spec with every kind of credentials and
// checks the answer: 401 (with WWW-Authenticate) without valid credentials, 403 with too low a
// role, and otherwise anything the operation itself may answer — never 401, 403 or a 5xx.
func TestAuthorizationMatrix(t *testing.T) {
	ops := specOperations(t)
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			m := newMatrixServer(t, e)
			checked := 0
			for _, op := range ops {
				for _, c := range m.callers {
					status, header, body := m.send(t, op, c)
					allowed := op.need == "none" || (op.id == "readyGet") || // /ready is public by default (AUTH_PUBLIC=ready)
						(c.role != "" && auth.Role(c.role).Allows(auth.Role(op.need)))
					switch {
					case !allowed && c.role == "":
						if status != http.StatusUnauthorized || !strings.HasPrefix(header.Get("WWW-Authenticate"), "Bearer") {
							t.Errorf("%s as %s: %d %s, want 401 with WWW-Authenticate", op.id, c.name, status, body)
						}
					case !allowed:
						if status != http.StatusForbidden {
							t.Errorf("%s as %s (%s): %d %s, want 403", op.id, c.name, c.role, status, body)
						}
					default:
						if status == http.StatusUnauthorized || status == http.StatusForbidden || status >= 500 {
							t.Errorf("%s as %s (%s): %d %s, want the operation's own answer", op.id, c.name, c.role, status, body)
						}
					}
					checked++
				}
			}
			if want := len(ops) * len(m.callers); checked != want {
				t.Fatalf("checked %d cells, want %d", checked, want)
			}
			t.Logf("authorization matrix: %d operations × %d kinds of credentials = %d cells", len(ops), len(m.callers), checked)
			for _, secret := range m.secrets {
				if strings.Contains(m.logs.String(), secret) || strings.Contains(m.logs.String(), secret[5:]) {
					t.Fatal("a token's secret reached the server's log")
				}
			}
		})
	}
}

// specOperations lists every operation of the spec as a request, checking that each has the
// role wantRoles says.
func specOperations(t *testing.T) []matrixOp {
	spec, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ops []matrixOp
	seen := map[string]bool{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			need, _ := op.Extensions["x-required-role"].(string)
			want, ok := wantRoles[op.OperationID]
			switch {
			case !ok:
				t.Errorf("operation %s (%s %s) is missing from the authorization matrix: add it to wantRoles", op.OperationID, method, path)
			case need != want:
				t.Errorf("operation %s needs %q in the spec but %q in the matrix", op.OperationID, need, want)
			}
			seen[op.OperationID] = true
			ops = append(ops, matrixOp{id: op.OperationID, method: method, need: need,
				path: "/api" + strings.NewReplacer("{id}", "999999", "{instance_id}", "1", "{history_id}", "1", "{token_id}", "999999").Replace(path) + query(op),
				body: exampleBody(t, op)})
		}
	}
	for id := range wantRoles {
		if !seen[id] {
			t.Errorf("wantRoles lists %s, which the spec does not have", id)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

// query fills the operation's required query parameters.
func query(op *openapi3.Operation) string {
	switch op.OperationID {
	case "historyCompare":
		return "?from=1&to=1"
	case "historyDiff", "historyDiffExport":
		return "?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z"
	}
	return ""
}

// exampleBody is the request body's example from the spec (its first named example, else the
// media type's example).
func exampleBody(t *testing.T, op *openapi3.Operation) []byte {
	if op.RequestBody == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	example := mt.Example
	if len(mt.Examples) > 0 {
		names := make([]string, 0, len(mt.Examples))
		for name := range mt.Examples {
			names = append(names, name)
		}
		slices.Sort(names)
		example = mt.Examples[names[0]].Value.Value
	}
	b, err := json.Marshal(example)
	if err != nil || example == nil {
		t.Fatalf("%s: its request body needs an example in the spec", op.OperationID)
	}
	return b
}

type matrixServer struct {
	url              string
	logs             *syncBuffer
	callers          []caller
	secrets          []string
	direct, viaProxy *http.Client
}

// newMatrixServer serves IIMS with AUTH=token,proxy, believing the proxy's headers only from
// 127.0.0.2, and makes one token per role plus a revoked and an expired one.
func newMatrixServer(t *testing.T, e store.Engine) *matrixServer {
	cfg, err := auth.Settings{Mode: "token,proxy", ProxyHeader: "X-Forwarded-User", EmailHeader: "X-Forwarded-Email",
		GroupsHeader: "X-Forwarded-Groups", ProxyTrusted: []string{"127.0.0.2"}, ProxyRoles: []string{"iims-editors=editor", "iims-admins=admin"},
		Public: []string{"ready"}}.Resolve("0.0.0.0")
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, e, func(o *httpapi.Options) {
		o.Auth = auth.NewAuthenticator(cfg, o.Service.Store(), nil)
		o.Events = (&realtime.Stream{Hub: realtime.NewHub(realtime.DefaultBuffer), Store: o.Service.Store(), Log: o.Logger}).Serve
	})
	st := s.st
	m := &matrixServer{url: s.url, logs: s.logs}
	ctx := context.Background()
	token := func(name, role string) string {
		_, secret, err := auth.CreateToken(ctx, st, auth.NewTokenRequest{Name: name, Role: auth.Role(role), CreatedBy: "test"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		m.secrets = append(m.secrets, secret)
		return secret
	}
	viewer, editor, admin := token("matrix-viewer", "viewer"), token("matrix-editor", "editor"), token("matrix-admin", "admin")
	revoked := token("matrix-revoked", "admin")
	tok, err := auth.FindToken(ctx, st, "matrix-revoked")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.RevokeToken(ctx, st, tok.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	expired := insertExpiredToken(t, st)
	m.secrets = append(m.secrets, expired)
	unknown, _, _ := auth.NewToken()
	bearer := func(s string) map[string]string { return map[string]string{"Authorization": "Bearer " + s} }
	proxyHeaders := map[string]string{"X-Forwarded-User": "alice", "X-Forwarded-Email": "alice@example.com", "X-Forwarded-Groups": "staff, iims-editors"}
	m.callers = []caller{
		{name: "no credentials"},
		{name: "malformed bearer", headers: bearer("not-a-token")},
		{name: "basic auth", headers: map[string]string{"Authorization": "Basic YWxpY2U6c2VjcmV0"}},
		{name: "unknown token", headers: bearer(unknown)},
		{name: "revoked token", headers: bearer(revoked)},
		{name: "expired token", headers: bearer(expired)},
		{name: "viewer token", role: "viewer", headers: bearer(viewer)},
		{name: "editor token", role: "editor", headers: bearer(editor)},
		{name: "admin token", role: "admin", headers: bearer(admin)},
		{name: "proxy user from the trusted proxy", role: "editor", headers: proxyHeaders, trusted: true},
		{name: "proxy user in no mapped group", role: "viewer", headers: map[string]string{"X-Forwarded-User": "bob"}, trusted: true},
		{name: "proxy headers from an untrusted peer", headers: proxyHeaders},
	}
	m.direct = spectest.Client(t)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	m.viaProxy = &http.Client{Transport: spectest.Transport(t, &http.Transport{DialContext: dialer.DialContext})}
	return m
}

// insertExpiredToken stores a token that expired an hour ago (CreateToken refuses to make one).
func insertExpiredToken(t *testing.T, st *store.Store) string {
	secret, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour).UTC().Truncate(time.Microsecond)
	created := past.Add(-time.Hour)
	err = st.ApplyOther(context.Background(), func(q store.Querier) error {
		_, err := q.TokenInsert(context.Background(), store.TokenInsertParams{Name: "matrix-expired", Role: "admin",
			TokenHash: hash, Prefix: auth.DisplayPrefix(secret), CreatedBy: "test", CreatedAt: created, ExpiresAt: &past})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func (m *matrixServer) send(t *testing.T, op matrixOp, c caller) (int, http.Header, string) {
	t.Helper()
	var body io.Reader
	if op.body != nil {
		body = strings.NewReader(string(op.body))
	}
	req, err := http.NewRequest(op.method, m.url+op.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if op.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	client := m.direct
	if c.trusted {
		client = m.viaProxy
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s as %s: %v", op.id, c.name, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, fmt.Sprintf("%.300s", raw)
}

// TestOutsideTheAPI: /health is always open, /ready open by default, /metrics needs a viewer
// unless AUTH_PUBLIC lists it.
func TestOutsideTheAPI(t *testing.T) {
	for _, public := range [][]string{{"ready"}, {"ready", "metrics"}, {}} {
		t.Run(strings.Join(public, ",")+"|", func(t *testing.T) {
			st := dbtest.Open(t, store.EngineSQLite)
			cfg, err := auth.Settings{Mode: "token", Public: public}.Resolve("0.0.0.0")
			if err != nil {
				t.Fatal(err)
			}
			h, err := httpapi.New(httpapi.Options{Service: instances.NewService(st), Auth: auth.NewAuthenticator(cfg, st, nil),
				Metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "# metrics\n") })})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(h)
			defer ts.Close()
			isPublic := func(name string) bool { return slices.Contains(public, name) }
			for path, open := range map[string]bool{"/health": true, "/api/health": true, "/ready": isPublic("ready"),
				"/api/ready": isPublic("ready"), "/metrics": isPublic("metrics")} {
				res, err := http.Get(ts.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				// Open means answered (a healthy SQLite store: 200), not merely "not a 401".
				if want := map[bool]int{true: http.StatusOK, false: http.StatusUnauthorized}[open]; res.StatusCode != want {
					t.Errorf("%s without credentials: %d, want %d", path, res.StatusCode, want)
				}
			}
		})
	}
}

// A refused request is logged with who was refused: the access log is where an audit looks for
// "alice (viewer) tried to delete a token".
func TestRefusedRequestsAreLoggedWithTheActor(t *testing.T) {
	st := dbtest.Open(t, store.EngineSQLite)
	cfg, err := auth.Settings{Mode: "token"}.Resolve("0.0.0.0")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := auth.CreateToken(context.Background(), st, auth.NewTokenRequest{Name: "alice", Role: auth.RoleViewer, CreatedBy: "test"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	h, err := httpapi.New(httpapi.Options{Service: instances.NewService(st), Auth: auth.NewAuthenticator(cfg, st, log), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	req, _ := http.NewRequest("DELETE", ts.URL+"/api/tokens/1", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer revoking a token: %d, want 403", res.StatusCode)
	}
	// The access log is written once the answer is out: wait for it.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), `"status":403`) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if line := logs.String(); !strings.Contains(line, `"status":403`) || !strings.Contains(line, `"actor":"alice"`) {
		t.Fatalf("the 403 is not logged with its actor:\n%s", line)
	}
}

// lockedBuffer is a log destination the test reads while the server writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
