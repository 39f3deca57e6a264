package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/iims/iims/internal/provenance"
	"github.com/iims/iims/internal/store"
)

// Failure is why a request's credentials are refused (401). Its message never repeats a
// credential.
type Failure struct {
	Message string
	// Invalid marks credentials that were given but are not accepted (RFC 6750's
	// error="invalid_token"), as opposed to none at all.
	Invalid bool
}

func (f *Failure) Error() string { return f.Message }

// tokenCacheTTL bounds how long a replica believes what it read of a token: a token revoked on
// another replica stops working here within this time (at once on the replica that revoked it).
const tokenCacheTTL = 10 * time.Second

// touchEvery is how often a token's last_used_at is written (it is kept to the minute, so that
// reads do not turn into writes).
const touchEvery = time.Minute

// Authenticator identifies the caller of each request under a Config.
type Authenticator struct {
	cfg   Config
	store *store.Store
	log   *slog.Logger
	now   func() time.Time

	mu      sync.Mutex
	cache   map[string]cachedToken // by hash
	touched map[int64]time.Time    // token id → when last_used_at was last written
}

type cachedToken struct {
	tok     store.Token
	fetched time.Time
}

// NewAuthenticator returns an Authenticator; st holds the tokens.
func NewAuthenticator(cfg Config, st *store.Store, log *slog.Logger) *Authenticator {
	if log == nil {
		log = slog.Default()
	}
	return &Authenticator{cfg: cfg, store: st, log: log, now: time.Now,
		cache: map[string]cachedToken{}, touched: map[int64]time.Time{}}
}

// Config returns the settings the authenticator runs with.
func (a *Authenticator) Config() Config { return a.cfg }

// Authenticate returns the caller of r. Proxy identity headers that did not come from a trusted
// proxy are removed from r, so that nothing after this can mistake them for the proxy's word.
func (a *Authenticator) Authenticate(r *http.Request) (Principal, error) {
	proxyUser, proxyErr := a.proxyIdentity(r)
	if a.cfg.Mode.Off() {
		return Principal{Actor: provenance.Anonymous, Kind: KindAnonymous, Role: RoleAdmin}, nil
	}
	secret, scheme := credential(r)
	switch {
	case secret != "" && LooksLikeToken(secret) && a.cfg.Mode.Tokens:
		return a.tokenPrincipal(r.Context(), secret)
	case proxyErr != nil:
		return Principal{}, proxyErr
	case proxyUser != nil:
		// A trusted proxy vouches for the user; a bearer credential that is not an IIMS token
		// (an OIDC token the proxy passes on) is its business, not ours.
		return *proxyUser, nil
	case secret != "" && LooksLikeToken(secret):
		return Principal{}, &Failure{Invalid: true, Message: "this server does not accept API tokens (AUTH=proxy): sign in through its SSO proxy"}
	case scheme != "":
		return Principal{}, &Failure{Invalid: true, Message: "malformed credentials: send an API token as Authorization: Bearer iims_…"}
	}
	return Principal{}, &Failure{Message: a.missingMessage()}
}

func (a *Authenticator) missingMessage() string {
	switch {
	case a.cfg.Mode.Tokens && a.cfg.Mode.Proxy:
		return "authentication required: sign in through the SSO proxy or send an API token (Authorization: Bearer iims_…)"
	case a.cfg.Mode.Proxy:
		return "authentication required: sign in through the SSO proxy"
	}
	return "authentication required: send an API token (Authorization: Bearer iims_…)"
}

// credential is the secret a request carries: an Authorization: Bearer header or, on a WebSocket
// handshake (browsers cannot set headers on it), a "bearer.<token>" subprotocol. scheme is
// non-empty when some credential was offered, even a malformed one.
func credential(r *http.Request) (secret, scheme string) {
	if h := r.Header.Get("Authorization"); h != "" {
		s, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
		if strings.EqualFold(s, "bearer") {
			return strings.TrimSpace(rest), "bearer"
		}
		return "", "other"
	}
	for _, p := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, proto := range strings.Split(p, ",") {
			if t, ok := strings.CutPrefix(strings.TrimSpace(proto), WebSocketTokenPrefix); ok {
				return t, "bearer"
			}
		}
	}
	return "", ""
}

// WebSocketTokenPrefix marks the subprotocol that carries a token on a WebSocket handshake.
const WebSocketTokenPrefix = "bearer."

// tokenPrincipal looks a token up (through the cache) and checks it is live.
func (a *Authenticator) tokenPrincipal(ctx context.Context, secret string) (Principal, error) {
	tok, err := a.lookup(ctx, HashToken(secret))
	if err != nil {
		return Principal{}, err
	}
	if err := a.live(tok); err != nil {
		return Principal{}, err
	}
	a.touch(tok.ID)
	return Principal{Actor: tok.Name, Kind: KindToken, Role: Role(tok.Role), TokenID: tok.ID, tokenHash: tok.TokenHash}, nil
}

