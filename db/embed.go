// Package db embeds the goose migrations of both engines; internal/store applies them at start-up.
package db

import "embed"

// Migrations holds migrations/postgres and migrations/sqlite.
//
//go:embed migrations
var Migrations embed.FS
