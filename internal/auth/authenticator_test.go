package auth

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/testutil/dbtest"
)

// A token revoked through another replica (here: straight in the store, which this
// authenticator's Forget never hears of) stops working once its cached entry is older than the
// cache's TTL — the bound docs/security.md gives — and not before.
func TestRevocationElsewhereEndsWithTheCacheTTL(t *testing.T) {
	st := dbtest.Open(t, store.EngineSQLite)
	ctx := context.Background()
	start := time.Now()
	tok, secret, err := CreateToken(ctx, st, NewTokenRequest{Name: "ci", Role: RoleEditor, CreatedBy: "test"}, start)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Settings{Mode: "token"}.Resolve("0.0.0.0")
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuthenticator(cfg, st, nil)
	now := start
	a.now = func() time.Time { return now }
	call := func() error {
		r := httptest.NewRequest("GET", "/api/instances", nil)
		r.Header.Set("Authorization", "Bearer "+secret)
		_, err := a.Authenticate(r)
		return err
	}
	if err := call(); err != nil {
		t.Fatalf("a fresh token: %v", err)
	}
	if _, err := RevokeToken(ctx, st, tok.ID, start); err != nil {
		t.Fatal(err)
	}
	now = start.Add(tokenCacheTTL - time.Second)
	if err := call(); err != nil {
		t.Fatalf("within the TTL the cached token still works (this replica was not told): %v", err)
	}
	now = start.Add(tokenCacheTTL + time.Second)
	var failure *Failure
	if err := call(); !errors.As(err, &failure) || failure.Message != "this token has been revoked" {
		t.Fatalf("after the TTL: %v, want revoked", err)
	}
	// Here, revoking forgets at once.
	tok2, secret2, _ := CreateToken(ctx, st, NewTokenRequest{Name: "ci-2", Role: RoleViewer, CreatedBy: "test"}, now)
	secret = secret2
	if err := call(); err != nil {
		t.Fatal(err)
	}
	if _, err := RevokeToken(ctx, st, tok2.ID, now); err != nil {
		t.Fatal(err)
	}
	a.Forget(tok2.ID)
	if err := call(); !errors.As(err, &failure) {
		t.Fatalf("a token revoked and forgotten here still works: %v", err)
	}
}