func (a *Authenticator) lookup(ctx context.Context, hash string) (store.Token, error) {
	now := a.now()
	a.mu.Lock()
	c, ok := a.cache[hash]
	a.mu.Unlock()
	if ok && now.Sub(c.fetched) < tokenCacheTTL {
		return c.tok, nil
	}
	// Looked up by the secret's SHA-256: how long the lookup takes says nothing about the secret,
	// so no constant-time comparison is needed on top.
	tok, err := a.store.Q().TokenByHash(ctx, hash)
	switch {
	case store.IsNotFound(err):
		return store.Token{}, &Failure{Invalid: true, Message: "unknown token"}
	case err != nil:
		return store.Token{}, err
	}
	a.mu.Lock()
	// Only tokens that exist get here (revoked and expired ones too), so the cache holds at most
	// one entry per token row; the bound is a backstop, not a policy.
	if len(a.cache) > 10000 {
		clear(a.cache)
	}
	a.cache[hash] = cachedToken{tok: tok, fetched: now}
	a.mu.Unlock()
	return tok, nil
}

// live checks that a token is neither revoked nor expired (TokenState) and has a role.
func (a *Authenticator) live(tok store.Token) error {
	switch TokenState(tok, a.now()) {
	case StateRevoked:
		return &Failure{Invalid: true, Message: "this token has been revoked"}
	case StateExpired:
		return &Failure{Invalid: true, Message: fmt.Sprintf("this token expired at %s", tok.ExpiresAt.UTC().Format(time.RFC3339))}
	}
	if _, err := ParseRole(tok.Role); err != nil {
		return &Failure{Invalid: true, Message: "this token has no valid role"}
	}
	return nil
}

// StillValid reports whether p's credentials still hold (a token may since have been revoked
// or have expired): long-lived streams check it from time to time.
func (a *Authenticator) StillValid(ctx context.Context, p Principal) error {
	if p.Kind != KindToken {
		return nil
	}
	tok, err := a.lookup(ctx, p.tokenHash)
	if err != nil {
		return err
	}
	return a.live(tok)
}

// Forget drops what the cache holds of a token (after it was revoked here).
func (a *Authenticator) Forget(tokenID int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for h, c := range a.cache {
		if c.tok.ID == tokenID {
			delete(a.cache, h)
		}
	}
}

// touch records, at most once a minute per token and without making the request wait, that a
// token was used.
func (a *Authenticator) touch(id int64) {
	now := a.now()
	a.mu.Lock()
	if last, ok := a.touched[id]; ok && now.Sub(last) < touchEvery {
		a.mu.Unlock()
		return
	}
	a.touched[id] = now
	a.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		at := now.UTC().Truncate(time.Minute)
		err := a.store.ApplyOther(ctx, func(q store.Querier) error {
			return q.TokenTouch(ctx, store.TokenTouchParams{ID: id, LastUsedAt: &at})
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			a.log.Warn("record when a token was last used", "token_id", id, "error", err)
		}
	}()
}

// proxyIdentity is the user a trusted proxy vouches for (nil when none). The identity headers
// are removed from requests that did not come from a trusted proxy.
func (a *Authenticator) proxyIdentity(r *http.Request) (*Principal, error) {
	if !a.cfg.Mode.Proxy {
		return nil, nil
	}
	if !a.cfg.trustedPeer(r.RemoteAddr) {
		for _, h := range []string{a.cfg.ProxyHeader, a.cfg.EmailHeader, a.cfg.GroupsHeader} {
			if h != "" {
				r.Header.Del(h)
			}
		}
		return nil, nil
	}
	user := strings.TrimSpace(r.Header.Get(a.cfg.ProxyHeader))
	if user == "" {
		return nil, nil
	}
	if len(user) > 255 || strings.ContainsFunc(user, unicode.IsControl) {
		return nil, &Failure{Invalid: true, Message: "the SSO proxy's user header does not hold a usable user name"}
	}
	var groups []string
	if a.cfg.GroupsHeader != "" {
		for _, v := range r.Header.Values(a.cfg.GroupsHeader) {
			groups = append(groups, strings.Split(v, ",")...)
		}
	}
	p := &Principal{Actor: user, Kind: KindProxy, Role: a.cfg.proxyRole(groups)}
	if a.cfg.EmailHeader != "" {
		p.Email = strings.TrimSpace(r.Header.Get(a.cfg.EmailHeader))
	}
	return p, nil
}
