// Package auth decides who a request comes from and what it may do: API tokens
// (`Authorization: Bearer iims_…`, stored only as hashes), users vouched for by a trusted SSO
// proxy, or — where access control is off — anyone. Authorisation is one table from operation
// to the least role it needs, read from the spec (x-required-role).
package auth

import (
	"context"
	"fmt"
)

// Role is what a caller may do; each includes the ones before it.
type Role string

const (
	RoleViewer Role = "viewer" // read, export, follow events
	RoleEditor Role = "editor" // + change instances (writes, bulk, import, revert, undo)
	RoleAdmin  Role = "admin"  // + manage tokens
)

// Roles lists the roles from least to most.
var Roles = []Role{RoleViewer, RoleEditor, RoleAdmin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Allows reports whether a caller with role r may do what needs role need (a caller without a
// role may do nothing).
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && r.rank() > 0 }

// ParseRole accepts a role's name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.rank() > 0 {
		return r, nil
	}
	return "", fmt.Errorf("role %q is not one of viewer, editor, admin", s)
}

// How a caller was identified.
const (
	KindAnonymous = "anonymous" // access control is off
	KindToken     = "token"
	KindProxy     = "proxy"
)

// Principal is the caller of a request.
type Principal struct {
	Actor   string // the token's name, the proxy's user, or "anonymous"
	Kind    string
	Role    Role
	Email   string // from the proxy, when it sends one
	TokenID int64  // the token's id (KindToken)

	tokenHash string // to check again later (StillValid)
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller in ctx (ok false when authentication has not run).
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
