package auth

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
)

// Mode is which credentials a server accepts.
type Mode struct {
	Tokens, Proxy bool // neither: access control is off
}

func (m Mode) String() string {
	switch {
	case m.Tokens && m.Proxy:
		return "token,proxy"
	case m.Tokens:
		return "token"
	case m.Proxy:
		return "proxy"
	}
	return "off"
}

// Off reports whether anyone may do anything.
func (m Mode) Off() bool { return !m.Tokens && !m.Proxy }

// Settings are the access-control settings (AUTH_* and REQUIRE_REASON in the environment).
type Settings struct {
	Mode          string // "" (off on a loopback address, token elsewhere), off, token, proxy, token,proxy
	AllowOpen     bool   // AUTH_ALLOW_OPEN: AUTH=off on a non-loopback address is deliberate
	ProxyHeader   string // the header naming the user (e.g. X-Forwarded-User)
	EmailHeader   string
	GroupsHeader  string
	ProxyTrusted  []string // CIDRs of the proxies whose headers are believed
	ProxyRoles    []string // group=role
	ProxyDefault  string   // the role of a proxy user in no mapped group ("none": refused)
	RequireReason bool
	Public        []string // endpoints open without credentials besides /health: ready, metrics (nil: ready)
}

// Config is Settings checked and resolved for a listen address.
type Config struct {
	Mode          Mode
	Open          bool // AUTH=off on a non-loopback address, on purpose (warn at every start)
	ProxyHeader   string
	EmailHeader   string
	GroupsHeader  string
	trusted       []netip.Prefix
	roles         map[string]Role
	proxyDefault  Role // "" refuses
	RequireReason bool
	Public        map[string]bool
}

// Resolve checks the settings for a server listening on host and decides the mode: unset, access
// control is off on a loopback address (a laptop) and tokens are required anywhere else; AUTH=off
// on another address is refused unless AllowOpen says it is deliberate.
func (s Settings) Resolve(host string) (Config, error) {
	c := Config{ProxyHeader: s.ProxyHeader, EmailHeader: s.EmailHeader, GroupsHeader: s.GroupsHeader,
		RequireReason: s.RequireReason, roles: map[string]Role{}, Public: map[string]bool{}}
	loopback := isLoopback(host)
	switch strings.ReplaceAll(strings.ToLower(s.Mode), " ", "") {
	case "":
		c.Mode.Tokens = !loopback
	case "off", "none":
		if !loopback && !s.AllowOpen {
			return c, fmt.Errorf("AUTH=off on %s would let anyone who reaches the port change the fleet: "+
				"set AUTH=token (and create a token: iims token create --name NAME --role admin), "+
				"AUTH=proxy behind an SSO proxy, or AUTH_ALLOW_OPEN=true if an open server is what you want", host)
		}
		c.Open = !loopback
	case "token":
		c.Mode.Tokens = true
	case "proxy":
		c.Mode.Proxy = true
	case "token,proxy", "proxy,token":
		c.Mode.Tokens, c.Mode.Proxy = true, true
	default:
		return c, fmt.Errorf("AUTH must be off, token, proxy or token,proxy, not %q", s.Mode)
	}
	if c.Mode.Proxy {
		if err := c.proxySettings(s); err != nil {
			return c, err
		}
	} else if s.ProxyHeader != "" || len(s.ProxyTrusted) > 0 {
		// Proxy settings without proxy mode would be ignored in silence: behind the proxy every
		// change would be the anonymous admin's (AUTH unset on loopback) or every request a 401.
		return c, fmt.Errorf("AUTH_PROXY_HEADER or AUTH_PROXY_TRUSTED is set, but AUTH=%s does not believe a proxy: "+
			"set AUTH=proxy (or token,proxy), or remove the AUTH_PROXY_* settings", c.Mode)
	}
	public := s.Public
	if public == nil {
		public = []string{"ready"}
	}
	for _, p := range public {
		switch p = strings.TrimSpace(p); p {
		case "ready", "metrics":
			c.Public[p] = true
		case "":
		default:
			return c, fmt.Errorf("AUTH_PUBLIC lists endpoints that need no credentials: ready, metrics — not %q", p)
		}
	}
	return c, nil
}

func (c *Config) proxySettings(s Settings) error {
	if s.ProxyHeader == "" || len(s.ProxyTrusted) == 0 {
		return fmt.Errorf("AUTH=proxy needs AUTH_PROXY_HEADER (e.g. X-Forwarded-User) and AUTH_PROXY_TRUSTED " +
			"(the proxy's addresses, e.g. 10.0.0.0/8): the header is believed only from those")
	}
	for _, cidr := range s.ProxyTrusted {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		p, err := netip.ParsePrefix(cidr)
		if err != nil {
			a, aerr := netip.ParseAddr(cidr)
			if aerr != nil {
				return fmt.Errorf("AUTH_PROXY_TRUSTED must list addresses or CIDRs such as 10.0.0.0/8, not %q", cidr)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		c.trusted = append(c.trusted, p.Masked())
	}
	for _, m := range s.ProxyRoles {
		if m = strings.TrimSpace(m); m == "" {
			continue
		}
		group, role, ok := strings.Cut(m, "=")
		r, err := ParseRole(strings.TrimSpace(role))
		if !ok || strings.TrimSpace(group) == "" || err != nil {
			return fmt.Errorf("AUTH_PROXY_ROLES maps groups to roles as group=role (viewer, editor, admin), not %q", m)
		}
		c.roles[strings.TrimSpace(group)] = r
	}
	switch d := strings.TrimSpace(s.ProxyDefault); d {
	case "none":
	case "":
		c.proxyDefault = RoleViewer
	default:
		r, err := ParseRole(d)
		if err != nil {
			return fmt.Errorf("AUTH_PROXY_DEFAULT_ROLE: %w (or none)", err)
		}
		c.proxyDefault = r
	}
	return nil
}

// trustedPeer reports whether a request's peer (its TCP source) is a trusted proxy.
func (c Config) trustedPeer(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	return slices.ContainsFunc(c.trusted, func(p netip.Prefix) bool { return p.Contains(a) })
}

// proxyRole is the role of a proxy user in groups: the highest mapped one, else the default.
func (c Config) proxyRole(groups []string) Role {
	best := c.proxyDefault
	for _, g := range groups {
		if r, ok := c.roles[strings.TrimSpace(g)]; ok && r.rank() > best.rank() {
			best = r
		}
	}
	return best
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && a.IsLoopback()
}
