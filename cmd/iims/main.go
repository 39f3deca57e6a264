// Command iims is the Inference Instances Management System: one binary that serves the API and
// web UI, migrates and checks its database, and moves data in and out.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/config"
	"github.com/iims/iims/internal/store"
	"github.com/iims/iims/internal/version"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.message != "" { // else the command has already explained itself
				fmt.Fprintln(os.Stderr, "iims:", ee.message)
			}
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "iims:", err)
		os.Exit(1)
	}
}

// exitError asks for a particular exit status (see docs/cli.md), saying why unless the command
// has already printed it.
type exitError struct {
	code    int
	message string
}

func (e *exitError) Error() string {
	if e.message == "" {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.message
}

// exitCode ends with status code, the command having explained itself.
func exitCode(code int) error { return &exitError{code: code} }

// globalFlags are shared by every subcommand.
type globalFlags struct {
	envFile     string
	databaseURL string
}

func newRootCmd() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:           "iims",
		Short:         "Inference Instances Management System",
		Long:          "IIMS keeps the truth about every LLM inference deployment and the audited history of every change to it.",
		Version:       version.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.envFile, "env-file", ".env", "read settings from this file when it exists (the environment wins)")
	root.PersistentFlags().StringVar(&g.databaseURL, "database-url", "", "database URL, overrides DATABASE_URL (sqlite:///file.db or postgresql://…)")
	// Two kinds of data commands: through a server's API (anywhere, with a token), and directly on
	// the database (for the operator who runs it: bootstrap, migration, recovery). --help groups them.
	root.AddGroup(&cobra.Group{ID: "api", Title: "Through the API of a server (--server URL or IIMS_SERVER, IIMS_TOKEN):"},
		&cobra.Group{ID: "database", Title: "Directly on the database (--database-url or DATABASE_URL):"})
	for _, c := range []*cobra.Command{newInstancesCmd(), newHistoryCmd(), newApplyCmd(), newWatchCmd(), newRevertCmd(), newRestoreCmd(), newUndoCmd()} {
		c.GroupID = "api"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{newServeCmd(g), newMigrateCmd(g), newCheckDBCmd(g), newExportCmd(g), newImportCmd(g), newVerifyCmd(g), newTokenCmd(g)} {
		c.GroupID = "database"
		root.AddCommand(c)
	}
	root.AddCommand(newHealthcheckCmd(g), newVersionCmd())
	// A bad flag is a usage error (exit 2), as for the remote commands' own checks.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err.Error()) })
	return root
}

// loadConfig reads .env and the environment, then applies the flags that were set.
func (g *globalFlags) loadConfig(cmd *cobra.Command) (config.Config, error) {
	cfg, err := config.Load(g.envFile)
	if err != nil {
		return cfg, err
	}
	if cmd.Flags().Changed("database-url") {
		cfg.DatabaseURL = g.databaseURL
	}
	return cfg, nil
}

// withStore runs fn with the configured database open, and closes it afterwards.
func (g *globalFlags) withStore(cmd *cobra.Command, fn func(st *store.Store) error) error {
	cfg, err := g.loadConfig(cmd)
	if err != nil {
		return err
	}
	st, err := openStore(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// withExistingStore is withStore for commands that read what is there (export, verify): it
// refuses a SQLite file that does not exist (opening it would create an empty one) and a
// database whose migrations are not all applied, with a message saying what to do.
func (g *globalFlags) withExistingStore(cmd *cobra.Command, fn func(st *store.Store) error) error {
	cfg, err := g.loadConfig(cmd)
	if err != nil {
		return err
	}
	if target, err := store.ParseURL(cfg.DatabaseURL); err == nil && target.Engine == store.EngineSQLite && target.Path != ":memory:" {
		if _, err := os.Stat(target.Path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no database at %s: check DATABASE_URL or --database-url", target.Path)
		}
	}
	return g.withStore(cmd, func(st *store.Store) error {
		applied, pending, err := st.MigrationCounts(cmd.Context())
		if err != nil {
			return err
		}
		if pending > 0 {
			return fmt.Errorf("the database has %d of %d migrations pending: run `iims migrate up` (or start `iims serve` once) first", pending, applied+pending)
		}
		return fn(st)
	})
}

// openStore connects to the configured database.
func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	return store.Open(ctx, cfg.DatabaseURL, store.PoolConfig{
		Size:           cfg.DBPoolSize,
		MaxOverflow:    cfg.DBMaxOverflow,
		Recycle:        time.Duration(cfg.DBPoolRecycle) * time.Second,
		ConnectTimeout: time.Duration(cfg.DBConnectTimeout) * time.Second,
	})
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run:   func(cmd *cobra.Command, _ []string) { fmt.Fprintln(cmd.OutOrStdout(), "iims", version.Version) },
	}
}
