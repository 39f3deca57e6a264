package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newMigrateCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply, roll back or list database migrations",
	}
	run := func(fn func(cmd *cobra.Command, st storeHandle) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, _ []string) error {
			return g.withStore(cmd, func(st storeHandle) error { return fn(cmd, st) })
		}
	}
	cmd.AddCommand(&cobra.Command{
		Use: "up", Short: "Apply every pending migration", Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, st storeHandle) error {
			n, err := st.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "applied %d migration(s)\n", n)
			return nil
		}),
	}, &cobra.Command{
		Use: "down", Short: "Roll back the most recent migration", Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, st storeHandle) error {
			v, err := st.MigrateDown(cmd.Context())
			if err != nil {
				return err
			}
			if v == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "nothing to roll back")
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "rolled back migration %05d\n", v)
			}
			return nil
		}),
	}, &cobra.Command{
		Use: "status", Short: "List migrations and whether each is applied", Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, st storeHandle) error {
			list, err := st.MigrationStatuses(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "VERSION\tSTATE\tFILE")
			for _, m := range list {
				state := "pending"
				if m.Applied {
					state = "applied"
				}
				fmt.Fprintf(w, "%05d\t%s\t%s\n", m.Version, state, m.Source)
			}
			return w.Flush()
		}),
	})
	return cmd
}
