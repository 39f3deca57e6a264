package main

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/instances"
)

func newVerifyCmd(g *globalFlags) *cobra.Command {
	var treeHead string
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the history's tamper evidence: exit 1 if any record was altered or removed",
		Long: "Recomputes the hash of every history record from its content and its instance's previous record,\n" +
			"rebuilds the Merkle log of the whole history (in history id order) and checks every tree head the\n" +
			"server sealed into it. A record changed or deleted outside IIMS breaks its instance's chain or a\n" +
			"tree head; the first problem is reported and the command exits 1.\n\n" +
			"Keep the printed tree head (size:root) somewhere IIMS cannot write — a ticket, a log, a monitor —\n" +
			"and pass it back later with --tree-head: a consistency proof (RFC 9162) then shows that the history\n" +
			"as it is now extends the history as it was, even if someone rewrote the database and its tree heads.\n" +
			"Direct database access: this command reads DATABASE_URL, not the API.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ext *instances.TreeHeadRef
			if treeHead != "" {
				ref, err := parseTreeHead(treeHead)
				if err != nil {
					return err
				}
				ext = &ref
			}
			return g.withExistingStore(cmd, func(st storeHandle) error { return verify(cmd, st, ext) })
		},
	}
	cmd.Flags().StringVar(&treeHead, "tree-head", "", "a tree head printed by an earlier verify (SIZE:ROOT) that the history must still extend")
	return cmd
}

func parseTreeHead(s string) (instances.TreeHeadRef, error) {
	size, root, ok := strings.Cut(s, ":")
	n, err := strconv.ParseUint(size, 10, 64)
	r, herr := hex.DecodeString(root)
	if !ok || err != nil || herr != nil || len(r) != 32 {
		return instances.TreeHeadRef{}, fmt.Errorf("--tree-head %q: want SIZE:ROOT, e.g. 1042:9f2c…, as verify prints it", s)
	}
	return instances.TreeHeadRef{Size: n, Root: r}, nil
}

func verify(cmd *cobra.Command, st storeHandle, ext *instances.TreeHeadRef) error {
	r, err := instances.NewService(st).VerifyHistory(cmd.Context(), ext)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "records checked: %d\n", r.Checked)
	if r.Unhashed > 0 {
		fmt.Fprintf(out, "records without a hash (written around IIMS): %d\n", r.Unhashed)
	}
	fmt.Fprintf(out, "tree heads:      %d sealed heads match the log\n", r.TreeHeads)
	fmt.Fprintf(out, "tree head now:   %d:%s (history id %d)\n", r.LogSize, r.LogRoot, r.HeadID)
	if ext != nil {
		note := r.External
		if note == "consistent" {
			note += ": the history extends it, and the records it covers keep their hashes"
		}
		fmt.Fprintf(out, "--tree-head:     %s\n", note)
	}
	if r.BrokenAtID != 0 {
		fmt.Fprintf(out, "BROKEN:          history record %d does not match its hash: it, or an earlier record of its instance, was altered or removed\n", r.BrokenAtID)
	}
	if r.BadTreeHead != 0 {
		fmt.Fprintf(out, "BROKEN:          the sealed tree head of size %d does not match the history: records up to it were altered, removed or reordered\n", r.BadTreeHead)
	}
	if !r.Intact() {
		return exitCode(1)
	}
	fmt.Fprintln(out, "history:         intact")
	return nil
}
