package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/instances"
)

func newVerifyCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the history's hash chain: exit 1 if any record was altered or removed",
		Long: "Recomputes the hash of every history record from its content and its predecessor's hash, oldest\n" +
			"first. A record changed or deleted outside IIMS breaks the chain from there on; the first break is\n" +
			"reported and the command exits 1. Keep the printed head hash somewhere else (a ticket, a log): if\n" +
			"the newest records were ever removed, the chain would end before it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withExistingStore(cmd, func(st storeHandle) error { return verify(cmd, st) })
		},
	}
}

func verify(cmd *cobra.Command, st storeHandle) error {
	r, err := instances.NewService(st).VerifyHistory(cmd.Context())
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "records checked: %d\n", r.Checked)
	if r.Unhashed > 0 {
		fmt.Fprintf(out, "records without a hash (written around IIMS): %d\n", r.Unhashed)
	}
	fmt.Fprintf(out, "head:            history id %d, hash %s\n", r.HeadID, r.HeadHash)
	if r.BrokenAtID != 0 {
		fmt.Fprintf(out, "BROKEN:          history record %d does not match its hash: it, or one before it, was altered or removed\n", r.BrokenAtID)
		return exitCode(1)
	}
	fmt.Fprintln(out, "chain:           intact")
	return nil
}
