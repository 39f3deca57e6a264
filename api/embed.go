// Package api embeds api/openapi.yaml, the contract of the IIMS HTTP API. The server validates
// every request against it and serves it at /openapi.yaml and /openapi.json; gen/api and the
// frontend's client are generated from it.
package api

import (
	_ "embed"
	"fmt"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is the spec exactly as written.
//
//go:embed openapi.yaml
var YAML []byte

// defineFormats makes kin-openapi's date-time check the parser the server uses (Go's RFC 3339),
// so that what passes validation also parses: the default pattern admits a 60th second
// (2024-01-15T00:00:60Z) and a missing zone, which then failed as an undeclared 400.
var defineFormats = sync.OnceFunc(func() {
	openapi3.DefineStringFormatValidator("date-time", openapi3.NewCallbackValidator(func(s string) error {
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return fmt.Errorf("must be an RFC 3339 date-time such as 2024-01-15T10:30:00Z")
		}
		return nil
	}))
})

// Load parses and validates the spec.
func Load() (*openapi3.T, error) {
	defineFormats()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, fmt.Errorf("parse api/openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("invalid api/openapi.yaml: %w", err)
	}
	return doc, nil
}
