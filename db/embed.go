// Package db embeds the goose migrations of every engine; internal/store applies them at start-up.
package db

import "embed"

// Migrations holds migrations/postgres, migrations/sqlite and migrations/mysql (one directory per
// engine, the same numbering in each).
//
//go:embed migrations
var Migrations embed.FS
