package main

import (
	"context"
	"os"
	"os/user"
	"strings"

	"github.com/iims/iims/internal/provenance"
)

// osUser is who runs the CLI: the actor of the changes it writes directly to the database.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if name := os.Getenv("USER"); name != "" {
		return name
	}
	return "cli"
}

// cliChange returns ctx carrying the provenance of a change the CLI writes: the OS user, via the
// CLI, and the reason given with --reason.
func cliChange(ctx context.Context, reason string) context.Context {
	return provenance.With(ctx, provenance.Provenance{Actor: osUser(), Via: provenance.ViaCLI, Reason: strings.TrimSpace(reason)})
}
