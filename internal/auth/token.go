package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// TokenPrefix starts every IIMS token, so that secret scanners (and people) recognise a leaked one.
const TokenPrefix = "iims_"

// NewToken returns a new secret token — 32 random bytes, base64url — and the hash to store.
func NewToken() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret), nil
}

// HashToken is what is stored of a token: its SHA-256, hex. (A token is 256 random bits: no
// slow hash is needed to make guessing it from the hash hopeless.)
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// DisplayPrefix is the part of a token that may be shown to tell tokens apart ("iims_Ab3dE9x…").
func DisplayPrefix(secret string) string {
	if len(secret) > len(TokenPrefix)+7 {
		return secret[:len(TokenPrefix)+7]
	}
	return secret
}

// LooksLikeToken reports whether s has an IIMS token's shape (before any lookup).
func LooksLikeToken(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	return ok && len(rest) == 43 && !strings.ContainsFunc(rest, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	})
}
