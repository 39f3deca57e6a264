// Package provenance carries who made a change, through what and why, from where a request
// enters (the HTTP API, the CLI) to the history record it writes — as plain values in the
// context, so that the domain knows nothing of HTTP or tokens.
package provenance

import "context"

// How a change reached IIMS.
const (
	ViaAPI    = "api"    // the REST API (scripts, SDKs, curl)
	ViaWeb    = "web"    // the web app
	ViaCLI    = "cli"    // the command line
	ViaImport = "import" // an import (through the API or `iims import`)
)

// Anonymous is the actor of a change made without credentials (AUTH=off).
const Anonymous = "anonymous"

// ReasonMaxLen bounds a change's reason (characters).
const ReasonMaxLen = 500

// Provenance is who made a change, how, and why (Reason may be empty).
type Provenance struct {
	Actor, Via, Reason string
}

type key struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p Provenance) context.Context { return context.WithValue(ctx, key{}, p) }

// From returns the provenance in ctx; without one, an anonymous change through the API.
func From(ctx context.Context) Provenance {
	if p, ok := ctx.Value(key{}).(Provenance); ok {
		return p
	}
	return Provenance{Actor: Anonymous, Via: ViaAPI}
}

// WithReason returns ctx with the reason of its provenance replaced (a reason given in a body).
func WithReason(ctx context.Context, reason string) context.Context {
	p := From(ctx)
	p.Reason = reason
	return With(ctx, p)
}
