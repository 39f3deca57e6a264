package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/store"
)

// storeHandle is what the database subcommands need of a store.
type storeHandle = *store.Store

func newCheckDBCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "check-db",
		Short: "Test the database connection: engine, server version, migration state",
		Long: "Connects to DATABASE_URL (or --database-url) and reports the engine, the server version, the\n" +
			"round-trip time and which migrations are applied. Exits non-zero when the database cannot be\n" +
			"reached (1) or has pending migrations (2).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.loadConfig(cmd)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "database:   %s\n", store.Redacted(cfg.DatabaseURL))
			if t, err := store.ParseURL(cfg.DatabaseURL); err != nil {
				return err
			} else if t.Engine == store.EngineSQLite && t.Path != ":memory:" {
				if _, err := os.Stat(t.Path); err != nil {
					return fmt.Errorf("SQLite database file %s does not exist (iims serve or iims migrate up creates it): %w", t.Path, err)
				}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), time.Duration(max(cfg.DBConnectTimeout, 1))*time.Second+5*time.Second)
			defer cancel()
			st, err := openStore(ctx, cfg)
			if err != nil {
				return fmt.Errorf("cannot connect: %w", err)
			}
			defer st.Close()
			latency, err := st.Ping(ctx)
			if err != nil {
				return fmt.Errorf("connected, but the database does not answer: %w", err)
			}
			ver, err := st.ServerVersion(ctx)
			if err != nil {
				return fmt.Errorf("read server version: %w", err)
			}
			if st.Engine() == store.EngineMySQL { // one engine, two servers: say which
				fmt.Fprintf(out, "engine:     %s (%s) %s\n", st.Engine(), store.MySQLFlavor(ver), ver)
			} else {
				fmt.Fprintf(out, "engine:     %s %s\n", st.Engine(), ver)
			}
			fmt.Fprintf(out, "round trip: %s\n", latency.Round(10*time.Microsecond))
			applied, pending, err := st.MigrationCounts(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "migrations: %d applied, %d pending\n", applied, pending)
			if pending > 0 {
				fmt.Fprintln(out, "status:     reachable, but not migrated (run `iims migrate up`, or start `iims serve`, which migrates)")
				return exitCode(2)
			}
			fmt.Fprintln(out, "status:     OK")
			return nil
		},
	}
}
