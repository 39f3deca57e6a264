// Package api embeds api/openapi.yaml, the contract of the IIMS HTTP API. The server validates
// every request against it and serves it at /openapi.yaml and /openapi.json; gen/api and the
// frontend's client are generated from it.
package api

import (
	_ "embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is the spec exactly as written.
//
//go:embed openapi.yaml
var YAML []byte

// Load parses and validates the spec.
func Load() (*openapi3.T, error) {
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
