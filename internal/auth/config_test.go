package auth

import (
	"strings"
	"testing"
)

// The access mode each listen address and AUTH gets, and the refusals that explain themselves.
func TestResolveModes(t *testing.T) {
	for _, c := range []struct {
		host, mode string
		allowOpen  bool
		want       string // the mode, or "error: <part of the message>"
		open       bool
	}{
		{host: "127.0.0.1", want: "off"},
		{host: "localhost", want: "off"},
		{host: "::1", want: "off"},
		{host: "0.0.0.0", want: "token"},
		{host: "10.1.2.3", want: "token"},
		{host: "0.0.0.0", mode: "off", want: "error: AUTH_ALLOW_OPEN"},
		{host: "0.0.0.0", mode: "off", allowOpen: true, want: "off", open: true},
		{host: "127.0.0.1", mode: "off", want: "off"},
		{host: "127.0.0.1", mode: "token", want: "token"},
		{host: "0.0.0.0", mode: "Token, Proxy", want: "token,proxy"},
		{host: "0.0.0.0", mode: "basic", want: "error: AUTH must be"},
	} {
		s := Settings{Mode: c.mode, AllowOpen: c.allowOpen}
		if strings.Contains(strings.ToLower(c.mode), "proxy") {
			s.ProxyHeader, s.ProxyTrusted = "X-Forwarded-User", []string{"10.0.0.0/8"}
		}
		cfg, err := s.Resolve(c.host)
		got := cfg.Mode.String()
		if err != nil {
			got = "error: " + err.Error()
		}
		if !strings.HasPrefix(c.want, "error: ") && got != c.want || strings.HasPrefix(c.want, "error: ") && !strings.Contains(got, strings.TrimPrefix(c.want, "error: ")) {
			t.Errorf("HOST=%s AUTH=%q: %s, want %s", c.host, c.mode, got, c.want)
		}
		if err == nil && cfg.Open != c.open {
			t.Errorf("HOST=%s AUTH=%q: open %v", c.host, c.mode, cfg.Open)
		}
	}
}

func TestProxySettings(t *testing.T) {
	if _, err := (Settings{Mode: "proxy"}).Resolve("0.0.0.0"); err == nil || !strings.Contains(err.Error(), "AUTH_PROXY_TRUSTED") {
		t.Fatalf("proxy mode without a trusted proxy: %v", err)
	}
	if _, err := (Settings{Mode: "proxy", ProxyHeader: "X-User", ProxyTrusted: []string{"nonsense"}}).Resolve("0.0.0.0"); err == nil {
		t.Fatal("a malformed CIDR was accepted")
	}
	if _, err := (Settings{Mode: "proxy", ProxyHeader: "X-User", ProxyTrusted: []string{"10.0.0.1"}, ProxyRoles: []string{"ops=root"}}).Resolve("0.0.0.0"); err == nil {
		t.Fatal("an unknown role in AUTH_PROXY_ROLES was accepted")
	}
	cfg, err := Settings{Mode: "proxy", ProxyHeader: "X-User", ProxyTrusted: []string{"10.0.0.0/8", " 192.168.1.5 ", "::1"},
		ProxyRoles: []string{"ops=editor", "sre = admin"}, ProxyDefault: "none"}.Resolve("0.0.0.0")
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{"10.2.3.4:5000": true, "192.168.1.5:1": true, "192.168.1.6:1": false,
		"[::1]:80": true, "[::ffff:10.0.0.9]:80": true, "8.8.8.8:53": false, "garbage": false} {
		if got := cfg.trustedPeer(addr); got != want {
			t.Errorf("peer %s trusted %v, want %v", addr, got, want)
		}
	}
	for groups, want := range map[string]Role{"": "", "ops": RoleEditor, "ops,sre": RoleAdmin, "staff": ""} {
		if got := cfg.proxyRole(strings.Split(groups, ",")); got != want {
			t.Errorf("groups %q: role %q, want %q", groups, got, want)
		}
	}
	if _, err := (Settings{Public: []string{"instances"}}).Resolve("127.0.0.1"); err == nil {
		t.Fatal("AUTH_PUBLIC accepted an API endpoint")
	}
	// Proxy settings the mode would ignore are refused, not dropped in silence (behind a proxy on
	// loopback, every change would be the anonymous admin's).
	for _, mode := range []string{"", "off", "token"} {
		s := Settings{Mode: mode, ProxyHeader: "X-Forwarded-User", ProxyTrusted: []string{"127.0.0.1"}}
		if _, err := s.Resolve("127.0.0.1"); err == nil || !strings.Contains(err.Error(), "AUTH=proxy") {
			t.Errorf("AUTH=%q with proxy settings: %v", mode, err)
		}
	}
}

// AUTH_PUBLIC unset opens /ready (the probes' default); set but empty opens nothing.
func TestPublicEndpoints(t *testing.T) {
	for _, c := range []struct {
		public []string
		ready  bool
	}{{nil, true}, {[]string{}, false}, {[]string{"metrics"}, false}, {[]string{"ready", " metrics "}, true}} {
		cfg, err := Settings{Mode: "token", Public: c.public}.Resolve("0.0.0.0")
		if err != nil || cfg.Public["ready"] != c.ready {
			t.Errorf("AUTH_PUBLIC %q: ready public %v (%v), want %v", c.public, cfg.Public["ready"], err, c.ready)
		}
	}
}

func TestTokens(t *testing.T) {
	secret, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !LooksLikeToken(secret) || !strings.HasPrefix(secret, "iims_") || len(secret) != 48 || HashToken(secret) != hash || len(hash) != 64 {
		t.Fatalf("token %q hash %q", secret, hash)
	}
	if other, _, _ := NewToken(); other == secret {
		t.Fatal("two tokens alike")
	}
	for _, s := range []string{"", "iims_", "iims_short", secret[:47], secret + "x", "xxxx_" + secret[5:], "iims_" + strings.Repeat("!", 43)} {
		if LooksLikeToken(s) {
			t.Errorf("%q taken for a token", s)
		}
	}
	if p := DisplayPrefix(secret); p != secret[:12] {
		t.Errorf("display prefix %q", p)
	}
	for r, need := range map[Role]Role{RoleViewer: RoleViewer, RoleEditor: RoleViewer, RoleAdmin: RoleEditor} {
		if !r.Allows(need) {
			t.Errorf("%s does not allow %s", r, need)
		}
	}
	if RoleViewer.Allows(RoleEditor) || RoleEditor.Allows(RoleAdmin) || Role("").Allows(RoleViewer) {
		t.Error("a role allows more than it should")
	}
}
